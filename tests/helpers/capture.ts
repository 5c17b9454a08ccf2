/** The error an action throws or rejects with, or undefined when it succeeds. */
export async function caught(action: () => unknown): Promise<unknown> {
  try {
    await action();
    return undefined;
  } catch (error) {
    return error;
  }
}
