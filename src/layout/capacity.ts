import type { Warning } from '../diagnostics.js';
import type { FieldBlock } from '../document/index.js';
import { cjkFamilyOf } from '../fonts/families.js';
import { VALUE } from './style.js';
import type { TextContext } from './text.js';
import type { Page } from './types.js';

/** A character as wide as any an answer in the language is likely to have: a full-width one in CJK. */
function widestCharacter(lang: string): string {
  const family = cjkFamilyOf(lang);
  return family === 'Noto Sans KR' ? '한' : family ? '国' : 'W';
}

/**
 * A warning for each field whose `max_length` characters, each as wide as the widest of the
 * document's languages, could not be printed at an easily read size on the lines it has.
 */
export function capacityWarnings(pages: readonly Page[], fields: readonly FieldBlock[], context: TextContext): Warning[] {
  const size = VALUE.readableSize;
  const widest = Math.max(...(['primary', 'secondary'] as const).map((role) => context.measurers[role].width(widestCharacter(context.langs[role]), VALUE.style.font, size)));
  const limits = new Map(fields.flatMap((field) => (field.maxLength === undefined ? [] : [[field.id, field.maxLength] as const])));
  return pages.flatMap((page) =>
    page.items.flatMap((item) => {
      const maxLength = item.kind === 'write-in' ? limits.get(item.fieldId) : undefined;
      if (item.kind !== 'write-in' || maxLength === undefined) return [];
      const perLine = Math.floor((item.width - 2 * VALUE.inset) / widest);
      const rows = item.rows ?? 1;
      if (maxLength <= perLine * rows) return [];
      const needed = Math.ceil(maxLength / perLine);
      const more = needed <= 6 ? `give it lines: ${needed}, or ` : '';
      return [{ message: `max_length ${maxLength} is more than ${rows === 1 ? 'its line' : `its ${rows} lines`} can print at ${size} pt or larger: about ${perLine * rows} of its widest characters`, position: { path: item.fieldId }, hint: `${more}lower max_length to ${perLine * rows}` }];
    }),
  );
}
