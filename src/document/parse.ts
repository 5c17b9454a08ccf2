import { SaxesParser } from 'saxes';
import { MarkupError, type SourcePosition } from '../diagnostics.js';
import { SOURCE_PI_TARGET } from '../templates/index.js';

export interface MarkupElement {
  kind: 'element';
  name: string;
  attributes: Record<string, string>;
  children: MarkupNode[];
  at: SourcePosition;
}

export interface MarkupText {
  kind: 'text';
  text: string;
  at: SourcePosition;
}

export type MarkupNode = MarkupElement | MarkupText;

/**
 * Parses XML markup into a plain element tree. Positions come from the `<?src?>` instructions
 * the template stage put before each tag, so errors point into the template, not into the output.
 */
export function parseElements(markup: string, file: string): MarkupElement {
  const parser = new SaxesParser({ position: true });
  const open: MarkupElement[] = [];
  let root: MarkupElement | undefined;
  let here: SourcePosition = { file };
  let lastClosed: MarkupElement | undefined;

  parser.on('processinginstruction', ({ target, body }) => {
    if (target === SOURCE_PI_TARGET) here = parseSourcePosition(body);
  });
  parser.on('opentag', (tag) => {
    const element: MarkupElement = { kind: 'element', name: tag.name, attributes: { ...tag.attributes } as Record<string, string>, children: [], at: here };
    open.at(-1)?.children.push(element);
    root ??= element;
    open.push(element);
  });
  parser.on('closetag', () => {
    lastClosed = open.pop();
  });
  parser.on('text', (text) => {
    open.at(-1)?.children.push({ kind: 'text', text, at: here });
  });

  try {
    parser.write(markup).close();
  } catch (cause) {
    throw describeSaxesError(cause, { open, lastClosed, here, closing: closingTagBefore(markup, parser.position) });
  }
  if (!root) throw new MarkupError('the template produced no document', { file, hint: 'a template must contain one <document> element' });
  return root;
}

function parseSourcePosition(body: string): SourcePosition {
  const match = /^(.*):(\d+):(\d+)$/.exec(body.trim());
  return match ? { file: match[1], line: Number(match[2]), column: Number(match[3]) } : {};
}

interface ErrorContext {
  open: readonly MarkupElement[];
  /** saxes closes the elements a mismatched end tag skips over before it complains. */
  lastClosed: MarkupElement | undefined;
  here: SourcePosition;
  /** Name of the last end tag read before the error, if any. */
  closing: string | undefined;
}

function describeSaxesError(cause: unknown, { open, lastClosed, here, closing }: ErrorContext): MarkupError {
  // saxes prefixes "line:column: " of the filled markup, which the user never sees.
  const message = String((cause as Error).message ?? cause).replace(/^(?:[^:\n]*:)?\d+:\d+: /, '');
  if (/unexpected close tag/.test(message) && lastClosed && closing) {
    return open.some((element) => element.name === closing)
      ? neverClosed(lastClosed, `add </${lastClosed.name}> before </${closing}>`, cause)
      : new MarkupError(`</${closing}> does not match the open <${lastClosed.name}>`, { ...here, hint: `remove </${closing}> or close <${lastClosed.name}> instead`, cause });
  }
  const innermost = open.at(-1);
  if (/unclosed tag/.test(message) && innermost) return neverClosed(innermost, `add </${innermost.name}> where the element ends`, cause);
  return new MarkupError(`markup is not well-formed: ${message.replace(/\.$/, '')}`, { ...here, hint: 'check the tags near this line', cause });
}

function neverClosed(element: MarkupElement, hint: string, cause: unknown): MarkupError {
  return new MarkupError(`<${element.name}> is never closed`, { ...element.at, hint, cause });
}

function closingTagBefore(markup: string, position: number): string | undefined {
  const start = markup.lastIndexOf('</', position);
  return start < 0 ? undefined : /^<\/([^\s>]+)/.exec(markup.slice(start))?.[1];
}
