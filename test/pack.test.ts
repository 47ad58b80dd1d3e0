// Every package is publishable on its own: `pnpm pack` gives a tarball with versions instead of
// `workspace:*`, the metadata a registry shows, no map pointing at a file it does not ship, and
// types that resolve for a consumer under moduleResolution nodenext, bundler and node10. The
// tarballs are unpacked into a scratch project's node_modules (as an offline install would lay
// them out), each package README's example is typechecked there with the repo's own TypeScript,
// and each package is imported by Node.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/env.js';
import { tempDir } from './support/tools.js';

const packagesDir = path.join(repoRoot, 'packages');
const names = readdirSync(packagesDir).filter((n) => existsSync(path.join(packagesDir, n, 'package.json'))).sort();
const built = names.every((n) => existsSync(path.join(packagesDir, n, 'dist', 'index.d.ts')));
if (!built) console.log('pack: skipped (run `tsc -b` first: the packages have no dist/)');

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs a program without blocking the test worker (tsc takes seconds), with a timeout. */
function run(cmd: string, args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 }, (e, stdout, stderr) => {
      const code = e ? (typeof e.code === 'number' ? e.code : 1) : 0;
      resolve({ status: code, stdout, stderr: stderr + (e && typeof e.code !== 'number' ? String(e) : '') });
    });
  });
}

/** pnpm as the test was started by it (`pnpm test` sets npm_execpath), else the pinned one through npx. */
function pnpm(args: string[], cwd: string): Promise<Run> {
  const exec = process.env['npm_execpath'];
  if (exec !== undefined && /pnpm/.test(path.basename(exec)) && /\.c?js$/.test(exec)) return run(process.execPath, [exec, ...args], cwd);
  return run('npx', ['-y', 'pnpm@10', ...args], cwd);
}

interface Manifest {
  name: string;
  private?: boolean;
  description?: string;
  license?: string;
  repository?: { url?: string; directory?: string };
  engines?: { node?: string };
  main?: string;
  types?: string;
  exports?: Record<string, { types?: string; default?: string }>;
  dependencies?: Record<string, string>;
}

/** The ```ts block of a README. */
function readmeExample(readme: string): string | undefined {
  return /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
}

describe.skipIf(!built)('pnpm pack of every package', () => {
  const work = tempDir('pack');
  const tarballs = path.join(work, 'tarballs');
  const scratch = path.join(work, 'scratch');
  const unpacked = (n: string): string => path.join(scratch, 'node_modules', '@hvmpack', n);

  beforeAll(async () => {
    mkdirSync(tarballs, { recursive: true });
    const r = await pnpm(['-r', '--filter', './packages/*', 'pack', '--pack-destination', tarballs], repoRoot);
    expect(r.status, r.stderr).toBe(0);
    for (const n of names) {
      mkdirSync(unpacked(n), { recursive: true });
      const t = await run('tar', ['-xzf', path.join(tarballs, `hvmpack-${n}-0.1.0.tgz`), '-C', unpacked(n), '--strip-components=1'], work);
      expect(t.status, t.stderr).toBe(0);
    }
    // What an install would bring besides our packages: the CLI's yargs and its types (both
    // dependencies of @hvmpack/cli, checked below), linked from this repository's install.
    const link = (name: string, from: string): void => {
      const to = path.join(scratch, 'node_modules', name);
      mkdirSync(path.dirname(to), { recursive: true });
      symlinkSync(realpathSync(from), to, 'dir');
    };
    link('yargs', path.join(packagesDir, 'cli', 'node_modules', 'yargs'));
    link('@types/yargs', path.join(packagesDir, 'cli', 'node_modules', '@types', 'yargs'));
  }, 180_000);

  it.each(names)('@hvmpack/%s: versions for workspace:*, metadata, README and LICENSE, maps with their sources', (n) => {
    const dir = unpacked(n);
    const m = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
    expect(m.private).toBeUndefined();
    for (const [dep, range] of Object.entries(m.dependencies ?? {})) expect(range, dep).not.toMatch(/workspace:/);
    for (const dep of Object.keys(m.dependencies ?? {}).filter((d) => d.startsWith('@hvmpack/'))) expect(m.dependencies![dep]).toBe('0.1.0');
    expect(m.description?.length).toBeGreaterThan(40);
    expect(m.license).toBe('MIT');
    expect(m.repository?.directory).toBe(`packages/${n}`);
    expect(m.engines?.node).toBe('>=20');
    expect(m.types).toBe('./dist/index.d.ts');
    expect(m.exports?.['.']?.types).toBe(m.types);
    expect(readFileSync(path.join(dir, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    expect(readmeExample(readFileSync(path.join(dir, 'README.md'), 'utf8'))).toBeDefined();
    // Every source and declaration map points at files the tarball holds.
    const dist = path.join(dir, 'dist');
    const missing: string[] = [];
    for (const f of readdirSync(dist, { recursive: true }) as string[]) {
      if (!f.endsWith('.map')) continue;
      const map = JSON.parse(readFileSync(path.join(dist, f), 'utf8')) as { sources: string[] };
      for (const s of map.sources) if (!existsSync(path.resolve(dist, path.dirname(f), s))) missing.push(`${f} → ${s}`);
      // A map's own output file must be there too (no stale maps of deleted modules).
      if (!existsSync(path.join(dist, f.slice(0, -'.map'.length)))) missing.push(f);
    }
    expect(missing).toEqual([]);
  });

  it.each(names)('@hvmpack/%s: every package its declarations import comes with an install, types included', (n) => {
    // A consumer's install brings dependencies only: a declaration file that imports a package
    // from devDependencies (or one without types and no @types dependency) fails to typecheck.
    const dir = unpacked(n);
    const deps = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies ?? {};
    const imported = new Set<string>();
    for (const f of readdirSync(path.join(dir, 'dist'), { recursive: true }) as string[]) {
      if (!f.endsWith('.d.ts')) continue;
      for (const m of readFileSync(path.join(dir, 'dist', f), 'utf8').matchAll(/from '([^'.][^']*)'/g)) {
        if (m[1]!.startsWith('node:')) continue;
        imported.add(m[1]!.startsWith('@') ? m[1]!.split('/').slice(0, 2).join('/') : m[1]!.split('/')[0]!);
      }
    }
    for (const name of imported) {
      if (name.startsWith('@hvmpack/')) {
        expect(deps, `${n} imports ${name}`).toHaveProperty([name]);
        continue;
      }
      const own = JSON.parse(readFileSync(path.join(packagesDir, n, 'node_modules', name, 'package.json'), 'utf8')) as { types?: string; typings?: string };
      const typed = own.types !== undefined || own.typings !== undefined;
      expect(typed ? name in deps : `@types/${name}` in deps, `${n}'s declarations import ${name}`).toBe(true);
    }
  });

  it.each(['nodenext', 'bundler', 'node10'])('types resolve and the README examples typecheck under moduleResolution %s', async (resolution) => {
    const src = path.join(scratch, `src-${resolution}`);
    mkdirSync(src, { recursive: true });
    writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
    for (const n of names) {
      const example = readmeExample(readFileSync(path.join(unpacked(n), 'README.md'), 'utf8'))!;
      // Each file is a module of its own; the namespace import checks the whole public surface.
      writeFileSync(path.join(src, `${n}.ts`), `import * as all from '@hvmpack/${n}';\nexport const names${n} = Object.keys(all);\n${example}\nexport {};\n`);
    }
    // The two globals the examples and @hvmpack/host's types use, which a consumer has from Node
    // or a browser; declared here because checking all of @types/node would double the test's time.
    writeFileSync(path.join(src, 'globals.d.ts'), 'declare const console: { log(...values: unknown[]): void };\ndeclare class URL { constructor(url: string, base?: string | URL); readonly href: string }\n');
    writeFileSync(path.join(src, 'host-files.ts'), "import { isInputError } from '@hvmpack/host/files';\nexport const f: (e: unknown) => boolean = isInputError;\n");
    writeFileSync(path.join(src, 'smbios-indexed.ts'), "import { indexSmbios, type IndexedSmbios } from '@hvmpack/smbios/indexed';\nexport const i: (b: Uint8Array) => IndexedSmbios = indexSmbios;\n");
    const module = resolution === 'nodenext' ? 'nodenext' : resolution === 'bundler' ? 'esnext' : 'commonjs';
    const tsconfig = path.join(scratch, `tsconfig.${resolution}.json`);
    writeFileSync(
      tsconfig,
      JSON.stringify({
        // Our declaration files are checked (skipLibCheck off); TypeScript's own lib files are not.
        compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, skipDefaultLibCheck: true, target: 'es2022', lib: ['es2022'], module, moduleResolution: resolution, types: [] },
        include: [`src-${resolution}/*.ts`],
      }),
    );
    const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = await run(process.execPath, [tsc, '-p', tsconfig], scratch);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);

  it('every package imports in Node from the unpacked tarballs', async () => {
    const script = `for (const n of ${JSON.stringify(names)}) { const m = await import('@hvmpack/' + n); if (Object.keys(m).length === 0) throw new Error(n + ' exports nothing'); }`;
    writeFileSync(path.join(scratch, 'import-all.mjs'), script);
    const r = await run(process.execPath, ['import-all.mjs'], scratch);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
