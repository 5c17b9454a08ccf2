#!/usr/bin/env node
// CommonJS (see package.json beside it): Node starts it without its ES module loader, ~10 ms of
// every run, and it requires the launcher as `npm run compile` bundles it. After a bare `tsc`, the
// launcher's module is newer than that script, and is imported instead.
'use strict';
const { statSync } = require('node:fs');
const { join } = require('node:path');

const dist = join(__dirname, '..', 'dist');
const modifiedAt = (file) => statSync(join(dist, file), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const launcher = modifiedAt('launch.cjs') >= modifiedAt('launch.js') ? Promise.resolve(require(join(dist, 'launch.cjs'))) : import('../dist/launch.js');

launcher
  .then(({ runCommandLine }) => runCommandLine({ argv: process.argv.slice(2) }))
  .then(({ code }) => {
    process.exitCode = code;
  });
