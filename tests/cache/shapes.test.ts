import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { countShapes, readShapes, writeShapes } from '../../src/cache/shapes.js';
import { loadFonts, type FontSet } from '../../src/fonts/index.js';
import { createShapeCache, type KeptShapes } from '../../src/layout/index.js';
import { temporaryFolder } from '../helpers/build.js';

let fonts: FontSet;
beforeAll(async () => {
  fonts = await loadFonts();
});

const CHINESE = 'Noto Sans SC, Noto Sans, Noto Sans TC, Noto Sans JP, Noto Sans KR; CJK rules';
const ENGLISH = 'Noto Sans, Noto Sans SC, Noto Sans TC, Noto Sans JP, Noto Sans KR';

/** Shapes of two settings: a Chinese guide's, and an English one's. */
function someShapes(): KeptShapes {
  const shapes = createShapeCache();
  shapes.regular.set('注销 Smart 卡', { width: 5.1, runs: [{ text: '注销 Smart 卡', face: 'NotoSansHans-Regular', x: 0 }] });
  shapes.regular.set('₱100', { width: 2.3, runs: [{ text: '₱', face: 'NotoSans-Regular', x: 0 }, { text: '100', face: 'NotoSansHans-Regular', x: 0.6 }] });
  shapes.regular.set('注销。', { width: 2.5, runs: [{ text: '注销。', face: 'NotoSansHans-Regular', x: 0, features: ['halt'] }] });
  shapes.bold.set('₱', { width: 0.6, runs: [{ text: '₱', face: 'NotoSans-Bold', x: 0 }] });
  shapes.lines.set('regular 10 180\u0000注销 Smart 卡', [{ text: '注销 Smart 卡', width: 51 }]);
  const english = createShapeCache();
  english.regular.set('Ana', { width: 1.7, runs: [{ text: 'Ana', face: 'NotoSans-Regular', x: 0 }] });
  return new Map([
    [CHINESE, shapes],
    [ENGLISH, english],
  ]);
}

describe('kept shapes', () => {
  it('are read back as they were written, texts in one face or in several, with features or without', async () => {
    const folder = await temporaryFolder();
    await writeShapes(folder, fonts, someShapes());
    const read = await readShapes(folder, fonts);
    expect(countShapes(read)).toBe(6);
    expect(read).toEqual(someShapes());
  });

  it('read, added to and written again, are stored just as all of them written afresh', async () => {
    const [again, afresh] = [await temporaryFolder(), await temporaryFolder()];
    await writeShapes(again, fonts, someShapes());
    const read = readShapes(again, fonts);
    const addNew = (shapes: KeptShapes) => {
      shapes.get(CHINESE)!.regular.set('新的', { width: 2, runs: [{ text: '新的', face: 'NotoSansHans-Regular', x: 0 }] });
      shapes.get(CHINESE)!.lines.set('bold 12 90\u0000₱', [{ text: '₱', width: 7 }]);
      shapes.set('Noto Sans KR, Noto Sans', { ...createShapeCache(), lines: new Map([['bold 12 90\u0000한', [{ text: '한', width: 12 }]]]) });
      return shapes;
    };
    await writeShapes(again, fonts, addNew(read));
    await writeShapes(afresh, fonts, addNew(someShapes()));
    const files = await Promise.all([again, afresh].map(async (folder) => readFile(join(folder, (await readdir(folder))[0]!), 'utf8')));
    expect(files[0]).toBe(files[1]);
    expect(readShapes(again, fonts)).toEqual(addNew(someShapes()));
  });

  it('are kept up to the most of each weight, the oldest dropped first', async () => {
    const folder = await temporaryFolder();
    const shapes = someShapes();
    shapes.get(CHINESE)!.regular.set('新的', { width: 2, runs: [{ text: '新的', face: 'NotoSansHans-Regular', x: 0 }] });
    await writeShapes(folder, fonts, shapes, { most: 1 });
    const read = (await readShapes(folder, fonts)).get(CHINESE)!;
    expect([...read.regular.keys(), ...read.bold.keys()]).toEqual(['新的', '₱']);
  });

  it('are ignored when the file was changed behind the checksum', async () => {
    const folder = await temporaryFolder();
    await writeShapes(folder, fonts, someShapes());
    const [file] = await readdir(folder);
    await writeFile(join(folder, file!), (await readFile(join(folder, file!), 'utf8')).replace('5.1', '9.9'));
    expect(countShapes(await readShapes(folder, fonts))).toBe(0);
  });

  it('are ignored for other fonts, and missing files are simply empty', async () => {
    const folder = await temporaryFolder();
    await writeShapes(folder, fonts, someShapes());
    const otherFonts: FontSet = { ...fonts, families: { ...fonts.families, 'Noto Sans': fonts.families['Noto Sans TC'] } };
    expect(countShapes(await readShapes(folder, otherFonts))).toBe(0);
    expect(countShapes(await readShapes(join(folder, 'nowhere'), fonts))).toBe(0);
  });
});
