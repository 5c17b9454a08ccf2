type Info = Record<string, unknown>;
interface MetadataInternals {
  info: Info;
  _addInfo(): void;
  appendXML(xml: string): void;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeXml = (text: string) => text.replace(/[&<>"]/g, (character) => XML_ESCAPES[character]!);

/**
 * pdfkit copies the document information into the XMP metadata as it is, so a `&` or `<` in a
 * guide's title would make the XML malformed; this escapes it there (the information dictionary
 * keeps the plain text). PDF/A also wants every information entry in the XMP, and pdfkit leaves
 * out the modification date.
 */
export function writeXmpSafely(pdf: PDFKit.PDFDocument, modified: Date): void {
  const internals = pdf as unknown as MetadataInternals;
  const addInfo = internals._addInfo.bind(internals);
  internals._addInfo = () => {
    const plain = internals.info;
    internals.info = Object.fromEntries(Object.entries(plain).map(([key, value]) => [key, typeof value === 'string' ? escapeXml(value) : value]));
    addInfo();
    internals.info = plain;
    const date = `${modified.toISOString().split('.')[0]}Z`;
    internals.appendXML(`<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:ModifyDate>${date}</xmp:ModifyDate></rdf:Description>`);
  };
}
