import type { StructureStep } from '../layout/index.js';

type Pdf = PDFKit.PDFDocument;
type Element = PDFKit.PDFStructureElement;

/** Writes a tagged PDF's logical structure as the pages are drawn. */
export interface StructureWriter {
  /** Draws content belonging to the element at the path; elements are created, in reading order, when first met. */
  tag(path: readonly StructureStep[], draw: () => void): void;
  /** Draws page furniture (rules, boxes, footers) that assistive technology should skip. */
  artifact(draw: () => void): void;
}

/** A structure writer whose elements all go under the given parent element. */
export function createStructureWriter(pdf: Pdf, parent: Element): StructureWriter {
  const elements = new Map<string, Element>();
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
      draw();
      pdf.endMarkedContent();
      element.add(content);
    },
    artifact(draw) {
      pdf.markContent('Artifact');
      draw();
      pdf.endMarkedContent();
    },
  };
}
