import { describe, expect, it, vi } from 'vitest';
import { prefillDocument } from '../../src/layout/index.js';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderFormBatch, writeFormBatch } from '../../src/index.js';
import { temporaryFolder } from '../helpers/build.js';
import { readPdf } from '../helpers/pdf.js';

// The layout's prefill, watched: how often a batch prints a person's answers into the form.
vi.mock('../../src/layout/index.js', async (importOriginal) => {
  const layout = await importOriginal<typeof import('../../src/layout/index.js')>();
  return { ...layout, prefillDocument: vi.fn(layout.prefillDocument) };
});

describe('a batch', () => {
  it('validates and lays out each good row once: the check lays out the forms the drawing draws', async () => {
    const people = ['Ana Cruz', 'Ben Reyes', '陈大文'].map((name, index) => `${name},0917 123 456${index},passport,E${index},2026-01-05`);
    // The second row is bad: it is checked (and laid out no further), and skipped.
    const csv = Buffer.from(`name,number,id-type,id-number,date\n${people[0]}\nNo Number,12,passport,E9,2026-01-05\n${people[1]}\n${people[2]}\n`);
    vi.mocked(prefillDocument).mockClear();
    const result = await renderFormBatch({ csv: { bytes: csv, name: 'people.csv' }, combine: true, skipInvalid: true });
    expect(result.drawn).toBe(3);
    expect(prefillDocument).toHaveBeenCalledTimes(3);
    const pdf = await readPdf(result.bytes!);
    expect(pdf.pages.map((page) => ['Ana Cruz', 'Ben Reyes', '陈大文'].find((name) => page.replace(/\s+/g, ' ').includes(name)))).toEqual(['Ana Cruz', 'Ben Reyes', '陈大文']);
  });

  // Past a thousand rows, the two passes this replaced laid out every row again to draw it.
  it('lays out each row of a long file once as it writes its forms, and writes none when its last row is bad', async () => {
    const people = Array.from({ length: 1005 }, (_, index) => `Person ${index},0917 123 ${String(index).padStart(4, '0')},passport,E${index},2026-01-05`);
    const folder = await temporaryFolder();
    const [good, bad] = [join(folder, 'good.csv'), join(folder, 'bad.csv')];
    await writeFile(good, `name,number,id-type,id-number,date\n${people.join('\n')}\n`);
    await writeFile(bad, `name,number,id-type,id-number,date\n${people.join('\n')}\nNo Number,,passport,E9,2026-01-05\n`);
    const options = { combine: true, force: false, fileName: 'forms' };
    vi.mocked(prefillDocument).mockClear();
    const written = await writeFormBatch({ ...options, csv: good, outDir: join(folder, 'good') });
    expect(written.written).toBe(1005);
    expect(prefillDocument).toHaveBeenCalledTimes(1005);
    expect(await readdir(join(folder, 'good'))).toEqual(['forms.pdf']);
    await expect(writeFormBatch({ ...options, csv: bad, outDir: join(folder, 'bad') })).rejects.toMatchObject({ problems: [{ position: { row: 1007 } }] });
    expect(await readdir(join(folder, 'bad'))).toEqual([]);
  });

  // The server's batch process sends each progress as a message, which leaves only as the event
  // loop turns: a batch that never let it turn sent them all at the end, and held the PDF's bytes.
  it('lets the event loop turn between the forms it draws in memory', async () => {
    const people = ['Ana Cruz', 'Ben Reyes', '陈大文'].map((name, index) => `${name},0917 123 456${index},passport,E${index},2026-01-05`);
    const csv = Buffer.from(`name,number,id-type,id-number,date\n${people.join('\n')}\n`);
    const events: string[] = [];
    const turns = setInterval(() => events.push('turn'), 1);
    try {
      await renderFormBatch({ csv: { bytes: csv, name: 'people.csv' }, combine: true, onProgress: (done) => events.push(`form ${done}`) });
    } finally {
      clearInterval(turns);
    }
    const drawing = events.slice(events.indexOf('form 1'), events.indexOf('form 3'));
    expect(drawing).toContain('turn');
  });

  it('holds at most 1,000 people in memory unless told more, a longer file being for a folder', async () => {
    const people = Array.from({ length: 1001 }, (_, index) => `Person ${index},0917 123 ${String(index).padStart(4, '0')},passport,E${index},2026-01-05`);
    const csv = { bytes: Buffer.from(`name,number,id-type,id-number,date\n${people.join('\n')}\n`), name: 'people.csv' };
    await expect(renderFormBatch({ csv, combine: true })).rejects.toThrow(/more than 1000 people/);
  });
});
