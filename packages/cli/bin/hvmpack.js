#!/usr/bin/env node
'use strict';
// Launcher. The CLI runs from dist/bundle/ (one script with a code cache: see build.mjs) while
// that bundle is as new as the compiled packages it was made from, and from dist/main.js (the
// per-package ES modules `tsc -b` builds) otherwise. This file is CommonJS (bin/package.json):
// a run from the bundle then never sets up Node's ES module loader.
const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === '--version') {
  // A toolstack may ask on every guest start; the answer needs none of the CLI.
  process.stdout.write(`${require('../package.json').version}\n`);
} else if (!require('./bundle.js').runBundle()) {
  import('../dist/main.js').then((m) => m.runFromProcess());
}
