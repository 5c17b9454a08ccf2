const IGNORING_CLOSED_PIPE = Symbol.for('handouts: ignoring a closed pipe');

/**
 * A reader that stops early, such as `| head`, closes the pipe: what is written after has nowhere
 * to go, which is no failure of the run, so the run goes on and ends as it would have.
 */
export function ignoringClosedPipe(stream: NodeJS.WriteStream & { [IGNORING_CLOSED_PIPE]?: true }): NodeJS.WriteStream {
  // Once a stream, however often this module is loaded into the process, as each test file does.
  if (stream[IGNORING_CLOSED_PIPE]) return stream;
  stream[IGNORING_CLOSED_PIPE] = true;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  return stream;
}
