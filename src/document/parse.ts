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
    open.pop();
  });
  parser.on('text', (text) => {
    open.at(-1)?.children.push({ kind: 'text', text, at: here });
  });

  try {
    parser.write(markup).close();
  } catch (cause) {
    throw describeSaxesError(cause, open.at(-1), here);
  }
  if (!root) throw new MarkupError('the template produced no document', { file, hint: 'a template must contain one <document> element' });
  return root;
}

function parseSourcePosition(body: string): SourcePosition {
  const match = /^(.*):(\d+):(\d+)$/.exec(body.trim());
  return match ? { file: match[1], line: Number(match[2]), column: Number(match[3]) } : {};
}

function describeSaxesError(cause: unknown, innermost: MarkupElement | undefined, here: SourcePosition): MarkupError {
  // saxes prefixes "line:column: " of the filled markup, which the user never sees.
  const message = String((cause as Error).message ?? cause).replace(/^[^:]*:\d+:\d+: /, '');
  if (/unclosed tag/.test(message) && innermost) {
    return new MarkupError(`<${innermost.name}> is never closed`, { ...innermost.at, hint: `add </${innermost.name}> where the element ends`, cause });
  }
  if (/unexpected close tag/.test(message) && innermost) {
    return new MarkupError(`${message}; <${innermost.name}> is still open`, { ...here, hint: `close <${innermost.name}> first`, cause });
  }
  return new MarkupError(`markup is not well-formed: ${message}`, { ...here, hint: 'check the tags near this line', cause });
}
