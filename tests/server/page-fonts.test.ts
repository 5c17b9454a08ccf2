import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { loadGuide } from '../../src/guide/index.js';
import { guideSpeakers, MESSAGE_IDS } from '../../src/messages/index.js';
import { makePageFonts } from '../../src/server/page-fonts.js';
import { subsetFont } from '../../src/fonts/index.js';

const GUIDES = join(import.meta.dirname, '..', 'fixtures', 'guides');
const JAPANESE_FACE = join(import.meta.dirname, '..', '..', 'node_modules', '@embedpdf', 'fonts-jp', 'fonts', 'NotoSansJP-Regular.otf');
const covers = (bytes: Uint8Array, text: string) => {
  const font = fontkit.create(bytes);
  return [...new Set(text)].filter((character) => !/\s/.test(character)).every((character) => font.hasGlyphForCodePoint(character.codePointAt(0)!));
};

describe('subsetFont, for a web font', () => {
  it("keeps the glyphs of the text's characters and no others, as a face of the same kind", async () => {
    const face = await readFile(JAPANESE_FACE);
    const subset = subsetFont(JAPANESE_FACE, { characters: [...'氏名 Full name'].map((character) => character.codePointAt(0)!), forShaping: true });
    expect(Buffer.from(subset.subarray(0, 4)).toString('latin1')).toBe('OTTO');
    expect(covers(subset, '氏名Fullname')).toBe(true);
    expect(covers(subset, '申')).toBe(false);
    expect(subset.byteLength).toBeLessThan(face.byteLength / 100);
    expect(fontkit.create(subset).familyName).toBe(fontkit.create(face).familyName);
  });
});

describe("the page's fonts", () => {
  it.each([
    ['japanese-with-english.yaml', 'Noto Sans JP'],
    ['korean-with-english.yaml', 'Noto Sans KR'],
    ['english-with-filipino.yaml', 'Noto Sans'],
  ])('of %s are its documents’ faces (%s), both weights, covering every word the page says in either language', async (file, family) => {
    const guide = await loadGuide(join(GUIDES, file));
    const speakers = guideSpeakers(guide);
    const fonts = await makePageFonts(guide, speakers);
    const slug = family.toLowerCase().replaceAll(' ', '-');
    expect([...fonts.files.keys()].map((name) => name.replace(/\.[ot]tf$/, ''))).toEqual([`${slug}-400`, `${slug}-700`]);
    for (const speaker of speakers) expect(fonts.css).toContain(`:lang(${speaker.tag}) { --served-faces: "${family} (handouts)"; }`);
    expect(fonts.css.match(/@font-face/g)).toHaveLength(2);
    const said = speakers.flatMap((speaker) => MESSAGE_IDS.map((id) => speaker.written(id))).join('') + guide.form.fields.map((field) => field.label.primary + field.label.secondary).join('');
    for (const { bytes } of fonts.files.values()) expect(covers(bytes, said.replace(/[{}#]/g, ''))).toBe(true);
  });
});
