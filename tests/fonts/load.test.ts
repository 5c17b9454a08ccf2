import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { deflateSync } from 'node:zlib';
import { BESIDE_CFF_OUTLINES, chainFor, cidsOf, cjkFamilyOf, cutFieldFont, fieldCharacters, fontsKey, loadFonts, subsetFont, tableOf, withPreferredFaces, type FontSet } from '../../src/fonts/index.js';
import { tableRecords } from '../../src/fonts/tables.js';
import { SHIPPED_GUIDE, SHIPPED_TEMPLATES, temporaryFolder } from '../helpers/build.js';

const GUIDES = join(import.meta.dirname, '..', 'fixtures', 'guides');

/** The names of the faces a font set has opened so far. */
const openedFaces = (fonts: FontSet) =>
  Object.values(fonts.families)
    .flatMap(({ regular, bold }) => [regular, bold])
    .filter((face) => face.opened)
    .map((face) => face.name);

describe('the fonts', () => {
  it('shape with HarfBuzz: each cluster’s glyphs, their advances and where the cluster starts in the text', async () => {
    const face = (await loadFonts()).families['Noto Sans SC'].regular;
    const glyphs = face.shape('王镕 fi', { lang: 'zh-Hans' });
    // f and i are one glyph, a ligature, which stands for both.
    expect(glyphs.map((glyph) => glyph.cluster)).toEqual([0, 1, 2, 3]);
    expect(glyphs.slice(0, 2).map((glyph) => glyph.advance)).toEqual([1000, 1000]);
    expect(glyphs.every((glyph) => glyph.id > 0)).toBe(true);
  });

  it('are cut by HarfBuzz to the glyphs asked for, each keeping its CID in order', async () => {
    const face = (await loadFonts()).families['Noto Sans SC'].regular;
    const glyphs = [...'陈大文王镕'].map((character) => face.shape(character, { lang: 'zh-Hans' })[0]!.id).sort((a, b) => a - b);
    const original = cidsOf(tableOf(readFileSync(face.file), 'CFF ')!);
    const subset = subsetFont(face.file, { glyphs });
    expect(face.cids).toEqual(original);
    expect(cidsOf(tableOf(subset, 'CFF ')!)).toEqual([0, ...glyphs.map((glyph) => original[glyph])]);
    expect(subset.length).toBeLessThan(20_000);
    expect(readFileSync(face.file).length).toBeGreaterThan(8_000_000);
  });

  it('are cut from the file as it is now: a face left open for the next cut is read again once its file changes', async () => {
    const fonts = await loadFonts();
    const [latin, chinese] = [fonts.families['Noto Sans'].regular.file, fonts.families['Noto Sans SC'].regular.file];
    const file = join(await temporaryFolder(), 'face.otf');
    const cut = () => tableRecords(subsetFont(file, { glyphs: [1, 2, 3] })).map((table) => table.tag);
    copyFileSync(latin, file);
    expect(cut()).toContain('glyf');
    copyFileSync(chinese, file);
    expect(cut()).toContain('CFF ');
  });

  it.each([
    ['a CFF face', 'Noto Sans SC'],
    ['a TrueType face', 'Noto Sans'],
  ] as const)('are cut the same once HarfBuzz has preprocessed %s, as it does for a batch', async (_, family) => {
    const file = join(await temporaryFolder(), 'face');
    copyFileSync((await loadFonts()).families[family].regular.file, file);
    const cuts = Array.from({ length: 10 }, (_, index) => Buffer.from(subsetFont(file, { glyphs: [3, 5 + (index % 2), 40], dropTables: BESIDE_CFF_OUTLINES })));
    // From the eighth cut on, HarfBuzz cuts from the preprocessed face.
    expect(cuts[8]!.equals(cuts[0]!)).toBe(true);
    expect(cuts[9]!.equals(cuts[1]!)).toBe(true);
  });

  it('cut the largest field font, Big5’s 13,000 characters, as well from a preprocessed face: it fits the subsetter’s memory beside it', async () => {
    const face = (await loadFonts()).families['Noto Sans TC'].regular;
    const [fresh, preprocessed] = [join(await temporaryFolder(), 'fresh'), join(await temporaryFolder(), 'preprocessed')];
    for (const file of [fresh, preprocessed]) copyFileSync(face.file, file);
    const characters = fieldCharacters(['zh-Hant'], []);
    const fromFresh = await cutFieldFont({ ...face, file: fresh }, characters);
    for (let cut = 0; cut < 8; cut++) subsetFont(preprocessed, { glyphs: [3, 40 + cut] });
    const fromPreprocessed = await cutFieldFont({ ...face, file: preprocessed }, characters);
    expect(fromFresh.characters.length).toBeGreaterThan(13_000);
    expect(Buffer.from(fromPreprocessed.deflatedOutlines).equals(Buffer.from(fromFresh.deflatedOutlines))).toBe(true);
  });

  it('are cut for a PDF to their CFF table alone, each glyph written whole: the same glyphs, smaller once deflated', async () => {
    const face = (await loadFonts()).families['Noto Sans SC'].regular;
    const text = '注销电话卡是一个非常重要的步骤，不仅关乎个人隐私的安全，还关系到避免不必要的费用和麻烦。在我们的日常生活中，电话卡已经成为不可或缺的一部分。';
    const glyphs = [...new Set(face.shape(text, { lang: 'zh-Hans' }).map((glyph) => glyph.id))].sort((a, b) => a - b);
    const outlines = (desubroutinize: boolean) => tableOf(subsetFont(face.file, { glyphs, dropTables: BESIDE_CFF_OUTLINES, desubroutinize }), 'CFF ')!;
    expect(tableRecords(subsetFont(face.file, { glyphs, dropTables: BESIDE_CFF_OUTLINES })).map((table) => table.tag).sort()).toEqual(['CFF ', 'head', 'maxp']);
    expect(cidsOf(outlines(true))).toEqual(cidsOf(outlines(false)));
    expect(deflateSync(outlines(true)).length).toBeLessThan(deflateSync(outlines(false)).length);
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
    expect(openedFaces(await fresh.loadFonts()).sort()).toEqual([...faces].sort());
  });

  it('are known in keys by every face’s table directory, without opening any', async () => {
    vi.resetModules();
    const fresh = await import('../../src/fonts/index.js');
    const fonts = await fresh.loadFonts();
    const key = fresh.fontsKey(fonts) as { faces: unknown[] };
    expect(key.faces).toHaveLength(10);
    expect(JSON.stringify(key)).toBe(JSON.stringify(fontsKey(await loadFonts())));
    expect(openedFaces(fonts)).toEqual([]);
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
  });
});
