import { describe, expect, it, vi } from 'vitest';
import { prefillDocument } from '../../src/layout/index.js';
import { renderFormBatch } from '../../src/index.js';
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
});
