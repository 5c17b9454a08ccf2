import type { StructureStep } from '../layout/index.js';

type Pdf = PDFKit.PDFDocument;
type Element = PDFKit.PDFStructureElement;
type Ref = PDFKit.PDFKitReference;

/** Writes a tagged PDF's logical structure as the pages are drawn. */
export interface StructureWriter {
  /** Draws content belonging to the element at the path; elements are created, in reading order, when first met. */
  tag(path: readonly StructureStep[], draw: () => void): void;
  /** Draws page furniture (rules, boxes, footers) that assistive technology should skip. */
  artifact(draw: () => void): void;
  /** Ends the parent element, which writes it and every element under it, and lets them go. */
  end(): void;
}

/**
 * A structure writer whose elements all go under the given parent element. Once it ends, nothing
 * it made is kept: a combined PDF of thousands of forms holds one form's elements at a time.
 */
export function createStructureWriter(pdf: Pdf, parent: Element): StructureWriter {
  const elements = new Map<string, Element>();
  // The parent tree's keys of the pages drawn on, each page's list of the elements its content belongs to.
  const pages = new Set<number>();
  const elementAt = (path: readonly StructureStep[]): Element => {
    const key = path.map(({ role, key: step }) => `${role}:${step}`).join('/');
    const known = elements.get(key);
    if (known) return known;
    const step = path.at(-1)!;
    const element = pdf.struct(step.role, step.lang ? { lang: step.lang } : {});
    (path.length > 1 ? elementAt(path.slice(0, -1)) : parent).add(element);
    elements.set(key, element);
    return element;
  };
  return {
    tag(path, draw) {
      if (path.length === 0) return this.artifact(draw);
      const element = elementAt(path);
      const content = pdf.markStructureContent(path.at(-1)!.role);
      pages.add(parentTreeKey(pdf.page));
      draw();
      pdf.endMarkedContent();
      element.add(content);
    },
    artifact(draw) {
      pdf.markContent('Artifact');
      draw();
      pdf.endMarkedContent();
    },
    end() {
      parent.end();
      elements.clear();
      for (const key of pages) writeParentTreeEntry(pdf, key);
    },
  };
}

/** The structure tree root's parent tree, as pdfkit keeps it: a list of elements a page, by the page's key. */
interface ParentTree {
  get(key: number): Ref[];
  add(key: number, value: Ref[] | Ref): void;
}

/** The page's key in the parent tree, which pdfkit gives it when its first content is tagged. */
function parentTreeKey(page: PDFKit.PDFPage): number {
  return (page.dictionary.data as { StructParents?: number }).StructParents!;
}

/**
 * Writes a page's list of elements, once they are written, as an object of its own (as iText
 * does), and puts its reference in the parent tree. pdfkit keeps the tree's lists until the
 * document ends, and with them every element they name; so does an object it has written keep
 * its data: the written list is emptied, and the elements can go.
 */
function writeParentTreeEntry(pdf: Pdf, key: number): void {
  const tree = (pdf.getStructTreeRoot().data as { ParentTree?: ParentTree }).ParentTree!;
  const list = [...tree.get(key)];
  const entry = pdf.ref(list);
  entry.end(undefined);
  list.length = 0;
  tree.add(key, entry);
}
