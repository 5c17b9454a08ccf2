// The few WebAssembly globals Node provides that the subsetter uses: TypeScript declares them only in its DOM library.
declare namespace WebAssembly {
  interface Memory {
    readonly buffer: ArrayBuffer;
  }
  function instantiate(bytes: Uint8Array): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
