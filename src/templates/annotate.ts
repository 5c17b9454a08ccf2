import Handlebars from 'handlebars';
import { TemplateError, type SourcePosition } from '../diagnostics.js';

/** The processing instruction that tells the markup parser which template line a tag came from. */
export const SOURCE_PI_TARGET = 'src';

/**
 * Parses a template and rewrites its literal text so that every tag is preceded by
 * `<?src file:line:column?>`. Values are escaped, so every tag in the output comes from
 * template text, and the markup parser can point at the template line that wrote it.
 */
export function parseAnnotated(source: string, file: string, partials: readonly string[]): hbs.AST.Program {
  const ast = parseTemplate(source, file);
  const visitor = new Handlebars.Visitor();
  visitor.ContentStatement = (node: hbs.AST.ContentStatement) => {
    node.value = annotateContent(node, file);
  };
  visitor.MustacheStatement = (node: hbs.AST.MustacheStatement) => {
    // A triple-stash would let a guide value add structure to the document.
    if (!node.escaped) throw unescapedOutput(node, file);
  };
  visitor.PartialStatement = (node: hbs.AST.PartialStatement) => {
    // Only the folder's own partials: a name such as ../secret must not reach outside it.
    const name = (node.name as hbs.AST.PathExpression).original;
    if (!partials.includes(name)) throw unknownPartial(node, name, partials, file);
    node.params = node.params.map((param) => (param.type === 'PathExpression' ? checkedDefined(param as hbs.AST.PathExpression) : param));
  };
  visitor.accept(ast);
  return ast;
}

/** The helper that makes a partial's argument as strict as any other name: see checkedDefined. */
export const DEFINED_HELPER = 'defined';

/**
 * Strict mode lets the argument of `{{> text title}}` be missing, and the partial then fails on
 * a name of its own, at a line of its own. Rewritten as `{{> text (defined "title" title)}}`,
 * a missing argument is reported by its own name, where the partial is called.
 */
function checkedDefined(param: hbs.AST.PathExpression): hbs.AST.SubExpression {
  const { loc, original } = param;
  const path: hbs.AST.PathExpression = { type: 'PathExpression', data: false, depth: 0, parts: [DEFINED_HELPER], original: DEFINED_HELPER, loc };
  const name: hbs.AST.StringLiteral = { type: 'StringLiteral', value: original, original, loc };
  return { type: 'SubExpression', path, params: [name, param], hash: { type: 'Hash', pairs: [], loc }, loc };
}

export function definedHelper(name: string, value: unknown, options: { loc: hbs.AST.SourceLocation }): unknown {
  if (value !== undefined) return value;
  // Shaped like Handlebars' own strict-mode error, so it is described the same way.
  throw Object.assign(new Error(`"${name}" not defined in the guide data`), { lineNumber: options.loc.start.line, column: options.loc.start.column });
}

function parseTemplate(source: string, file: string): hbs.AST.Program {
  try {
    return Handlebars.parse(source, { srcName: file });
  } catch (cause) {
    throw describeHandlebarsError(cause, file);
  }
}

function annotateContent(node: hbs.AST.ContentStatement, file: string): string {
  const { value, loc } = node;
  const original = node.original as unknown as string;
  // Whitespace control may have trimmed the start of `original`; offsets are measured in it.
  const start = value.length > 0 ? Math.max(0, original.indexOf(value)) : 0;
  return value.replace(/<(?=[A-Za-z/])/g, (_match, offset: number) => {
    const { line, column } = advance(loc.start, original.slice(0, start + offset));
    return `<?${SOURCE_PI_TARGET} ${file}:${line}:${column}?><`;
  });
}

function advance(start: hbs.AST.Position, text: string): { line: number; column: number } {
  const lines = text.split('\n');
  const last = lines[lines.length - 1] ?? '';
  return lines.length === 1 ? { line: start.line, column: start.column + last.length + 1 } : { line: start.line + lines.length - 1, column: last.length + 1 };
}

function unknownPartial(node: hbs.AST.PartialStatement, name: string, partials: readonly string[], file: string): TemplateError {
  const hint = `partials are the .hbs files in the templates' partials/ folder: ${partials.join(', ') || 'none'}`;
  return new TemplateError(`unknown partial "${name}"`, { ...nodeAt(node, file), hint });
}

function unescapedOutput(node: hbs.AST.MustacheStatement, file: string): TemplateError {
  const hint = 'use {{value}}: escaping keeps guide texts from adding markup';
  return new TemplateError('unescaped output ({{{ }}} or {{& }}) is not allowed', { ...nodeAt(node, file), hint });
}

/** Where a node stands in its template, as messages say it: columns counted from 1. */
function nodeAt(node: hbs.AST.Node, file: string): SourcePosition {
  return { file, line: node.loc.start.line, column: node.loc.start.column + 1 };
}

/** Handlebars reports positions in its message or as lineNumber/column (0-based column). */
export function describeHandlebarsError(cause: unknown, file: string): TemplateError {
  const error = cause as { message?: string; lineNumber?: number; column?: number };
  const message = String(error.message ?? cause);
  const parseLine = /Parse error on line (\d+)/.exec(message);
  const firstLine = message.split('\n')[0]!.replace(/ - \d+:\d+$/, '');
  const line = error.lineNumber ?? (parseLine ? Number(parseLine[1]) : undefined);
  const column = error.column === undefined ? undefined : error.column + 1;
  const expecting = /Expecting (.*), got (.*)$/m.exec(message);
  const missing = /^"(.+)" not defined in/.exec(firstLine);
  const helper = /used the unknown helper (\S+)/.exec(firstLine);
  const what = parseLine
    ? `Handlebars syntax error${expecting ? `: expected ${expecting[1]}, got ${expecting[2]}` : ''}`
    : missing
      ? `"${missing[1]}" is not in the guide data`
      : helper
        ? `unknown helper "${helper[1]}"`
        : firstLine;
  const hint = missing
    ? 'the template refers to data the guide does not have; check the name against docs/writing-a-guide.md'
    : helper
      ? "templates may use Handlebars' own helpers (#if, #unless, #each, #with, lookup) and the partials of partials/"
      : 'check the {{ }} expressions on this line';
  return new TemplateError(what, { file, line, column, hint, cause });
}
