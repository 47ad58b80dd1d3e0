'use strict';
// The bundled CLI in dist/bundle/ (made by build.mjs) and how it is compiled and run. Shared by
// the launcher and by build.mjs, which compiles the bundle the same way to make its code cache
// (V8 accepts a cache only for the source and origin it was made from).
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const BUNDLE_DIR = path.join(__dirname, '..', 'dist', 'bundle');
const SCRIPT = path.join(BUNDLE_DIR, 'hvmpack.cjs');
const CODE_CACHE = path.join(BUNDLE_DIR, 'hvmpack.code-cache');

/**
 * True when the bundle exists and every tsc build recorded in its stamps.json is still the one it
 * was made from: after `tsc -b` alone (sources edited) the launcher runs dist/ instead, so a run
 * never sees code older than the last build.
 */
function isCurrent() {
  let stamps;
  try {
    stamps = JSON.parse(fs.readFileSync(path.join(BUNDLE_DIR, 'stamps.json'), 'utf8'));
  } catch {
    return false;
  }
  for (const [file, mtimeMs] of Object.entries(stamps)) {
    let now;
    try {
      now = fs.statSync(path.join(BUNDLE_DIR, file)).mtimeMs;
    } catch {
      // An installed package ships no build info: its bundle is the one it was published with.
      continue;
    }
    if (now !== mtimeMs) return false;
  }
  return true;
}

/**
 * Compiles and evaluates the bundle as Node would a CommonJS module, with `cachedData` (a V8 code
 * cache, or undefined); returns its exports and the compiled script.
 */
function load(cachedData) {
  // esbuild writes ASCII only (non-ASCII as escapes; build.mjs checks), and Latin-1 is the
  // cheapest decoding for it: 800 KiB through the UTF-8 decoder cost as much as compiling.
  const source = fs.readFileSync(SCRIPT, 'latin1');
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: SCRIPT,
    ...(cachedData !== undefined && { cachedData }),
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, SCRIPT, BUNDLE_DIR);
  return { exports: module.exports, script };
}

/** Runs the CLI from the bundle when it is current; false (nothing run) otherwise. */
function runBundle() {
  if (!isCurrent()) return false;
  let cachedData;
  try {
    cachedData = fs.readFileSync(CODE_CACHE);
  } catch {
    cachedData = undefined;
  }
  load(cachedData).exports.runFromProcess();
  return true;
}

module.exports = { BUNDLE_DIR, SCRIPT, CODE_CACHE, isCurrent, load, runBundle };
