#!/usr/bin/env node
// After `tsc`: bundles dist/cli into one CommonJS script, dist/handouts.cjs, which the launcher
// loads with V8's code cache (see src/launch.ts), and the launcher into dist/launch.cjs, which
// bin/handouts.js requires. Node 20 can keep compiled code only for a script, never for ES modules.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const BUNDLE = join(DIST, 'handouts.cjs');
const LAUNCHER = join(DIST, 'launch.cjs');
// Loaded only for --preview and serve, which the launcher runs from the modules (one copy of the
// library a process): the rasteriser, pdfjs and the server's worker threads are ES modules that
// require() cannot load, and the server's framework is no part of the other commands.
const LEFT_AS_MODULES = [join(DIST, 'preview', 'index.js'), join(DIST, 'server', 'index.js')];

const fromBundle = (path) => JSON.stringify(`./${relative(DIST, path)}`);

/**
 * A module's `import.meta.url` becomes its own file's URL, found from the bundle's folder at run
 * time, so that the data files each package reads beside itself are still found.
 */
const moduleUrls = {
  name: 'module-urls',
  setup(bundler) {
    // Files only: a stand-in's path is its real module's, which it is not.
    bundler.onLoad({ filter: /\.[cm]?js$/, namespace: 'file' }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      if (!source.includes('import.meta')) return undefined;
      return { contents: source.replaceAll('import.meta.url', `__moduleUrl(${fromBundle(path)})`), loader: 'js' };
    });
  },
};

const leftAsModules = {
  name: 'left-as-modules',
  setup(bundler) {
    bundler.onResolve({ filter: /^\./ }, ({ path, resolveDir }) => {
      const resolved = join(resolveDir, path);
      return LEFT_AS_MODULES.includes(resolved) ? { path: fromBundle(resolved).slice(1, -1), external: true } : undefined;
    });
  },
};

/**
 * Stand-ins for packages whose loading costs every start time that only some commands need, by
 * package name: each is given the real module's path and returns the source standing in for it.
 */
const STAND_INS = {
  // yargs and its help layout measure text with it only to print help, yet each copy builds an
  // emoji expression and a text segmenter as it loads (~40 ms): it loads at its first call.
  'string-width': (real) => `let loaded;
export default function stringWidth(...args) {
  loaded ??= require(${real});
  return loaded.default(...args);
}
`,
  // fontkit's shapers, unicode-properties and linebreak inflate five Unicode tables as they load
  // (~40 ms), though a rebuild shapes nothing new and no text here needs the Indic shapers: each
  // table inflates at its first lookup.
  'unicode-trie': (real) => `const UnicodeTrie = require(${real});
module.exports = class LazyUnicodeTrie {
  constructor(data) {
    this.data = data;
  }
  get(codePoint) {
    return (this.trie ??= new UnicodeTrie(this.data)).get(codePoint);
  }
};
`,
  // unicode-trie inflates each table with a deflate decoder written in JavaScript, ~20 ms of the
  // first shaping and line breaking of a process: zlib's gives the very same bytes in a tenth.
  'tiny-inflate': () => `const { inflateRawSync } = require('node:zlib');
module.exports = function inflate(source, dest) {
  const inflated = inflateRawSync(source);
  dest.set(inflated.subarray(0, dest.length));
  return inflated.length < dest.length ? dest.slice(0, inflated.length) : dest;
};
`,
  // Handlebars builds a compiled template's code through source-map's SourceNode when that
  // package is there, only to turn it into a plain string (~7 ms of compiling the templates):
  // without it, Handlebars joins the strings itself, into the same code.
  'source-map': () => `module.exports = {};
`,
  // fontkit's decoder for WOFF2 fonts, which none of ours is: its dictionary would be 40% of the
  // bundle, read and digested at every start, so it stays outside, in node_modules.
  'brotli/decompress.js': () => `module.exports = (...args) => require('brotli/decompress.js')(...args);
`,
  // A rebuild takes its guide, markup and line breaks from the cache: the parsers, the schema
  // library, Handlebars and the line breaker load when first called (~10 ms of a rebuild's start).
  handlebars: (real) => `let loaded;
// A proxy: Handlebars is one object, of which only its functions and classes are used.
module.exports = new Proxy({}, { get: (_, key) => (key === '__esModule' ? undefined : (loaded ??= require(${real}))[key]) });
`,
  zod: (real) => `let loaded;
export const z = new Proxy({}, { get: (_, key) => (loaded ??= require(${real})).z[key] });
`,
  yaml: (real) => `let loaded;
const yaml = () => (loaded ??= require(${real}));
export const parse = (...args) => yaml().parse(...args);
export const parseDocument = (...args) => yaml().parseDocument(...args);
export const isNode = (...args) => yaml().isNode(...args);
export const visit = (...args) => yaml().visit(...args);
export const CST = new Proxy({}, { get: (_, key) => yaml().CST[key] });
export function LineCounter() {
  return new (yaml().LineCounter)();
}
`,
  'js-yaml': (real) => `let loaded;
const jsYaml = () => (loaded ??= require(${real}));
// Named, not loaded: load() takes the real schema in its place.
export const CORE_SCHEMA = Symbol('js-yaml CORE_SCHEMA');
export function load(source, options) {
  const real = jsYaml();
  return real.load(source, options?.schema === CORE_SCHEMA ? { ...options, schema: real.CORE_SCHEMA } : options);
}
`,
  linebreak: (real) => `let loaded;
export default function LineBreaker(text) {
  return new (loaded ??= require(${real})).default(text);
}
`,
  // BudouX's HTML processing parses with linkedom, ~250 ms to load, yet only its parser and
  // models are used here: the HTML parser loads if ever it is made.
  linkedom: (real) => `export class DOMParser {
  constructor() {
    return new (require(${real}).DOMParser)();
  }
}
`,
  // pdfkit, with fontkit and the font tables it defines as it loads (~15 ms), draws only what the
  // memo does not already hold: a rebuild with nothing changed draws nothing. `new` on a function
  // that returns an object gives that object.
  pdfkit: (real) => `let loaded;
export default function PDFDocument(...args) {
  return new (loaded ??= require(${real})).default(...args);
}
`,
  // pdfkit reads a font file with fontkit only for a document that names one by its file, which
  // none here does (the PDF stage writes its fonts itself), yet fontkit defines its tables as it
  // loads (~4 ms of every start that draws): it loads if ever that happens.
  fontkit: (real) => `let loaded;
exports.create = (...args) => (loaded ??= require(${real})).create(...args);
`,
  // pdfkit's cipher, for encrypted PDFs, which nothing here writes, builds its tables as it loads.
  '@noble/ciphers/aes': (real) => `let loaded;
const aes = () => (loaded ??= require(${real}));
export const cbc = (...args) => aes().cbc(...args);
export const ecb = (...args) => aes().ecb(...args);
`,
  // yargs checks two of its own invariants with Node's assert, which takes ~8 ms to load: it is
  // loaded only to report one that fails.
  assert: () => `export function strictEqual(actual, expected, message) {
  if (!Object.is(actual, expected)) require('node:assert').strictEqual(actual, expected, message);
}
export function notStrictEqual(actual, expected, message) {
  if (Object.is(actual, expected)) require('node:assert').notStrictEqual(actual, expected, message);
}
`,
};
const REAL_MODULE = Symbol('the module itself');

const standIns = {
  name: 'stand-ins',
  setup(bundler) {
    bundler.onResolve({ filter: new RegExp(`^(${Object.keys(STAND_INS).map((name) => name.replaceAll('.', '\\.')).join('|')})$`) }, async ({ path, resolveDir, kind, namespace, pluginData }) => {
      if (pluginData === REAL_MODULE) return undefined;
      // A stand-in names its package only to load it from outside the bundle.
      if (namespace === 'stand-in') return { path, external: true };
      const module = await bundler.resolve(path, { resolveDir, kind, pluginData: REAL_MODULE });
      return module.errors.length > 0 ? { errors: module.errors } : { path: module.path, namespace: 'stand-in', pluginData: path };
    });
    // An ES module stand-in without an export that an importer names fails this bundle, not a run.
    bundler.onLoad({ filter: /.*/, namespace: 'stand-in' }, ({ path, pluginData }) => ({ contents: STAND_INS[pluginData](JSON.stringify(path)), resolveDir: dirname(path), loader: 'js' }));
  },
};

/**
 * A script run through node:vm has no `import()` of its own when V8 takes its code from a cache,
 * so the launcher passes the bundle an `__importModule` that imports from the bundle's folder.
 */
function importedByLauncher(text) {
  let bundled = text;
  for (const path of LEFT_AS_MODULES) {
    const call = `import(${fromBundle(path)})`;
    if (!bundled.includes(call)) throw new Error(`bundling dist/cli: no ${call} to pass to the launcher`);
    bundled = bundled.replaceAll(call, `__importModule(${fromBundle(path)})`);
  }
  return bundled;
}

const BANNER = '"use strict";\nconst __bundleFolder = __dirname, __moduleUrl = (path) => require("node:url").pathToFileURL(require("node:path").join(__bundleFolder, path)).href;';

/** One CommonJS script of `entry` and what it imports, written to `outfile` in one step. */
async function bundleInto(outfile, { entry, plugins, define = {}, adjust = (text) => text }) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    charset: 'ascii',
    write: false,
    logLevel: 'silent',
    define,
    // Read before any module runs: yargs declares a top-level `__dirname` of its own.
    banner: { js: BANNER },
    plugins,
  });
  // An `import.meta` left empty would break a package only when it runs, so it fails the bundle here.
  const warnings = result.warnings.map((warning) => `${warning.location?.file}: ${warning.text}`);
  if (warnings.length > 0) throw new Error(`bundling ${relative(DIST, entry)}:\n${warnings.join('\n')}`);
  const temporary = `${outfile}.${process.pid}.tmp`;
  writeFileSync(temporary, adjust(result.outputFiles[0].text));
  renameSync(temporary, outfile);
}

/** The launcher imports the modules themselves only when the bundle is stale. */
const modulesOutside = {
  name: 'modules-outside',
  setup(bundler) {
    bundler.onResolve({ filter: /^\.\/cli\/index\.js$/ }, ({ path }) => ({ path, external: true }));
  },
};

await bundleInto(BUNDLE, {
  entry: join(DIST, 'cli', 'index.js'),
  plugins: [moduleUrls, leftAsModules, standIns],
  adjust: importedByLauncher,
});
// bin/handouts.js, a CommonJS script, requires it: Node then starts without its ES module loader.
await bundleInto(LAUNCHER, { entry: join(DIST, 'launch.js'), plugins: [moduleUrls, modulesOutside] });

/**
 * V8 compiles the bundle at a first run, some 60 ms, and the launcher keeps that code in the
 * cache for the next: it is compiled here once, in a build and a form of the shipped guide, and
 * kept in dist/compiled for any first run of those commands (src/launch.ts). It holds code, never
 * a guide's text or a form's values; V8 refuses it under another version of Node or other flags,
 * and the run compiles. A guide that fails to build costs that code, never the bundle.
 */
const FIRST_RUNS = [['build'], ['form', '--name', 'Sample Person', '--number', '0918 765 4321']];

function compileForFirstRuns() {
  const cache = mkdtempSync(join(tmpdir(), 'handouts-compile-'));
  rmSync(join(DIST, 'compiled'), { recursive: true, force: true });
  try {
    for (const argv of FIRST_RUNS) {
      const run = spawnSync(process.execPath, [join(DIST, '..', 'bin', 'handouts.js'), ...argv, '--out', join(cache, 'out')], { env: { ...process.env, HANDOUTS_CACHE_DIR: cache }, encoding: 'utf8' });
      if (run.status !== 0) {
        console.warn(`bundle: handouts ${argv[0]} of the shipped guide failed, so a first run compiles the bundle itself:\n${run.stderr}`);
        return;
      }
    }
    cpSync(join(cache, 'compiled'), join(DIST, 'compiled'), { recursive: true });
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

compileForFirstRuns();
