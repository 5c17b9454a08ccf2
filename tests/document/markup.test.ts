import { describe, expect, it } from 'vitest';
import { parseMarkup, type DocumentTree } from '../../src/document/index.js';
import { loadGuide } from '../../src/guide/index.js';
import { fillTemplates } from '../../src/templates/index.js';
import { SHIPPED_GUIDE, SHIPPED_TEMPLATES } from '../helpers/build.js';
import { recordingStore } from '../helpers/capture.js';

const [handout] = await fillTemplates({ guide: await loadGuide(SHIPPED_GUIDE), templatesDir: SHIPPED_TEMPLATES, only: ['handout'] });

describe('markup parsed before', () => {
  it('is taken from the store, and equals what parsing it gives', () => {
    const parsed = recordingStore<DocumentTree>();
    const first = parseMarkup(handout!, { parsed });
    expect(parseMarkup(handout!, { parsed })).toBe(first);
    expect(first).toEqual(parseMarkup(handout!));
    expect(parsed.sets).toHaveLength(1);
  });

  it('is parsed again when the markup or its template file differs', () => {
    const parsed = recordingStore<DocumentTree>();
    parseMarkup(handout!, { parsed });
    parseMarkup({ ...handout!, markup: handout!.markup.replace('</document>', '<pagebreak/></document>') }, { parsed });
    parseMarkup({ ...handout!, file: 'elsewhere/handout.hbs' }, { parsed });
    expect(new Set(parsed.sets).size).toBe(3);
  });
});
