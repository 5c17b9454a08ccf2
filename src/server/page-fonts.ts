import { extname } from 'node:path';
import { chainFor, loadFonts, subsetFont, withPreferredFaces, type LoadedFont } from '../fonts/index.js';
import type { Bilingual, Guide } from '../guide/index.js';
import { MESSAGE_IDS, type Speaker } from '../messages/index.js';

/** The guide's own faces as web fonts: a stylesheet naming them by language, and the files it points to. */
export interface PageFonts {
  css: string;
  files: ReadonlyMap<string, { type: string; bytes: Uint8Array }>;
}

// Every page shows some Latin (PDF, A4, field ids, row numbers), whatever its languages.
const LATIN = String.fromCharCode(...Array.from({ length: 95 }, (_, index) => 32 + index)) + '“”‘’–—…×·';

/**
 * The faces the guide's documents are set in, each cut to the characters the web page shows in
 * them: its own words in each language and the guide's texts on the page. A device without a
 * font for the script then still shows every word, in its language's glyph forms; what a person
 * types that these lack falls back to the device's fonts.
 */
export async function makePageFonts(guide: Guide, speakers: readonly Speaker[]): Promise<PageFonts> {
  const fonts = withPreferredFaces(await loadFonts(), guide.fonts);
  const tags = speakers.map((speaker) => speaker.tag);
  // A language both roles share (a single-language guide) is served once.
  const roles = (['primary', 'secondary'] as const).filter((_, index) => tags.indexOf(tags[index]!) === index);
  // Each character of a language's text goes to the first face of its chain that has it, as in the documents.
  const served = new Map<string, { regular: LoadedFont; bold: LoadedFont; characters: Set<string> }>();
  const families = roles.map((role, index) => {
    const chain = chainFor(fonts, tags[index]!, tags);
    const names = chain.key.split(', ');
    const used: string[] = [];
    for (const character of new Set(pageText(guide, speakers[index]!, role))) {
      const at = chain.regular.findIndex((face) => face.has(character.codePointAt(0)!));
      if (at < 0) continue;
      const family = names[at]!;
      const faces = served.get(family) ?? { regular: chain.regular[at]!, bold: chain.bold[at]!, characters: new Set<string>() };
      faces.characters.add(character);
      served.set(family, faces);
      if (!used.includes(family)) used.push(family);
    }
    return { tag: tags[index]!, families: names.filter((family) => used.includes(family)) };
  });
  const files = new Map<string, { type: string; bytes: Uint8Array }>();
  const faceRules: string[] = [];
  for (const [family, { regular, bold, characters }] of served) {
    for (const [weight, face] of [[400, regular], [700, bold]] as const) {
      const extension = extname(face.file).toLowerCase();
      const name = `${family.toLowerCase().replace(/\s+/g, '-')}-${weight}${extension}`;
      files.set(name, { type: extension === '.otf' ? 'font/otf' : 'font/ttf', bytes: subsetFont(face.file, { characters: [...characters].map((character) => character.codePointAt(0)!), forShaping: true }) });
      faceRules.push(`@font-face { font-family: "${webName(family)}"; src: url("/fonts/${name}") format("${extension === '.otf' ? 'opentype' : 'truetype'}"); font-weight: ${weight}; font-display: swap; }`);
    }
  }
  const languageRules = families.map(({ tag, families: names }) => `:lang(${tag}) { --served-faces: ${names.map((family) => `"${webName(family)}"`).join(', ')}; }`);
  return { css: `${[...faceRules, ...languageRules].join('\n')}\n`, files };
}

/** What the page says in one language: every message of its own, the guide's texts it shows, and Latin. */
function pageText(guide: Guide, speaker: Speaker, role: keyof Bilingual): string {
  const { form } = guide;
  const texts = [guide.title, guide.subtitle, guide.checklist.title, form.title, ...form.fields.flatMap((field) => [field.label, ...field.options.map((option) => option.label)])];
  return [...MESSAGE_IDS.map((id) => speaker.written(id)), ...texts.map((text) => text?.[role] ?? ''), LATIN].join('');
}

/** The name the page's stylesheet gives a served face: never a font a device may have installed under its own name. */
function webName(family: string): string {
  return `${family} (handouts)`;
}
