// Bundles the compiled CLI for start-up speed (issue 16), into dist/bundle/:
//
// - hvmpack.cjs: dist/index.js and everything it imports (yargs and yaml included) as one
//   CommonJS script. Every module a dynamic import() reaches (each command in
//   src/commands/index.ts, yargs) stays lazy: esbuild wraps it in an initialiser that runs on
//   first use, so a run still evaluates only the command it names, and a command added there is
//   bundled without a change here. CommonJS, because Node 20 sets up its ESM loader only for the
//   first ES module (about 20 ms), and because a classic script can be compiled with a V8 code
//   cache (Node 20 has no module compile cache).
// - hvmpack.code-cache: V8's compiled code for hvmpack.cjs, made by running the bundle here on
//   `--help`, `--version` and the demo (which runs smbios decode, acpi list, pack, check,
//   guest-view and plan), so a run starts from compiled functions instead of parsing 800 KiB.
//   V8 rejects it for another Node or V8 version and the run compiles as usual.
// - worker threads' scripts (host's pool worker and the jobs it imports) as ES modules beside it.
// - stamps.json: the tsc builds the bundle was made from (see bin/bundle.js).
//
// Run after `tsc -b` (the root `build`, `prepare`, `test` and `bench` scripts do): the input is
// tsc's output, so the bundle is the published JavaScript, joined.
import { build } from 'esbuild';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const cliDir = path.dirname(fileURLToPath(import.meta.url));
const packagesDir = path.dirname(cliDir);
const require = createRequire(import.meta.url);
const bundle = require('./bin/bundle.js');
const outdir = bundle.BUNDLE_DIR;

// A worker thread's script is named by URL, `new URL('../dist/<name>.js', import.meta.url)`
// (host's pool worker and the jobs it imports). In the bundle that URL would point beside
// hvmpack.cjs, so each such module is built as `<package>-<name>.js` there and the URL is
// rewritten to it.
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
      return real.errors.length > 0 ? { errors: real.errors } : { path: real.path, namespace: 'lazy-string-width' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-string-width' }, (args) => ({
      contents: [
        `import { oneColumnWidth } from ${JSON.stringify(textWidth)};`,
        'export default function stringWidth(text, options) {',
        `  return oneColumnWidth(text) ?? require(${JSON.stringify(args.path)}).default(text, options);`,
        '}',
      ].join('\n'),
      resolveDir: cliDir,
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  outdir,
  // Whitespace and syntax only: names stay, so stack traces and `name`s read as in dist/.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
};

const started = performance.now();
rmSync(outdir, { recursive: true, force: true });
const main = await build({
  ...common,
  entryPoints: { hvmpack: path.join(cliDir, 'dist', 'index.js') },
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  // A classic script has no import.meta; bin/bundle.js passes the bundle's own path as __filename.
  banner: { js: 'var __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  define: { 'import.meta.url': '__bundleUrl' },
  plugins: [workerUrls, lazyStringWidth],
});
const workers = await build({
  ...common,
  entryPoints: workerEntries(),
  format: 'esm',
  splitting: true,
  entryNames: '[name]',
  chunkNames: 'worker-chunk-[hash]',
  plugins: [workerUrls],
});

// bin/bundle.js reads the script as Latin-1, which is right only while it is ASCII.
if (/[^\x00-\x7f]/.test(readFileSync(bundle.SCRIPT, 'latin1'))) throw new Error(`cli bundle: ${bundle.SCRIPT} is not ASCII`);

// Which tsc builds the bundle was made from, with their times, so that a `tsc -b` after this
// script (sources edited) sends runs to dist/ until the next bundle. Paths are relative to the
// bundle folder.
const projects = new Set();
for (const input of [...Object.keys(main.metafile.inputs), ...Object.keys(workers.metafile.inputs)]) {
  const m = /(?:^|[\\/])packages[\\/]([\w-]+)[\\/]dist[\\/]/.exec(path.resolve(input));
  if (m) projects.add(m[1]);
}
const stamps = {};
for (const p of [...projects].sort()) {
  const info = path.join(packagesDir, p, 'tsconfig.tsbuildinfo');
  if (existsSync(info)) stamps[path.relative(outdir, info).split(path.sep).join('/')] = statSync(info).mtimeMs;
}
writeFileSync(path.join(outdir, 'stamps.json'), JSON.stringify(stamps, null, 2) + '\n');

// The code cache holds the functions compiled so far, so the bundle first runs what one-shot
// runs run, in this process, with output thrown away.
const { exports: cli, script } = bundle.load(undefined);
const scratch = mkdtempSync(path.join(tmpdir(), 'hvmpack-build-'));
try {
  const quiet = cli.withIO(cli.nodeIO(), { stdout: () => undefined, stderr: () => undefined });
  for (const argv of [['--version'], ['--help'], ['demo', '--out', path.join(scratch, 'text')], ['demo', '--json', '--out', path.join(scratch, 'json')]]) {
    const code = await cli.runCli(argv, quiet);
    if (code !== 0) throw new Error(`cli bundle: \`hvmpack ${argv.join(' ')}\` exited with ${code} while warming the code cache`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
writeFileSync(bundle.CODE_CACHE, script.createCachedData());

const sizes = readdirSync(outdir).map((f) => statSync(path.join(outdir, f)).size);
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
console.log(`cli bundle: ${sizes.length} files, ${kib(sizes.reduce((a, b) => a + b, 0))} in ${path.relative(process.cwd(), outdir) || '.'} (${Math.round(performance.now() - started)} ms)`);
