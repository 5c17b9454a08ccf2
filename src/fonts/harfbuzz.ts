/**
 * HarfBuzz's shaper, which harfbuzzjs starts with a top-level await: this module is imported
 * when the fonts are first loaded, and stays an ES module beside the command line's bundle.
 */
export { Blob, Buffer, Face, Feature, Font, GlyphFlag, shape } from 'harfbuzzjs';
