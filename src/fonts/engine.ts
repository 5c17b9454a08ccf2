type HarfBuzz = typeof import('./harfbuzz.js');

let hb: HarfBuzz | undefined;

/** Starts HarfBuzz's shaper, once a process: its module compiles its WebAssembly as it loads. */
export async function startHarfBuzz(): Promise<void> {
  hb ??= await import('./harfbuzz.js');
}

/** HarfBuzz, once the fonts have started it. */
export function harfbuzz(): HarfBuzz {
  if (!hb) throw new Error('HarfBuzz is used before the fonts were loaded');
  return hb;
}
