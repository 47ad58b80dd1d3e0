// Bundles the compiled CLI for start-up speed (issue 16), into dist/bundle/:
//
// - hvmpack.cjs: dist/index.js and everything it imports (yargs and yaml included) as one
//   CommonJS script. Every module a dynamic import() reaches (each command in
//   src/commands/index.ts, yargs) stays lazy: esbuild wraps it in an initialiser that runs on
//   first use. CommonJS, because Node 20 sets up its ESM loader only for the first ES module
//   (about 20 ms), and because a classic script can be compiled with a V8 code cache (Node 20 has
//   no module compile cache).
// - cmd-<command>.cjs: the same for a run that names one top-level command (`smbios`, `plan`, …):
//   the other commands' modules are left out, so such a run reads and compiles only its own
//   code (a third to a half of the whole). Each bundle is self-contained, so a run loads exactly
//   one and every class (FormatError, UsageError) exists once in it. Commands that run other
//   commands (demo, completion) have none and run from hvmpack.cjs.
// - <bundle>.code-cache: V8's compiled code for each bundle, made by running it here on what
//   one-shot runs of its command run, so a run starts from compiled functions instead of
//   parsing. V8 rejects a cache for another Node or V8 version and the run compiles as usual.
// - help.json: every `--help` screen as the CLI prints it at the width used when standard output
//   is not a terminal, which the launcher replays without loading the CLI (see bin/bundle.js).
// - worker threads' scripts (host's pool worker and the jobs it imports) as ES modules.
// - manifest.json: the tsc builds the bundles were made from, and which commands have a bundle.
//
// Node's built-in modules are required on first use (lazyImports below): a run that never
// hashes, spawns a worker or asserts does not load crypto, worker_threads or assert.
//
// Run after `tsc -b` (the root `build`, `prepare`, `test` and `bench` scripts do): the input is
// tsc's output, so the bundles are the published JavaScript, joined.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { builtinModules, createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cliDir = path.dirname(fileURLToPath(import.meta.url));
const packagesDir = path.dirname(cliDir);
/** A path as the bundles name it: from the repository, so they do not depend on where it is checked out. */
const repoRelative = (p) => path.relative(path.dirname(packagesDir), p).split(path.sep).join('/');
const require = createRequire(import.meta.url);
const bundle = require('./bin/bundle.js');
const outdir = bundle.BUNDLE_DIR;
const distCommands = path.join(cliDir, 'dist', 'commands');

// A worker thread's script is named by URL, `new URL('../dist/<name>.js', import.meta.url)`
// (host's pool worker and the jobs it imports). In a bundle that URL would point beside the
// bundle, so each such module is built as `<package>-<name>.js` there and the URL is rewritten to
// it.
const WORKER_URL = /new URL\((['"])\.\.\/dist\/([\w.-]+)\.js\1, import\.meta\.url\)/g;

/** `{ '<package>-<name>': file }` for every module some package's dist/ names as a worker URL. */
function workerEntries() {
  const entries = {};
  for (const pkg of readdirSync(packagesDir)) {
    const dist = path.join(packagesDir, pkg, 'dist');
    if (!existsSync(dist)) continue;
    for (const f of readdirSync(dist)) {
      if (!f.endsWith('.js')) continue;
      const text = readFileSync(path.join(dist, f), 'utf8');
      for (const m of text.matchAll(WORKER_URL)) entries[`${pkg}-${m[2]}`] = path.join(dist, `${m[2]}.js`);
    }
  }
  return entries;
}

/**
 * Rewrites the worker URLs of our packages' modules to the bundle's worker scripts. Any other use
 * of import.meta.url would silently name a place beside the bundle instead of the module's own,
 * so it stops the build.
 */
const workerUrls = {
  name: 'worker-urls',
  setup(b) {
    b.onLoad({ filter: /[\\/]packages[\\/][\w-]+[\\/]dist[\\/][^\\/]+\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta')) return undefined;
      const pkg = path.basename(path.dirname(path.dirname(args.path)));
      const contents = text.replace(WORKER_URL, (_m, q, name) => `new URL(${q}./${pkg}-${name}.js${q}, import.meta.url)`);
      if (contents.replace(/new URL\((['"])\.\/[\w.-]+\.js\1, import\.meta\.url\)/g, '').includes('import.meta')) {
        return { errors: [{ text: `${args.path} uses import.meta other than as new URL('../dist/<module>.js', import.meta.url); the bundle cannot keep its meaning` }] };
      }
      return { contents, loader: 'js' };
    });
  },
};

// The string-width package creates an Intl.Segmenter as it loads, which loads ICU's segmentation
// data: about half of yargs' load time, for help texts that are one column per character. Each
// importer's `string-width` becomes its own package behind dist/text-width.js's answer, loaded
// (require() of a bundled module runs it on first use) only for a string that needs it.
const textWidth = path.join(cliDir, 'dist', 'text-width.js');
const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData === 'real') return undefined;
      const real = await b.resolve('string-width', { resolveDir: args.resolveDir, kind: args.kind, pluginData: 'real' });
      return real.errors.length > 0 ? { errors: real.errors } : { path: repoRelative(real.path), namespace: 'lazy-string-width', pluginData: real.path };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-string-width' }, (args) => ({
      contents: [
        `import { oneColumnWidth } from ${JSON.stringify(textWidth)};`,
        'export default function stringWidth(text, options) {',
        `  return oneColumnWidth(text) ?? require(${JSON.stringify(args.pluginData)}).default(text, options);`,
        '}',
      ].join('\n'),
      resolveDir: cliDir,
      loader: 'js',
    }));
  },
};

// An import of a Node built-in module that Node has not loaded by the time a script starts, or of
// a bundled package only some runs use (LAZY_PACKAGES), becomes an object whose properties load
// the module when first read. esbuild reads an import's bindings at their uses
// (`import_node_crypto.randomBytes`), so such a module is loaded by the first run that uses it,
// not by every run that bundles an importer of it: crypto, streams, assert, worker_threads and the
// ESM loader's `module` were about 10 ms of every one-shot run, and yaml (guest and policy files
// in YAML) ran its whole module graph in every prepare. The built-in modules Node has loaded
// already (fs, path, url, …) stay plain requires: they cost nothing, and each lazy import pays for
// copying the module's names. Export names are listed here at build time.
const LAZY_PACKAGES = ['yaml'];
const startupModules = new Set(modulesLoadedAtStart().filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length)));
const lazyBuiltinNames = builtinModules.filter((m) => !startupModules.has(m));
const escape = (m) => m.replace(/[/\\^$.*+?()[\]{}|]/g, '\\$&');
const LAZY = new RegExp(`^((node:)?(${lazyBuiltinNames.map(escape).join('|')})|${LAZY_PACKAGES.map(escape).join('|')})$`);

/** What Node has loaded when a script file (not `-e`, which loads more) starts. */
function modulesLoadedAtStart() {
  const dir = mkdtempSync(path.join(tmpdir(), 'hvmpack-build-'));
  try {
    const probe = path.join(dir, 'probe.cjs');
    writeFileSync(probe, 'process.stdout.write(JSON.stringify(process.moduleLoadList));');
    return JSON.parse(spawnSync(process.execPath, [probe], { encoding: 'utf8' }).stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const lazyImports = {
  name: 'lazy-imports',
  setup(b) {
    b.onResolve({ filter: LAZY }, async (args) => {
      if (args.pluginData === 'real') return undefined;
      if (!LAZY_PACKAGES.includes(args.path)) {
        // The lazy module's own require() of the built-in is the real one.
        return args.namespace === 'lazy' ? { path: args.path, external: true } : { path: `node:${args.path.replace(/^node:/, '')}`, namespace: 'lazy' };
      }
      const real = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: 'require-call', pluginData: 'real' });
      return real.errors.length > 0 ? { errors: real.errors } : { path: repoRelative(real.path), namespace: 'lazy', pluginData: real.path };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => {
      // A built-in stays outside the bundle; a package is bundled, and runs on first require().
      const target = args.pluginData ?? args.path;
      const names = Object.keys(require(target)).filter((n) => n !== 'default' && n !== '__esModule');
      return {
        contents: [
          'let m;',
          `const load = () => (m ??= require(${JSON.stringify(target)}));`,
          `for (const name of ${JSON.stringify(names)}) Object.defineProperty(exports, name, { get: () => load()[name], enumerable: true });`,
        ].join('\n'),
        resolveDir: cliDir,
        loader: 'js',
      };
    });
  },
};

// Two lines of yargs' platform shim cost every run time in a bundle; each is replaced, and a shim
// without the line (another yargs) bundles as it is, with a warning.
const YARGS_SHIM_EDITS = [
  // It imports `notStrictEqual` and `strictEqual` from assert, which it calls on every parse to
  // check its own invariants; importing them loads assert (about 5 ms). They become checks that
  // hold without assert and call its function only when they fail, for its error (both compare
  // with Object.is).
  {
    line: "import { notStrictEqual, strictEqual } from 'assert'",
    by: [
      "const notStrictEqual = (a, b, ...r) => { if (Object.is(a, b)) require('node:assert').notStrictEqual(a, b, ...r); };",
      "const strictEqual = (a, b, ...r) => { if (!Object.is(a, b)) require('node:assert').strictEqual(a, b, ...r); };",
    ].join(' '),
  },
  // It looks for the program's package.json from the folder above `node_modules` in its own path,
  // and, with none there (a bundle), from the working directory up to / (a listing per level,
  // then a failed assertion). From a bundle the search starts at the bundle, beside which the
  // CLI's own package.json is found two levels up.
  {
    line: "const mainFilename = __dirname.substring(0, __dirname.lastIndexOf('node_modules'));",
    by: 'const mainFilename = __dirname;',
  },
];
const yargsShim = {
  name: 'yargs-shim',
  setup(b) {
    b.onLoad({ filter: /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/ }, (args) => {
      let contents = readFileSync(args.path, 'utf8');
      const warnings = [];
      for (const edit of YARGS_SHIM_EDITS) {
        if (contents.includes(edit.line)) contents = contents.replace(edit.line, edit.by);
        else warnings.push({ text: `${args.path} no longer has \`${edit.line}\`; it is bundled without that edit` });
      }
      return { contents, loader: 'js', warnings };
    });
  },
};

/**
 * For the bundle of one command: the other commands' modules, which commands/index.ts imports
 * lazily and a run never loads when it names this command, become a module that fails loudly.
 */
function onlyCommandModules(keep) {
  return {
    name: 'only-command-modules',
    setup(b) {
      b.onResolve({ filter: /^\.\/[\w.-]+\.js$/ }, (args) => {
        if (path.resolve(args.importer) !== path.join(distCommands, 'index.js') || keep.has(args.path.slice(2))) return undefined;
        return { path: args.path.slice(2), namespace: 'not-in-bundle' };
      });
      b.onLoad({ filter: /.*/, namespace: 'not-in-bundle' }, (args) => ({
        contents: `throw new Error(${JSON.stringify(`this bundle has only the modules of ${[...keep].join(', ')}, not ${args.path} (see packages/cli/build.mjs)`)});`,
        loader: 'js',
      }));
    },
  };
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Whitespace and syntax only: names stay, so stack traces and `name`s read as in dist/.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  write: false,
};

/** One CommonJS bundle of dist/index.js, written as the script bin/bundle.js compiles. */
async function bundleCli(name, plugins) {
  const result = await build({
    ...common,
    entryPoints: [path.join(cliDir, 'dist', 'index.js')],
    outfile: bundle.scriptOf(name),
    format: 'cjs',
    // A classic script has no import.meta; bin/bundle.js passes the bundle's own path as __filename.
    banner: { js: 'var __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
    define: { 'import.meta.url': '__bundleUrl' },
    plugins: [workerUrls, lazyStringWidth, lazyImports, yargsShim, ...plugins],
  });
  const [out] = result.outputFiles;
  // bin/bundle.js reads the script as Latin-1, which is right only while it is ASCII.
  if (/[^\x00-\x7f]/.test(out.text)) throw new Error(`cli bundle: ${out.path} is not ASCII`);
  // The function expression bin/bundle.js compiles, in the file, so that a run compiles the file's
  // text as read instead of first copying it into a wrapper.
  writeFileSync(out.path, `${bundle.WRAPPER_HEAD}${out.text}${bundle.WRAPPER_TAIL}`, 'latin1');
  return result.metafile;
}

/** The modules (`smbios.js`, …) each command entry of commands/index.ts imports. */
function commandModules(entry) {
  return [...entry.load.toString().matchAll(/import\((['"])\.\/([\w.-]+\.js)\1\)/g)].map((m) => m[2]);
}

/** True when a command module runs other commands (demo, completion): it needs the whole CLI. */
function runsOtherCommands(file) {
  return /import\((['"])\.\.\/(main|tree)\.js\1\)|import\((['"])\.\/index\.js\3\)/.test(readFileSync(path.join(distCommands, file), 'utf8'));
}

const started = performance.now();
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const { commandEntries } = await import(pathToFileURL(path.join(distCommands, 'index.js')).href);
const ownBundles = commandEntries.filter((e) => !commandModules(e).some(runsOtherCommands));
const metafiles = [await bundleCli(bundle.FULL, [])];
for (const e of ownBundles) metafiles.push(await bundleCli(`cmd-${e.name}`, [onlyCommandModules(new Set(commandModules(e)))]));
const workers = await build({
  ...common,
  write: true,
  outdir,
  entryPoints: workerEntries(),
  format: 'esm',
  splitting: true,
  entryNames: '[name]',
  chunkNames: 'worker-chunk-[hash]',
  plugins: [workerUrls],
});
metafiles.push(workers.metafile);

// Which tsc builds the bundles were made from, with their times, so that a `tsc -b` after this
// script (sources edited) sends runs to dist/ until the next bundle. Paths are relative to the
// bundle folder.
const projects = new Set();
for (const m of metafiles) {
  for (const input of Object.keys(m.inputs)) {
    const p = /(?:^|[\\/])packages[\\/]([\w-]+)[\\/]dist[\\/]/.exec(path.resolve(input));
    if (p) projects.add(p[1]);
  }
}
const builds = {};
for (const p of [...projects].sort()) {
  const info = path.join(packagesDir, p, 'tsconfig.tsbuildinfo');
  if (existsSync(info)) builds[path.relative(outdir, info).split(path.sep).join('/')] = statSync(info).mtimeMs;
}

// The code caches hold the functions compiled so far, so each bundle first runs, in this process
// with output thrown away, what one-shot runs of its command run: the whole CLI the demo (which
// runs smbios decode, acpi list, pack, check, guest-view and plan), each command's own bundle the
// runs below on the demo's files, and its `--help` where there are none.
const scratch = mkdtempSync(path.join(tmpdir(), 'hvmpack-build-'));
const demo = path.join(scratch, 'demo');
const d = (f) => path.join(demo, f);
const o = (f) => path.join(scratch, f);
const WARM_UP = {
  [bundle.FULL]: [['--version'], ['--help'], ['demo', '--out', demo], ['demo', '--json', '--out', path.join(scratch, 'json')]],
  'cmd-smbios': [
    ['smbios', 'decode', d('host-smbios.bin')],
    ['smbios', 'decode', '--json', d('host-smbios.bin')],
    // A fleet's batch: one JSON line per dump, on the main thread (a few inputs start no worker).
    ['smbios', 'decode', '--json', d('host-smbios.bin'), d('host-smbios.bin'), d('host-smbios.bin')],
    ['smbios', 'get', d('host-smbios.bin'), 'system-uuid'],
  ],
  'cmd-acpi': [['acpi', 'list', d('host-acpidump.txt')], ['acpi', 'list', '--json', d('host-acpidump.txt')]],
  'cmd-pack': [['pack', 'smbios', d('host-smbios.bin'), '-o', o('smbios.bin'), '-q'], ['pack', 'acpi', d('host-acpidump.txt'), '-o', o('acpi.bin'), '-q']],
  'cmd-check': [['check', d('smbios.bin')], ['check', d('acpi.bin'), '--json']],
  'cmd-guest-view': [['guest-view', '--smbios', d('smbios.bin'), '--acpi', d('acpi.bin')], ['guest-view', '--smbios', d('smbios.bin'), '--json']],
  'cmd-plan': [['plan', '--loader', '0x40000', '--module', `smbios=${d('smbios.bin')}`, '--module', `acpi=${d('acpi.bin')}`, '--memory', '1024']],
  'cmd-inspect': [['inspect', d('modules.img')], ['inspect', d('smbios.bin')]],
  'cmd-audit': [['audit', d('host-smbios.bin')], ['audit', d('host-acpidump.txt'), '--json']],
  // A toolstack's runs, once per guest.
  'cmd-prepare': [['prepare', d('host-smbios.bin'), d('host-acpidump.txt'), '-o', o('prepare'), '-q']],
  'cmd-xenstore': [['xenstore', '--smbios', d('smbios.bin'), '--format', 'sh'], ['xenstore', '--smbios', d('smbios.bin'), '--acpi', d('acpi.bin'), '--json']],
  'cmd-xl-cfg': [['xl-cfg', '--smbios-firmware', d('smbios.bin'), '--acpi-firmware', d('acpi.bin')]],
  'cmd-qemu': [['qemu', 'prepare', d('host-smbios.bin'), d('host-acpidump.txt'), '-o', o('qemu'), '-q'], ['qemu', 'guest-view', '--args', path.join(o('qemu'), 'qemu.args')]],
  'cmd-redact': [['redact', d('host-smbios.bin'), '-o', o('redacted.bin'), '-q'], ['redact', d('host-acpidump.txt'), '-o', o('redacted.txt'), '-q']],
};
const caches = {};
const helpScreens = {};
try {
  for (const name of [bundle.FULL, ...ownBundles.map((e) => `cmd-${e.name}`)]) {
    const { exports: cli, script } = bundle.load(name, undefined);
    for (const argv of WARM_UP[name] ?? [[name.slice(4), '--help']]) {
      // Output thrown away, but taken as bytes where a real run's would be (nodeIO's
      // stdoutBytes); standard error kept for the message below.
      let stderr = '';
      const quiet = cli.withIO(cli.nodeIO(), { stdout: () => undefined, stderr: (t) => void (stderr += t), stdoutBytes: () => undefined });
      const code = await cli.runCli(argv, quiet);
      // 1 is a finding (check, audit), part of what such runs run; 2 and up is a wrong warm-up line.
      if (code > 1) throw new Error(`cli bundle: \`hvmpack ${argv.join(' ')}\` exited with ${code} while warming ${name}'s code cache: ${stderr.trim()}`);
    }
    caches[name] = script.createCachedData();
    if (name === bundle.FULL) await renderHelp(cli);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
for (const [name, data] of Object.entries(caches)) writeFileSync(bundle.cacheOf(name), data);
writeFileSync(path.join(outdir, bundle.HELP), JSON.stringify({ width: bundle.REPLAY_WIDTH, screens: helpScreens }) + '\n');
writeFileSync(bundle.MANIFEST, JSON.stringify({ builds, commands: ownBundles.map((e) => e.name) }, null, 2) + '\n');

/**
 * Renders every help screen (top level, each group, each command) as a run whose standard output
 * is not a terminal prints it: text and exit code.
 */
async function renderHelp(cli) {
  const { loadCommandTree } = await import(pathToFileURL(path.join(cliDir, 'dist', 'tree.js')).href);
  const keys = new Set(['', ...commandEntries.map((e) => e.name), ...(await loadCommandTree()).map((l) => l.words.join(' '))]);
  for (const key of keys) {
    let stdout = '';
    let stderr = '';
    const io = cli.withIO(cli.nodeIO(), { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stdoutIsTTY: false, stdoutColumns: undefined });
    const code = await cli.runCli([...(key ? key.split(' ') : []), '--help'], io);
    if (code !== 0 || stderr !== '') throw new Error(`cli bundle: \`hvmpack ${key} --help\` exited with ${code}: ${stderr}`);
    helpScreens[key] = stdout;
  }
}

const sizes = readdirSync(outdir).map((f) => statSync(path.join(outdir, f)).size);
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
console.log(`cli bundle: ${sizes.length} files, ${kib(sizes.reduce((a, b) => a + b, 0))} in ${path.relative(process.cwd(), outdir) || '.'} (${Math.round(performance.now() - started)} ms)`);
