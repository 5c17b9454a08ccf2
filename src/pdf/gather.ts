/**
 * pdfkit turns every line of the file, and every operator of a page's content, into a byte array
 * of its own, one character at a time, and pushes each line through its stream: a large part of
 * a form's writing time. These gather the text and convert it at once, giving the very same bytes.
 */

/** pdfkit's document as a stream, as far as writing the file goes. */
interface DocumentOutput {
  _write(data: string | Uint8Array): void;
  _offset: number;
  push(chunk: Uint8Array | null): boolean;
}

/** A stream object of pdfkit's, such as a page's content. */
interface StreamObject {
  write(chunk: string | Uint8Array): void;
  finalize(): void;
}

// Large enough for few pushes, small enough that a combined batch still streams to disk.
const PUSH_AT = 1 << 16;

/** The document's lines reach its stream in chunks of about 64 KB. */
export function gatherOutput(pdf: PDFKit.PDFDocument): void {
  const output = pdf as unknown as DocumentOutput;
  const push = output.push.bind(output);
  let pending = '';
  const pushPending = () => {
    if (pending) push(Buffer.from(pending, 'latin1'));
    pending = '';
  };
  output._write = (data) => {
    if (data instanceof Uint8Array) {
      pushPending();
      push(data);
      output._offset += data.length;
      return;
    }
    // One byte a character, as pdfkit writes them.
    const line = `${data}\n`;
    pending += line;
    output._offset += line.length;
    if (pending.length >= PUSH_AT) pushPending();
  };
  output.push = (chunk) => {
    if (chunk === null) pushPending();
    return push(chunk);
  };
}

/** The page's content operators are converted once, when pdfkit ends the page. */
export function gatherPageContent(pdf: PDFKit.PDFDocument): void {
  const content = (pdf as unknown as { page: { content: StreamObject } }).page.content;
  const { write, finalize } = Object.getPrototypeOf(content) as StreamObject;
  let pending = '';
  const writePending = () => {
    if (pending) write.call(content, Buffer.from(pending, 'latin1'));
    pending = '';
  };
  content.write = (chunk) => {
    if (chunk instanceof Uint8Array) {
      writePending();
      write.call(content, chunk);
    } else {
      pending += `${chunk}\n`;
    }
  };
  content.finalize = () => {
    writePending();
    finalize.call(content);
  };
}
