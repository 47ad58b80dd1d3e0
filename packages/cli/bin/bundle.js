'use strict';
// The bundled CLI in dist/bundle/ (made by build.mjs) and how a run uses it. Shared by the
// launcher and by build.mjs, which compiles the bundles the same way to make their code caches
// (V8 accepts a cache only for the source and origin it was made from).
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const BUNDLE_DIR = path.join(__dirname, '..', 'dist', 'bundle');
/** The whole CLI; `cmd-<command>` bundles hold one top-level command each. */
const FULL = 'hvmpack';
const MANIFEST = path.join(BUNDLE_DIR, 'manifest.json');
const HELP = 'help.json';
/**
 * The help width of a run whose standard output is not a terminal, or is one at least this wide
 * (`helpWidth` in src/main.ts); help.json holds the screens at this width.
 */
const REPLAY_WIDTH = 100;
// Each bundle file is this function expression around esbuild's CommonJS output, compiled as it is.
const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) {';
const WRAPPER_TAIL = '\n})';

const scriptOf = (name) => path.join(BUNDLE_DIR, `${name}.cjs`);
const cacheOf = (name) => path.join(BUNDLE_DIR, `${name}.code-cache`);

/**
 * The manifest when the bundles exist and every tsc build recorded there is still the one they
 * were made from; undefined otherwise. After `tsc -b` alone (sources edited) the launcher runs
 * dist/ instead, so a run never sees code older than the last build.
 */
function currentManifest() {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));
  } catch {
    return undefined;
  }
  for (const [file, mtimeMs] of Object.entries(manifest.builds)) {
    let now;
    try {
      now = fs.statSync(path.join(BUNDLE_DIR, file)).mtimeMs;
    } catch {
      // An installed package ships no build info: its bundles are the ones it was published with.
      continue;
    }
    if (now !== mtimeMs) return undefined;
  }
  return manifest;
}

function isCurrent() {
  return currentManifest() !== undefined;
}

/**
 * The bundle a run of `argv` needs: the one of the command its first word names (the word the CLI
 * itself takes as the command, see runCli), or the whole CLI.
 */
function bundleFor(argv, manifest) {
  const first = argv.find((a) => !a.startsWith('-'));
  return first !== undefined && manifest.commands.includes(first) ? `cmd-${first}` : FULL;
}

/**
 * Compiles and evaluates a bundle as Node would a CommonJS module, with `cachedData` (a V8 code
 * cache, or undefined); returns its exports and the compiled script. `source` is the bundle's
 * text when the caller has read it already.
 */
function load(name, cachedData, source = readScript(name)) {
  const file = scriptOf(name);
  const script = new vm.Script(source, { filename: file, ...(cachedData !== undefined && { cachedData }) });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, file, BUNDLE_DIR);
  return { exports: module.exports, script };
}

function readScript(name) {
  // esbuild writes ASCII only (non-ASCII as escapes; build.mjs checks), and Latin-1 is the
  // cheapest decoding for it: through the UTF-8 decoder it cost as much as compiling.
  return fs.readFileSync(scriptOf(name), 'latin1');
}

/**
 * `hvmpack [command…] --help` as the build rendered it, when the run would print it at the same
 * width: help is the same text every time, and the CLI need not load to print it. True when done.
 */
function replayHelp(argv) {
  if (argv.length === 0 || argv[argv.length - 1] !== '--help') return false;
  const words = argv.slice(0, -1);
  if (words.some((w) => w.startsWith('-'))) return false;
  if (process.stdout.isTTY && process.stdout.columns < REPLAY_WIDTH) return false;
  // yargs then renders help without wrapping at all.
  if (process.env.YARGS_DISABLE_WRAP) return false;
  let help;
  try {
    help = JSON.parse(fs.readFileSync(path.join(BUNDLE_DIR, HELP), 'utf8'));
  } catch {
    return false;
  }
  const text = help.width === REPLAY_WIDTH ? help.screens[words.join(' ')] : undefined;
  if (text === undefined) return false;
  // `hvmpack --help | head` closes the pipe early, as runFromProcess allows.
  process.stdout.on('error', (e) => {
    if (e.code !== 'EPIPE') throw e;
  });
  process.stdout.write(text);
  return true;
}

/** Runs the CLI from the bundles when they are current; false (nothing run) otherwise. */
function runBundle() {
  const manifest = currentManifest();
  if (manifest === undefined) return false;
  const argv = process.argv.slice(2);
  if (replayHelp(argv)) return true;
  // A command's bundle that is missing (a partly deleted dist/) leaves the whole CLI's, then dist/.
  for (const name of new Set([bundleFor(argv, manifest), FULL])) {
    let source;
    try {
      source = readScript(name);
    } catch {
      continue;
    }
    let cachedData;
    try {
      cachedData = fs.readFileSync(cacheOf(name));
    } catch {
      cachedData = undefined;
    }
    load(name, cachedData, source).exports.runFromProcess();
    return true;
  }
  return false;
}

module.exports = { BUNDLE_DIR, FULL, MANIFEST, HELP, REPLAY_WIDTH, WRAPPER_HEAD, WRAPPER_TAIL, scriptOf, cacheOf, currentManifest, isCurrent, bundleFor, load, replayHelp, runBundle };
