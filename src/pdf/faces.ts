import { facesOfSet, type FontSet, type LoadedFont } from '../fonts/index.js';
import { deferSubsets } from './lazy-subset.js';
import { shareWordShapes } from './word-shapes.js';

/**
 * The name a face is registered under a second time for a person's answers: their glyphs then go
 * into a subset of their own, so the subset of everything else is the same for every person.
 */
export const personalFace = (face: string) => `${face}${PERSONAL}`;
export const isPersonalFace = (name: string) => name.endsWith(PERSONAL);
const PERSONAL = '~personal';

/** The faces each document may draw with, by name, and those it has opened. */
const offered = new WeakMap<object, { byName: ReadonlyMap<string, LoadedFont>; opened: Set<string> }>();

/**
 * The faces a document may draw with. Each is opened only when the document first draws with it:
 * opening a face reads and parses it, which a document that never uses it should not pay for.
 */
export function offerFaces(pdf: PDFKit.PDFDocument, fonts: FontSet): void {
  offered.set(pdf, { byName: new Map(facesOfSet(fonts).map((face) => [face.name, face])), opened: new Set() });
}

/**
 * Opens a face the first time the document draws with it, twice: for the document's own text and
 * for a person's answers, each with a subset of its own. pdfkit would merge the second into the
 * first, as it merges any font opened again under the name of one it has; so the answers' face is
 * opened first and its entry under the font's own name removed before the document's face takes
 * that name. Returns the face.
 */
export function openFace(pdf: PDFKit.PDFDocument, name: string): LoadedFont {
  const faces = offered.get(pdf);
  const face = faces?.byName.get(name);
  if (!faces || !face) throw new Error(`the face ${name} is not among the document's fonts`);
  if (faces.opened.has(name)) return face;
  faces.opened.add(name);
  const internals = pdf as unknown as { _fontFamilies: Record<string, unknown>; _font: object };
  deferSubsets(face.font);
  // pdfkit accepts an already parsed fontkit font, which saves parsing the 8 MB file per document.
  pdf.registerFont(personalFace(name), face.font as unknown as string).font(personalFace(name));
  delete internals._fontFamilies[name];
  pdf.registerFont(name, face.font as unknown as string).font(name);
  shareWordShapes(internals._font, face);
  return face;
}
