import { CST, visit, type Document } from 'yaml';
import { FOLD } from './text.js';

/**
 * Reads every text folded over several lines again, with a mark where each of its lines ended,
 * so that normalizeText can tell a folded line break from a space written in the text. Needs a
 * document parsed with `keepSourceTokens`.
 */
export function markFolds(document: Document): void {
  visit(document, {
    Scalar(_key, node) {
      const token = node.srcToken;
      if (!CST.isScalar(token) || !token.source.includes('\n') || typeof node.value !== 'string' || isLiteral(token)) return;
      const marked = CST.resolveAsScalar({ ...token, source: markLineEnds(token.source, token.type === 'double-quoted-scalar') });
      if (marked) node.value = marked.value;
    },
  });
}

/** A literal block (`|`) keeps its line breaks in the text itself. */
function isLiteral(token: CST.FlowScalar | CST.BlockScalar): boolean {
  return token.type === 'block-scalar' && token.props.some((prop) => prop.type === 'block-scalar-header' && prop.source.startsWith('|'));
}

/**
 * The mark after the last character of every line but the last that has any, ahead of its
 * trailing blanks, which YAML drops at a fold. A double-quoted line ending in an escaped line
 * break folds into nothing and is left alone.
 */
function markLineEnds(source: string, doubleQuoted: boolean): string {
  const lines = source.split('\n');
  return lines
    .map((line, index) => {
      const content = line.trimEnd();
      const escaped = doubleQuoted && /(?<!\\)(?:\\\\)*\\$/u.test(content);
      if (index === lines.length - 1 || content.trim() === '' || escaped) return line;
      return `${content}${FOLD}${line.slice(content.length)}`;
    })
    .join('\n');
}
