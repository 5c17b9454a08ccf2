import { describeCharacter, FontError, type HandoutsError, type SourcePosition } from '../diagnostics.js';
import type { Block, DocumentTree, Texts } from '../document/index.js';
import type { Measurer } from './measure.js';
import type { Role } from './text.js';

/**
 * Every character of the document that no font can draw, one problem per character and place:
 * pdfkit would otherwise print an empty box without a word.
 */
export function findUncoveredCharacters(document: DocumentTree, measurers: Record<Role, Measurer>): HandoutsError[] {
  const root: SourcePosition = { file: document.file };
  const found = [...document.blocks.flatMap((block) => blockTexts(block).map(({ text, role }) => [text, role, block.at] as const)), [document.metadata.footer, 'primary', root] as const];
  const seen = new Set<string>();
  return found.flatMap(([text, role, at]) =>
    measurers[role].missingCharacters(text).flatMap((character) => {
      const key = `${character} ${at.file}:${at.line}`;
      if (seen.has(key)) return [];
      seen.add(key);
      return [uncovered(character, at)];
    }),
  );
}

function uncovered(character: string, at: SourcePosition): FontError {
  return new FontError(`character ${describeCharacter(character)} ${character} is in none of the fonts`, { ...at, hint: UNCOVERED_HINT });
}

const UNCOVERED_HINT = 'replace it with a character the fonts have, or remove it';

function blockTexts(block: Block): { text: string; role: Role }[] {
  const texts = (value: Texts) => [
    { text: value.primary ?? '', role: 'primary' as const },
    { text: value.secondary ?? '', role: 'secondary' as const },
  ];
  switch (block.type) {
    case 'heading':
    case 'paragraph':
      return texts(block.text);
    case 'list':
    case 'checklist':
      return block.items.flatMap(texts);
    case 'steps':
      return block.steps.flatMap((step) => [...texts(step.title), ...step.body.flatMap(blockTexts)]);
    case 'field':
      return [...texts(block.label), ...block.options.flatMap((option) => texts(option.label))];
    case 'signature':
      return [...texts(block.sign), ...(block.date ? texts(block.date) : [])];
    case 'note':
      return block.body.flatMap(blockTexts);
    case 'box':
      return [...texts(block.title), ...block.body.flatMap(blockTexts)];
    case 'pagebreak':
      return [];
  }
}
