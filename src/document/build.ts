import { MarkupError } from '../diagnostics.js';
import type { MarkupElement } from './parse.js';
import type { Block, DocumentMetadata, FieldKind, FieldOption, ParagraphVariant, Step, Texts } from './types.js';

/** Every tag of the vocabulary with the attributes it accepts. */
const ATTRIBUTES: Record<string, readonly string[]> = {
  document: ['lang', 'secondary-lang', 'title', 'subject', 'footer', 'pages'],
  h1: [],
  h2: [],
  h3: [],
  p: ['variant'],
  list: [],
  steps: [],
  step: [],
  title: [],
  checklist: [],
  item: [],
  field: ['id', 'type', 'lines', 'max-length'],
  label: [],
  option: ['id'],
  signature: [],
  sign: [],
  date: [],
  note: [],
  box: [],
  pagebreak: [],
  primary: [],
  secondary: [],
};

const MAX_FIELD_LINES = 6;
const FIELD_KINDS: readonly FieldKind[] = ['text', 'phone', 'date', 'choice', 'checkboxes'];
const VARIANTS: readonly ParagraphVariant[] = ['body', 'lead', 'subtitle'];

type BlockBuilder = (element: MarkupElement) => Block;

const BLOCK_BUILDERS: Record<string, BlockBuilder> = {
  h1: (element) => ({ type: 'heading', level: 1, text: readTexts(element), at: element.at }),
  h2: (element) => ({ type: 'heading', level: 2, text: readTexts(element), at: element.at }),
  h3: (element) => ({ type: 'heading', level: 3, text: readTexts(element), at: element.at }),
  p: (element) => ({ type: 'paragraph', variant: readEnum(element, 'variant', VARIANTS, 'body'), text: readTexts(element), at: element.at }),
  list: (element) => ({ type: 'list', items: childElements(element, ['item']).map(readTexts), at: element.at }),
  checklist: (element) => ({ type: 'checklist', items: childElements(element, ['item']).map(readTexts), at: element.at }),
  steps: (element) => ({ type: 'steps', steps: childElements(element, ['step']).map(readStep), at: element.at }),
  field: readField,
  signature: (element) => {
    const children = childElements(element, ['sign', 'date']);
    if (!['sign', 'sign,date'].includes(children.map((child) => child.name).join(','))) {
      throw structureError(element, '<signature> must contain <sign>, then optionally <date>');
    }
    const [sign, date] = children;
    return { type: 'signature', sign: readTexts(sign!), ...(date ? { date: readTexts(date) } : {}), at: element.at };
  },
  note: (element) => ({ type: 'note', body: readBlocks(element, ['p', 'list']), at: element.at }),
  box: (element) => {
    const [title, ...body] = childElements(element, ['title', 'p', 'field', 'signature']);
    if (title?.name !== 'title') throw structureError(element, `<box> must start with <title>`);
    return { type: 'box', title: readTexts(title), body: body.map(readBlock), at: element.at };
  },
  pagebreak: (element) => {
    childElements(element, []);
    return { type: 'pagebreak', at: element.at };
  },
};

const TOP_LEVEL_BLOCKS = Object.keys(BLOCK_BUILDERS);

/** Turns the checked element tree into the typed blocks and metadata of a document. */
export function buildDocument(root: MarkupElement): { metadata: DocumentMetadata; blocks: Block[] } {
  checkTag(root);
  if (root.name !== 'document') throw structureError(root, `the root element must be <document>, not <${root.name}>`);
  return { metadata: readMetadata(root), blocks: readBlocks(root, TOP_LEVEL_BLOCKS) };
}

function readMetadata(root: MarkupElement): DocumentMetadata {
  const pages = root.attributes.pages;
  if (pages !== undefined && !/^[1-9]\d*$/.test(pages)) throw attributeError(root, 'pages', 'must be a whole number of pages, such as "1"');
  return {
    title: requireAttribute(root, 'title'),
    subject: root.attributes.subject ?? '',
    lang: requireAttribute(root, 'lang'),
    secondaryLang: root.attributes['secondary-lang'] ?? requireAttribute(root, 'lang'),
    footer: root.attributes.footer ?? '',
    maxPages: pages === undefined ? undefined : Number(pages),
  };
}

function readBlocks(parent: MarkupElement, allowed: readonly string[]): Block[] {
  return childElements(parent, allowed).map(readBlock);
}

function readBlock(element: MarkupElement): Block {
  const build = BLOCK_BUILDERS[element.name];
  if (!build) throw structureError(element, `<${element.name}> cannot be used here`);
  return build(element);
}

function readStep(element: MarkupElement): Step {
  const [title, ...body] = childElements(element, ['title', 'p', 'list', 'note']);
  if (title?.name !== 'title') throw structureError(element, '<step> must start with <title>');
  return { title: readTexts(title), body: body.map(readBlock) };
}

function readField(element: MarkupElement): Block {
  const id = requireAttribute(element, 'id');
  const kind = readEnum(element, 'type', FIELD_KINDS, 'text');
  const [label, ...options] = childElements(element, ['label', 'option']);
  if (label?.name !== 'label') throw structureError(element, '<field> must start with <label>');
  const hasOptions = kind === 'choice' || kind === 'checkboxes';
  if (hasOptions !== options.length > 0) {
    throw structureError(element, hasOptions ? `a ${kind} field needs <option> elements` : `a ${kind} field cannot have <option> elements`);
  }
  const lines = readCount(element, 'lines', { most: MAX_FIELD_LINES, what: 'write-in lines' }) ?? 1;
  const maxLength = readCount(element, 'max-length', { most: Infinity, what: 'characters' });
  return { type: 'field', id, kind, label: readTexts(label), options: options.map(readOption), lines, ...(maxLength === undefined ? {} : { maxLength }), at: element.at };
}

/** A whole number attribute from 1 to the most allowed, or undefined when absent. */
function readCount(element: MarkupElement, name: string, { most, what }: { most: number; what: string }): number | undefined {
  const value = element.attributes[name];
  if (value === undefined) return undefined;
  const count = /^[1-9]\d*$/.test(value) ? Number(value) : NaN;
  if (!(count <= most)) throw attributeError(element, name, `must be a whole number of ${what}${most === Infinity ? '' : ` from 1 to ${most}`}, such as "2"`);
  return count;
}

function readOption(element: MarkupElement): FieldOption {
  if (element.name !== 'option') throw structureError(element, '<label> must come before the options');
  return { id: requireAttribute(element, 'id'), label: readTexts(element) };
}

/**
 * A bilingual container: one <primary> and/or one <secondary>, nothing else. A text the same in
 * both languages, such as a name (`UMID`, `Alipay`), is one text: printed once, not `UMID / UMID`.
 */
function readTexts(element: MarkupElement): Texts {
  const texts: Texts = {};
  for (const child of childElements(element, ['primary', 'secondary'])) {
    const role = child.name as keyof Texts;
    if (texts[role] !== undefined) throw structureError(child, `<${element.name}> has more than one <${role}>`);
    texts[role] = readCharacters(child);
  }
  if (texts.primary === undefined && texts.secondary === undefined) {
    throw structureError(element, `<${element.name}> needs a <primary> or <secondary> text`);
  }
  return texts.primary === texts.secondary ? { primary: texts.primary } : texts;
}

function readCharacters(element: MarkupElement): string {
  checkTag(element);
  const nested = element.children.find((child) => child.kind === 'element');
  if (nested) throw structureError(nested, `<${element.name}> can only contain text`);
  return element.children
    .map((child) => (child.kind === 'text' ? child.text : ''))
    .join('')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** The element children of a container, each checked; stray text is an error. */
function childElements(parent: MarkupElement, allowed: readonly string[]): MarkupElement[] {
  checkTag(parent);
  const elements: MarkupElement[] = [];
  for (const child of parent.children) {
    if (child.kind === 'text') {
      // The text itself is not quoted: on a prefilled form it could be personal data.
      if (child.text.trim()) throw new MarkupError(`text is not allowed directly inside <${parent.name}>`, { ...child.at, hint: 'put text inside <primary> or <secondary>' });
      continue;
    }
    checkTag(child);
    if (!allowed.includes(child.name)) {
      const hint = allowed.length ? `<${parent.name}> may contain ${allowed.map((name) => `<${name}>`).join(' ')}` : `<${parent.name}> must be empty`;
      throw new MarkupError(`<${child.name}> is not allowed inside <${parent.name}>`, { ...child.at, hint });
    }
    elements.push(child);
  }
  return elements;
}

function checkTag(element: MarkupElement): void {
  const accepted = ATTRIBUTES[element.name];
  if (!accepted) {
    throw new MarkupError(`unknown tag <${element.name}>`, { ...element.at, hint: `known tags: ${Object.keys(ATTRIBUTES).join(', ')}` });
  }
  for (const name of Object.keys(element.attributes)) {
    if (!accepted.includes(name)) {
      const hint = accepted.length ? `<${element.name}> accepts ${accepted.join(', ')}` : `<${element.name}> takes no attributes`;
      throw new MarkupError(`unknown attribute "${name}" on <${element.name}>`, { ...element.at, hint });
    }
  }
}

function requireAttribute(element: MarkupElement, name: string): string {
  const value = element.attributes[name];
  if (value === undefined || value.trim() === '') throw attributeError(element, name, 'is required');
  return value;
}

function readEnum<T extends string>(element: MarkupElement, name: string, values: readonly T[], fallback: T): T {
  const value = element.attributes[name];
  if (value === undefined) return fallback;
  if (!values.includes(value as T)) throw attributeError(element, name, `must be one of ${values.join(', ')}`);
  return value as T;
}

function attributeError(element: MarkupElement, name: string, problem: string): MarkupError {
  return new MarkupError(`attribute "${name}" on <${element.name}> ${problem}`, element.at);
}

function structureError(element: MarkupElement, message: string): MarkupError {
  return new MarkupError(message, element.at);
}
