// Issue 11 items 2, 3 and 7: where hvmpack writes. `-o -` is standard output; character devices,
// FIFOs and descriptor paths are written through and stay what they are; sockets, block devices,
// folders and dangling links are refused; no command writes over a file it read, inside a folder
// it read, or through a hard or symbolic link to either; `acpi extract` makes its folder whole or
// not at all, with one clear line for every way that fails.
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAcpiInput, sysfsNames } from '@hvmpack/acpi';
import { buildExampleHost } from '@hvmpack/host';
import { nodeIO, runCli } from '@hvmpack/cli';
import { runHvmpack } from './support/cli.js';
import { repoRoot } from './support/env.js';
import { tempDir } from './support/tools.js';

const work = tempDir('output');
const host = buildExampleHost();
const hostSmbios = path.join(work, 'host.bin');
const hostAcpi = path.join(work, 'host.txt');
writeFileSync(hostSmbios, host.smbiosDumpBin);
writeFileSync(hostAcpi, host.acpidumpText);
const bin = path.join(repoRoot, 'packages/cli/bin/hvmpack.js');
let n = 0;
const fresh = (name: string): string => path.join(work, `${n++}-${name}`);

/** The blob `pack smbios` writes to a regular file, to compare the other targets with. */
async function expectedBlob(): Promise<Buffer> {
  const f = fresh('blob.bin');
  const r = await runHvmpack(['pack', 'smbios', hostSmbios, '-o', f, '-q']);
  expect(r.code, r.stderr).toBe(0);
  return readFileSync(f);
}

function oneLineRefusal(r: { code: number; stderr: string; stdout: string }, want: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^hvmpack: [^\n]+\n$/);
  expect(r.stderr).toMatch(want);
}

function mknod(p: string, kind: 'c' | 'b', major: number, minor: number): string | undefined {
  const r = spawnSync('mknod', [p, kind, String(major), String(minor)], { encoding: 'utf8' });
  if (r.status === 0) return undefined;
  const reason = `mknod ${kind} not permitted here (${(r.stderr || r.error?.message || '').trim()})`;
  console.warn(`[skip] ${reason}`);
  return reason;
}

describe('-o: what is at the path decides', () => {
  it('-o - writes the blob to standard output and the summary to standard error', async () => {
    const want = await expectedBlob();
    const r = await runHvmpack(['pack', 'smbios', hostSmbios, '-o', '-']);
    expect(r.code, r.stderr).toBe(0);
    expect(Buffer.from(r.stdout, 'latin1').equals(want)).toBe(true);
    expect(r.stderr).toMatch(/-: \d+ structure\(s\)/);
  });

  it('-o /dev/stdout is standard output, whatever it is (a socket here, which cannot be opened by name)', async () => {
    const want = await expectedBlob();
    expect(existsSync(bin.replace('bin/hvmpack.js', 'dist/main.js')), 'run `tsc -b` first (the test command does)').toBe(true);
    const r = spawnSync(process.execPath, [bin, 'pack', 'smbios', hostSmbios, '-o', '/dev/stdout', '-q']);
    expect(r.status, r.stderr.toString()).toBe(0);
    expect(r.stdout.equals(want)).toBe(true);
  });

  it('a character device is written through and stays a device (mknod c 1 3, a /dev/null)', async (t) => {
    const dev = fresh('mynull');
    const skip = mknod(dev, 'c', 1, 3);
    if (skip) return t.skip(skip);
    const r = await runHvmpack(['pack', 'smbios', hostSmbios, '-o', dev, '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(dev).isCharacterDevice()).toBe(true);
    expect(readdirSync(work).filter((x) => x.endsWith('.tmp'))).toEqual([]);
  });

  it('a FIFO is written through to its reader and stays a FIFO', async () => {
    const want = await expectedBlob();
    const fifo = fresh('fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const chunks: Buffer[] = [];
    const read = new Promise<void>((resolve, reject) => {
      const s = createReadStream(fifo);
      s.on('data', (c) => chunks.push(c as Buffer));
      s.on('end', () => resolve());
      s.on('error', reject);
    });
    const r = await runHvmpack(['pack', 'smbios', hostSmbios, '-o', fifo, '-q']);
    await read;
    expect(r.code, r.stderr).toBe(0);
    expect(Buffer.concat(chunks).equals(want)).toBe(true);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('a symbolic link to a file: the file is replaced, the link stays a link', async () => {
    const want = await expectedBlob();
    const target = fresh('target.bin');
    writeFileSync(target, 'old');
    const link = fresh('link.bin');
    symlinkSync(target, link);
    const r = await runHvmpack(['pack', 'smbios', hostSmbios, '-o', link, '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target).equals(want)).toBe(true);
  });

  it('a socket is refused and left alone', async () => {
    const sock = fresh('sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(sock, resolve));
    try {
      oneLineRefusal(await runHvmpack(['pack', 'smbios', hostSmbios, '-o', sock, '-q']), /is a socket/);
      expect(lstatSync(sock).isSocket()).toBe(true);
    } finally {
      server.close();
    }
  });

  it('a block device is refused and left alone (mknod b 7 0, a loop device)', async (t) => {
    const dev = fresh('myloop');
    const skip = mknod(dev, 'b', 7, 0);
    if (skip) return t.skip(skip);
    oneLineRefusal(await runHvmpack(['pack', 'smbios', hostSmbios, '-o', dev, '-q']), /block device/);
    expect(lstatSync(dev).isBlockDevice()).toBe(true);
  });

  it.each([
    ['a folder', (p: string) => mkdirSync(p), /is a folder/],
    ['a dangling symbolic link', (p: string) => symlinkSync(path.join(work, 'nowhere'), p), /symbolic link to a missing file/],
  ])('%s is refused and left alone', async (_what, make, want) => {
    const p = fresh('target');
    make(p);
    const before = lstatSync(p);
    oneLineRefusal(await runHvmpack(['pack', 'smbios', hostSmbios, '-o', p, '-q']), want);
    const after = lstatSync(p);
    expect([after.ino, after.mode, after.mtimeMs]).toEqual([before.ino, before.mode, before.mtimeMs]);
  });
});

/** A sysfs-style folder of the example host's tables (FACP, DSDT, APIC, SSDT, OEMX). */
function acpiFolder(): string {
  const dir = fresh('tables');
  mkdirSync(dir);
  const set = decodeAcpiInput(new TextEncoder().encode(host.acpidumpText), 'host.txt');
  const names = sysfsNames(set.tables);
  set.tables.forEach((t, i) => writeFileSync(path.join(dir, names[i]!), t.bytes));
  return dir;
}

/** A sysfs-style SMBIOS folder (smbios_entry_point + DMI) made by splitting the example dump. */
function smbiosFolder(): string {
  const dir = fresh('dmi');
  mkdirSync(dir);
  const dump = host.smbiosDumpBin;
  // A --dump-bin file: the entry point at 0 (its length at 0x06 for _SM_, 0x06 for _SM3_), the table at 0x20.
  const epLength = dump[5]!;
  writeFileSync(path.join(dir, 'smbios_entry_point'), dump.subarray(0, epLength));
  writeFileSync(path.join(dir, 'DMI'), dump.subarray(32));
  return dir;
}

describe('no command writes over what it read', () => {
  const snapshot = (dir: string): string[] => readdirSync(dir).sort().map((f) => `${f}:${readFileSync(path.join(dir, f)).toString('hex')}`);

  it.each([
    ['pack acpi tables-dir -o tables-dir/SSDT (a file it read)', () => { const d = acpiFolder(); return { dir: d, argv: ['pack', 'acpi', d, '-o', path.join(d, 'SSDT'), '-q'] }; }],
    ['pack acpi tables-dir -o tables-dir/MCFG (a new file in the folder it read)', () => { const d = acpiFolder(); return { dir: d, argv: ['pack', 'acpi', d, '-o', path.join(d, 'MCFG'), '-q'] }; }],
    ['pack smbios dmi-dir -o dmi-dir/DMI', () => { const d = smbiosFolder(); return { dir: d, argv: ['pack', 'smbios', d, '-o', path.join(d, 'DMI'), '-q'] }; }],
    ['smbios dump-bin dmi-dir -o dmi-dir/new.bin', () => { const d = smbiosFolder(); return { dir: d, argv: ['smbios', 'dump-bin', d, '-o', path.join(d, 'new.bin')] }; }],
    ['acpi extract tables-dir -o tables-dir/out', () => { const d = acpiFolder(); return { dir: d, argv: ['acpi', 'extract', d, '-o', path.join(d, 'out')] }; }],
  ])('%s is refused', async (_what, setup) => {
    const { dir, argv } = setup();
    const before = snapshot(dir);
    oneLineRefusal(await runHvmpack(argv), /refusing to (overwrite the input|write inside the input folder)/);
    expect(snapshot(dir)).toEqual(before);
  });

  // Every writing command, its output a hard link and a symbolic link to a file it reads.
  const blob = (): string => {
    const f = fresh('in-blob.bin');
    writeFileSync(f, readFileSync(hostSmbios));
    return f;
  };
  const writers: [string, (input: string) => { input: string; argv: (out: string) => string[] }][] = [
    ['smbios dump-bin', () => ({ input: hostSmbios, argv: (o) => ['smbios', 'dump-bin', hostSmbios, '-o', o] })],
    ['pack smbios', () => ({ input: hostSmbios, argv: (o) => ['pack', 'smbios', hostSmbios, '-o', o, '-q'] })],
    ['pack acpi', () => ({ input: hostAcpi, argv: (o) => ['pack', 'acpi', hostAcpi, '-o', o, '-q'] })],
    ['plan --svg', () => ({ input: hostSmbios, argv: (o) => ['plan', '--loader', '0x60000', '--module', `acpi=${hostSmbios}`, '--memory', '512', '--svg', o] })],
  ];
  it.each(writers.flatMap(([name, make]) => (['hard link', 'symbolic link'] as const).map((how) => ({ name, make, how }))))('$name -o <$how to its input> is refused', async ({ make, how }) => {
    const { input, argv } = make(blob());
    const out = fresh('alias.bin');
    if (how === 'hard link') linkSync(input, out);
    else symlinkSync(input, out);
    const before = readFileSync(input);
    oneLineRefusal(await runHvmpack(argv(out)), /refusing to overwrite the input/);
    expect(readFileSync(input).equals(before)).toBe(true);
  });
});

describe('acpi extract -o', () => {
  const leftovers = (dir: string): string[] => readdirSync(dir).filter((x) => x.endsWith('.tmp'));

  it('writes a new folder whole, parents included, leaving no temporary folder', async () => {
    const parent = fresh('x');
    const out = path.join(parent, 'y', 'tables');
    const r = await runHvmpack(['acpi', 'extract', hostAcpi, '-o', out, '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['apic.dat', 'dsdt.dat', 'facp.dat', 'oemx.dat', 'ssdt.dat']);
    expect(leftovers(path.dirname(out))).toEqual([]);
  });

  it.each([
    ['an existing file', () => { const f = fresh('file'); writeFileSync(f, 'keep'); return f; }, /exists and is not a folder/],
    ['a folder that is not empty', () => { const d = fresh('full'); mkdirSync(d); writeFileSync(path.join(d, 'keep'), 'keep'); return d; }, /not empty/],
    ['a file on the way', () => { const f = fresh('file'); writeFileSync(f, 'keep'); return path.join(f, 'sub'); }, /not a (folder|directory)/],
    ['-', () => '-', /-o -/],
  ])('%s: one line, exit 2, nothing changed', async (_what, make, want) => {
    const out = make();
    const before = readdirSync(work).sort();
    oneLineRefusal(await runHvmpack(['acpi', 'extract', hostAcpi, '-o', out]), want);
    expect(readdirSync(work).sort()).toEqual(before);
  });

  it('/proc/nope is one line at once (Node\'s recursive mkdir spins on it)', async (t) => {
    if (!existsSync('/proc/self')) return t.skip('no /proc');
    const started = Date.now();
    oneLineRefusal(await runHvmpack(['acpi', 'extract', hostAcpi, '-o', '/proc/nope/tables']), /cannot create a folder in \/proc|\/proc\/nope/);
    oneLineRefusal(await runHvmpack(['acpi', 'extract', hostAcpi, '-o', '/proc/nope']), /cannot create a folder in \/proc/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a read-only parent is one line, exit 2', async (t) => {
    if (process.getuid?.() === 0) return t.skip('running as root, for whom no folder is read-only');
    const parent = fresh('ro');
    mkdirSync(parent, { mode: 0o555 });
    oneLineRefusal(await runHvmpack(['acpi', 'extract', hostAcpi, '-o', path.join(parent, 'tables')]), /permission denied/);
  });
});

describe('- is standard input', () => {
  async function withStdin(argv: string[], bytes: Uint8Array): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io = { ...nodeIO(), stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t), readStdin: async () => bytes };
    return { code: await runCli(argv, io), stdout, stderr };
  }

  it.each([
    [['smbios', 'get', 'FILE', 'system-uuid'], hostSmbios],
    [['smbios', 'decode', 'FILE', '-t', '1'], hostSmbios],
    [['acpi', 'list', 'FILE'], hostAcpi],
    [['acpi', 'show', 'FILE', 'FACP'], hostAcpi],
    [['inspect', 'FILE'], hostAcpi],
  ])('%j prints the same from - as from the file', async (argv, file) => {
    const fromFile = await runHvmpack(argv.map((a) => (a === 'FILE' ? file : a)));
    const fromStdin = await withStdin(argv.map((a) => (a === 'FILE' ? '-' : a)), readFileSync(file));
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
    // Names of the input may differ (- for the file); the data may not.
    expect(fromStdin.stdout.replaceAll('-', '').replaceAll(file.replaceAll('-', ''), '')).toBe(fromFile.stdout.replaceAll('-', '').replaceAll(file.replaceAll('-', ''), ''));
  });

  it('cat F | hvmpack smbios get - system-uuid (the binary, a real pipe)', () => {
    const r = spawnSync(process.execPath, [bin, 'smbios', 'get', '-', 'system-uuid'], { input: readFileSync(hostSmbios), encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/i);
  });
});

describe('hvmpack completion', () => {
  const complete = (script: string, words: string[]): string[] => {
    const cword = words.length - 1;
    const r = spawnSync('bash', ['-c', `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${cword}; _hvmpack_complete; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.split('\n').filter((x) => x !== '');
  };

  it('completes commands, subcommands and options in bash', async (t) => {
    if (spawnSync('bash', ['--version']).status !== 0) return t.skip('bash not installed');
    const r = await runHvmpack(['completion', 'bash']);
    expect(r.code).toBe(0);
    expect(complete(r.stdout, ['hvmpack', 'gu'])).toEqual(['guest-view']);
    expect(complete(r.stdout, ['hvmpack', 'smbios', 'dec'])).toEqual(['decode']);
    expect(complete(r.stdout, ['hvmpack', 'pack', 'acpi', 'host.txt', '--tab'])).toEqual(['--tables']);
    // A file name position offers nothing, so bash falls back to file names (complete -o default).
    expect(complete(r.stdout, ['hvmpack', 'acpi', 'list', 'ho'])).toEqual([]);
  });

  it('the zsh script loads bashcompinit and registers the same function', async () => {
    const r = await runHvmpack(['completion', 'zsh']);
    expect(r.stdout).toContain('bashcompinit');
    expect(r.stdout).toContain('complete -o default -F _hvmpack_complete hvmpack');
  });
});

describe('dmidecode spellings', () => {
  it('smbios decode --from-dump X --dump-bin Y writes what smbios dump-bin X -o Y writes', async () => {
    const a = fresh('a.bin');
    const b = fresh('b.bin');
    expect((await runHvmpack(['smbios', 'decode', '--from-dump', hostSmbios, '--dump-bin', a, '-q'])).code).toBe(0);
    expect((await runHvmpack(['smbios', 'dump-bin', hostSmbios, '-o', b, '-q'])).code).toBe(0);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    expect(readFileSync(a).equals(readFileSync(hostSmbios))).toBe(true);
  });
});

describe('no input is this machine, as dmidecode and acpidump read it', () => {
  it.each([
    [['smbios', 'decode'], '/sys/firmware/dmi/tables'],
    [['smbios', 'dump-bin', '-o', '-'], '/sys/firmware/dmi/tables'],
    [['smbios', 'get', 'system-uuid'], '/sys/firmware/dmi/tables'],
    [['acpi', 'list'], '/sys/firmware/acpi/tables'],
    [['acpi', 'check'], '/sys/firmware/acpi/tables'],
  ])('%j reads %s, or says in one line why it cannot', async (argv, live) => {
    const implicit = await runHvmpack(argv);
    if (!existsSync(live)) {
      oneLineRefusal(implicit, /no input given, and this machine exposes no (SMBIOS|ACPI) tables here/);
      expect(implicit.stderr.startsWith(`hvmpack: ${live}: `)).toBe(true);
      return;
    }
    // Present: exactly what naming the folder prints (or the same error about it).
    const named = await runHvmpack([...argv.slice(0, 2), live, ...argv.slice(2)]);
    expect(implicit).toEqual(named);
  });
});
