import { describe, expect, it } from 'vitest';
import { parseMarkup, type DocumentTree, type ParsedDocuments } from '../../src/document/index.js';
import { loadGuide } from '../../src/guide/index.js';
import { fillTemplates } from '../../src/templates/index.js';
import { SHIPPED_GUIDE, SHIPPED_TEMPLATES } from '../helpers/build.js';

const [handout] = await fillTemplates({ guide: await loadGuide(SHIPPED_GUIDE), templatesDir: SHIPPED_TEMPLATES, only: ['handout'] });

/** A store that records the keys it is given. */
function recordingStore(): ParsedDocuments & { sets: string[] } {
  const documents = new Map<string, DocumentTree>();
  const sets: string[] = [];
  return {
    sets,
    get: (key) => documents.get(key),
    set: (key, document) => {
      sets.push(key);
      documents.set(key, document);
    },
  };
}

describe('markup parsed before', () => {
  it('is taken from the store, and equals what parsing it gives', () => {
    const parsed = recordingStore();
    const first = parseMarkup(handout!, { parsed });
    expect(parseMarkup(handout!, { parsed })).toBe(first);
    expect(first).toEqual(parseMarkup(handout!));
    expect(parsed.sets).toHaveLength(1);
  });

  it('is parsed again when the markup or its template file differs', () => {
    const parsed = recordingStore();
    parseMarkup(handout!, { parsed });
    parseMarkup({ ...handout!, markup: handout!.markup.replace('</document>', '<pagebreak/></document>') }, { parsed });
    parseMarkup({ ...handout!, file: 'elsewhere/handout.hbs' }, { parsed });
    expect(new Set(parsed.sets).size).toBe(3);
  });
});
