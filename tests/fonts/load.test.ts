import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import { describe, expect, it, vi } from 'vitest';
import { chainFor, cjkFamilyOf, facesOf, loadFonts, withPreferredFaces, type FontSet } from '../../src/fonts/index.js';
import { SHIPPED_GUIDE, SHIPPED_TEMPLATES } from '../helpers/build.js';

/** fontkit's font, as far as its bytes, its tables' places and its subsets go. */
interface FontInternals {
  stream: { buffer: Uint8Array };
  directory: { tables: Record<string, { offset: number; length: number }> };
  createSubset(): { includeGlyph(glyph: number): number; encode(): Uint8Array };
}

const internals = (font: fontkit.Font) => font as unknown as FontInternals;
const GUIDES = join(import.meta.dirname, '..', 'fixtures', 'guides');

function encodedSubset(font: fontkit.Font, text: string): Buffer {
  const subset = internals(font).createSubset();
  for (const character of text) subset.includeGlyph(font.glyphForCodePoint(character.codePointAt(0)!).id);
  return Buffer.from(subset.encode());
}

/** The names of the faces a font set has parsed so far. */
const parsedFaces = (fonts: FontSet) =>
  Object.values(fonts.families)
    .flatMap(({ regular, bold }) => [regular, bold])
    .filter((face) => face.parsed)
    .map((face) => face.name);

describe('the fonts', () => {
  it('leave a CJK face’s outlines unread until a subset needs them, and then encode it as the whole file does', async () => {
    const { font, file } = (await loadFonts()).families['Noto Sans SC'].regular;
    const whole = fontkit.create(await readFile(file));
    const { offset, length } = internals(whole).directory.tables['CFF ']!;
    const outlines = (of: fontkit.Font) => Buffer.from(internals(of).stream.buffer.subarray(offset, offset + length));

    expect(length).toBeGreaterThan(1 << 20);
    expect(outlines(font).some((byte) => byte !== 0)).toBe(false);
    expect(encodedSubset(font, '取消智能卡 Smart SIM').equals(encodedSubset(whole, '取消智能卡 Smart SIM'))).toBe(true);
    expect(outlines(font).equals(outlines(whole))).toBe(true);
  });

  it.each([
    ['the shipped Chinese guide', SHIPPED_GUIDE, ['NotoSansHans-Regular', 'NotoSansHans-Bold']],
    ['a Traditional Chinese guide', join(GUIDES, 'traditional-chinese-with-english.yaml'), ['NotoSansHant-Regular', 'NotoSansHant-Bold']],
    // Its fillable form's text fields type with a CJK face, as a person may type a Chinese name.
    ['an English and Filipino guide', join(GUIDES, 'english-with-filipino.yaml'), ['NotoSans-Regular', 'NotoSans-Bold', 'NotoSansHans-Regular']],
  ])('are read only as far as a build uses them: %s parses only its own faces', async (_name, guideFile, faces) => {
    vi.resetModules();
    const fresh = await import('../../src/fonts/index.js');
    const { renderDocuments } = await import('../../src/pipeline.js');
    await renderDocuments({ guide: guideFile, templatesDir: SHIPPED_TEMPLATES, paper: 'a4', pairs: 'stacked', sourceDateEpoch: undefined });
    expect(parsedFaces(await fresh.loadFonts()).sort()).toEqual([...faces].sort());
  });

  it('are known in keys by every face’s table directory, without parsing any', async () => {
    vi.resetModules();
    const fresh = await import('../../src/fonts/index.js');
    const fonts = await fresh.loadFonts();
    const keys = fresh.facesOf(fonts);
    expect(keys).toHaveLength(10);
    expect(keys).toEqual(facesOf(await loadFonts()));
    expect(parsedFaces(fonts)).toEqual([]);
  });
});

describe('the faces of a language', () => {
  it.each([
    ['zh-Hans', 'Noto Sans SC'],
    ['zh-CN', 'Noto Sans SC'],
    ['zh', 'Noto Sans SC'],
    ['zh-Hant', 'Noto Sans TC'],
    ['zh-TW', 'Noto Sans TC'],
    ['zh-HK', 'Noto Sans TC'],
    ['zh-Hant-HK', 'Noto Sans TC'],
    ['zh-Hans-HK', 'Noto Sans SC'],
    ['ja', 'Noto Sans JP'],
    ['ko-KR', 'Noto Sans KR'],
    ['en', undefined],
    ['fil', undefined],
  ])('take %s to %s', (lang, family) => {
    expect(cjkFamilyOf(lang)).toBe(family);
  });

  it('start with the language’s own CJK face, then Noto Sans, then the other CJK faces', async () => {
    const fonts = await loadFonts();
    expect(chainFor(fonts, 'zh-Hant', ['zh-Hant', 'en']).key).toBe('Noto Sans TC, Noto Sans, Noto Sans SC, Noto Sans JP, Noto Sans KR');
    expect(chainFor(fonts, 'ja', ['ja', 'en']).key).toBe('Noto Sans JP, Noto Sans, Noto Sans TC, Noto Sans SC, Noto Sans KR');
  });

  it('set another language in its document’s CJK face, so Latin letters match across the page, or else in Noto Sans first', async () => {
    const fonts = await loadFonts();
    expect(chainFor(fonts, 'en', ['zh-Hant', 'en']).key).toBe(chainFor(fonts, 'zh-Hant', ['zh-Hant', 'en']).key);
    expect(chainFor(fonts, 'en', ['en', 'zh-Hant']).regular[0]!.name).toBe('NotoSansHant-Regular');
    expect(chainFor(fonts, 'fil', ['en', 'fil']).key).toBe('Noto Sans, Noto Sans SC, Noto Sans TC, Noto Sans JP, Noto Sans KR');
  });

  it('put the families a guide names for a language first, keeping every other family behind them', async () => {
    const fonts = withPreferredFaces(await loadFonts(), { en: ['Noto Sans'], 'zh-Hans': ['Noto Sans TC', 'Noto Sans JP'] });
    expect(chainFor(fonts, 'en', ['zh-Hans', 'en']).key).toBe('Noto Sans, Noto Sans SC, Noto Sans TC, Noto Sans JP, Noto Sans KR');
    expect(chainFor(fonts, 'zh-Hans', ['zh-Hans', 'en']).key).toBe('Noto Sans TC, Noto Sans JP, Noto Sans SC, Noto Sans, Noto Sans KR');
    expect(withPreferredFaces(await loadFonts(), { en: ['Noto Sans'], 'zh-Hans': ['Noto Sans TC', 'Noto Sans JP'] })).toBe(fonts);
  });
});
