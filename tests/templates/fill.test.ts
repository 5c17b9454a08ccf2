import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HandoutsError } from '../../src/diagnostics.js';
import { parseMarkup } from '../../src/document/index.js';
import { loadGuide } from '../../src/guide/index.js';
import { fillTemplates } from '../../src/templates/index.js';
import { SHIPPED_TEMPLATES } from '../helpers/build.js';
import { caught } from '../helpers/capture.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const MINIMAL_GUIDE = join(FIXTURES, 'guides', 'minimal-valid.yaml');
const LITERAL_GUIDE = join(FIXTURES, 'guides', 'literal-markup-in-texts.yaml');

describe('filling templates', () => {
  it('fills one document per template, named after the file', async () => {
    const filled = await fillTemplates({ guide: await loadGuide(MINIMAL_GUIDE), templatesDir: SHIPPED_TEMPLATES });
    expect(filled.map((template) => template.name)).toEqual(['checklist', 'handout', 'store-visit-form']);
  });

  it('escapes guide texts, so markup-looking values stay text and add no structure', async () => {
    const guide = await loadGuide(LITERAL_GUIDE);
    const [handout] = await fillTemplates({ guide, templatesDir: SHIPPED_TEMPLATES, only: ['handout'] });
    expect(handout!.markup).toContain('&lt;b&gt;{{x}}&lt;/b&gt; &amp; &quot;q&quot;');
    const document = parseMarkup(handout!);
    const [title] = document.blocks;
    expect(title).toMatchObject({ type: 'heading', text: { primary: '<b>{{x}}</b> & "q"', secondary: "<field id='x'/> &amp; {{name}}" } });
    const steps = document.blocks.find((block) => block.type === 'steps');
    expect(steps).toMatchObject({ steps: [{ title: { primary: '第一步 <pagebreak/>', secondary: 'First ]]> step <?src evil.hbs:1:1?>' } }] });
    expect(document.blocks.filter((block) => block.type === 'pagebreak')).toHaveLength(0);
  });

  it('records the template line of every block', async () => {
    const [handout] = await fillTemplates({ guide: await loadGuide(MINIMAL_GUIDE), templatesDir: SHIPPED_TEMPLATES, only: ['handout'] });
    const document = parseMarkup(handout!);
    const source = readFileSync(join(SHIPPED_TEMPLATES, 'handout.hbs'), 'utf8').split('\n');
    for (const block of document.blocks) {
      expect(block.at.file).toMatch(/handout\.hbs$/);
      const line = source[block.at.line! - 1]!;
      expect(line.slice(block.at.column! - 1)).toMatch(/^<(h1|h2|p|steps|list|pagebreak)\b/);
    }
  });
});

describe('bad templates', () => {
  const cases = readdirSync(join(FIXTURES, 'templates'));

  it.each(cases)('%s: the message names the template file and line', async (name) => {
    const templatesDir = join(FIXTURES, 'templates', name);
    const expected = readFileSync(join(templatesDir, 'expected'), 'utf8').trim();
    const guide = await loadGuide(MINIMAL_GUIDE);
    const error = await caught(async () => (await fillTemplates({ guide, templatesDir })).map((template) => parseMarkup(template)));
    expect(error).toBeInstanceOf(HandoutsError);
    expect((error as HandoutsError).format()).toContain(`${relative(process.cwd(), templatesDir)}/${expected}`);
  });
});
