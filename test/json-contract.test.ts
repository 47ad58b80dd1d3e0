// The JSON contract (docs/json.md): every command's --json output validates against its schema in
// schemas/, on built-in fixtures and on the real-machine corpus; errors are one shape everywhere;
// one document is pretty only on a terminal.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeIO, runCli, type CliIO } from '@hvmpack/cli';
import { buildExampleHost } from '@hvmpack/host';
import { buildTable } from '@hvmpack/smbios';
import { loadCommandTree } from '../packages/cli/src/tree.js';
import { runHvmpack } from './support/cli.js';
import { corpusFiles, repoRoot, skipReason } from './support/env.js';
import { tempDir } from './support/tools.js';

const schemaDir = path.join(repoRoot, 'schemas');
const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
const validators = new Map<string, ValidateFunction>();
for (const f of readdirSync(schemaDir).filter((n) => n.endsWith('.schema.json'))) ajv.addSchema(JSON.parse(readFileSync(path.join(schemaDir, f), 'utf8')) as object);
function validator(name: string): ValidateFunction {
  let v = validators.get(name);
  if (!v) {
    v = ajv.getSchema(`urn:hvmpack:schema:${name}`);
    if (!v) throw new Error(`no schema ${name}`);
    validators.set(name, v);
  }
  return v;
}

const PLURALS = new Set(['structures', 'tables', 'modules', 'files', 'items', 'entries', 'findings', 'errors', 'warnings', 'slots', 'values', 'regions']);

/** Rules the schemas cannot say once for all: every `…Count` is a whole number, no document names its input `file`. */
function checkNaming(value: unknown, where: string, problems: string[]): void {
  if (Array.isArray(value)) value.forEach((x, i) => checkNaming(x, `${where}[${i}]`, problems));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.endsWith('Count') && !(Number.isInteger(v) && (v as number) >= 0)) problems.push(`${where}.${k} is not a count: ${JSON.stringify(v)}`);
      // A plural noun names a list; its count is `…Count` (the shape several commands used to have).
      if (typeof v === 'number' && PLURALS.has(k)) problems.push(`${where}.${k} is a count named like a list`);
      checkNaming(v, `${where}.${k}`, problems);
    }
  }
}

/** Checks each JSON line of `stdout` against `schema` (or the error schema, for an error document). */
function expectValid(stdout: string, schema: string): unknown[] {
  const lines = stdout.split('\n').filter((l) => l !== '');
  expect(lines.length).toBeGreaterThan(0);
  return lines.map((line) => {
    const doc = JSON.parse(line) as Record<string, unknown>;
    const name = 'error' in doc ? 'error' : schema;
    const v = validator(name);
    expect(v(doc), `${name}: ${ajv.errorsText(v.errors)}\n${line.slice(0, 400)}`).toBe(true);
    expect(Object.keys(doc)[0]).toBe('input');
    const problems: string[] = [];
    checkNaming(doc, '$', problems);
    expect(problems).toEqual([]);
    return doc;
  });
}

/** Runs `hvmpack argv --json` (compact: captured stdout is not a terminal) and validates it. */
async function jsonRun(argv: string[], schema: string, codes: readonly number[] = [0]): Promise<Record<string, unknown>[]> {
  const r = await runHvmpack([...argv, '--json']);
  expect(codes, `${argv.join(' ')} exited ${r.code}: ${r.stderr}`).toContain(r.code);
  return expectValid(r.stdout, schema) as Record<string, unknown>[];
}

describe('every command --json on built-in fixtures', () => {
  const dir = tempDir('json-contract');
  const f = (n: string): string => path.join(dir, n);
  beforeAll(async () => {
    const host = buildExampleHost();
    writeFileSync(f('host.bin'), host.smbiosDumpBin);
    writeFileSync(f('host.txt'), host.acpidumpText);
    for (const argv of [
      ['pack', 'smbios', f('host.bin'), '-o', f('smbios.bin')],
      ['pack', 'acpi', f('host.txt'), '-o', f('acpi.bin')],
      ['pack', 'modules', '--smbios', f('smbios.bin'), '--acpi', f('acpi.bin'), '-o', f('modules.img')],
      ['acpi', 'extract', f('host.txt'), '-o', f('table-files')],
      ['qemu', 'prepare', f('host.bin'), f('host.txt'), '--tables', 'SSDT', '-o', f('qemu-vm')],
    ]) expect((await runHvmpack(argv)).code).toBe(0);
  });

  // Every command line below, by the schema its output follows: the tree test checks each command has one.
  const runs: [string, () => string[], string, number[]?][] = [
    ['smbios decode', () => ['smbios', 'decode', f('host.bin')], 'smbios-decode'],
    ['smbios decode, two inputs (JSON lines)', () => ['smbios', 'decode', f('host.bin'), f('host.bin')], 'smbios-decode'],
    ['smbios get', () => ['smbios', 'get', f('host.bin'), 'system-manufacturer'], 'smbios-get'],
    ['smbios get --oem-string (one past the count: exit 0, as dmidecode)', () => ['smbios', 'get', f('host.bin'), '--oem-string', '3'], 'smbios-get'],
    ['smbios dump-bin', () => ['smbios', 'dump-bin', f('host.bin'), '-o', f('again.bin')], 'smbios-dump-bin'],
    ['acpi list', () => ['acpi', 'list', f('host.txt')], 'acpi-list'],
    ['acpi show', () => ['acpi', 'show', f('host.txt'), 'FACP'], 'acpi-show'],
    ['acpi extract', () => ['acpi', 'extract', f('host.txt'), '-o', f('tables')], 'acpi-extract'],
    ['acpi dump', () => ['acpi', 'dump', f('host.txt')], 'acpi-dump'],
    ['acpi check', () => ['acpi', 'check', f('host.txt')], 'acpi-check'],
    ['pack smbios', () => ['pack', 'smbios', f('host.bin'), '-o', f('smbios2.bin')], 'pack-smbios'],
    ['pack acpi', () => ['pack', 'acpi', f('host.txt'), '-o', f('acpi2.bin')], 'pack-acpi'],
    ['pack modules', () => ['pack', 'modules', '--smbios', f('smbios.bin'), '--acpi', f('acpi.bin'), '--meta', 'k=1', '-o', f('modules2.img')], 'pack-modules'],
    ['pack modules stopped by an error (nothing written)', () => ['pack', 'modules', '--orom', `8086:1234=${f('host.txt')}`, '-o', f('modules3.img')], 'pack-modules', [1]],
    ['check smbios', () => ['check', f('smbios.bin')], 'check', [0, 1]],
    ['check acpi', () => ['check', f('acpi.bin')], 'check', [0, 1]],
    ['check modules', () => ['check', f('modules.img')], 'check', [0, 1]],
    ['guest-view', () => ['guest-view', '--smbios', f('smbios.bin'), '--acpi', f('acpi.bin'), '--host-smbios', f('host.bin'), '--host-acpi', f('host.txt')], 'guest-view', [0, 1]],
    ['plan --example', () => ['plan', '--example'], 'plan', [0, 1]],
    ['plan with a module set', () => ['plan', '--loader', '0x60000', '--modules', f('modules.img'), '--memory', '2048', '--profile', 'rfc'], 'plan', [0, 1]],
    ['inspect a dump', () => ['inspect', f('host.bin')], 'inspect', [0, 1]],
    ['inspect a module set', () => ['inspect', f('modules.img')], 'inspect', [0, 1]],
    ['demo (JSON lines, one per step)', () => ['demo', '--out', f('demo')], 'demo'],
    ['prepare', () => ['prepare', f('host.bin'), f('host.txt'), '-o', f('prepared'), '--bios-strings-from', f('host.bin')], 'prepare'],
    ['prepare stopped by an error (nothing written)', () => ['prepare', '--example', '-o', f('gap'), '--bios-string', 'oem-2=x'], 'prepare', [1]],
    ['xenstore', () => ['xenstore', '--smbios', f('smbios.bin'), '--acpi', f('acpi.bin'), '--modules', f('modules.img'), '--domid', '7', '--hvm-info', '--loader', '0x60000'], 'xenstore'],
    ['xl-cfg', () => ['xl-cfg', '--smbios-firmware', f('smbios.bin'), '--vcpus', '2'], 'xl-cfg'],
    ['xl-cfg --merge', () => ['xl-cfg', '--merge', f('user.cfg'), '-o', f('merged.cfg')], 'xl-cfg'],
    ['xl-cfg stopped by an error', () => ['xl-cfg', '--bios-string', 'oem-2=x'], 'xl-cfg', [1]],
    ['completion', () => ['completion', 'bash'], 'completion'],
    ['audit with a guest', () => ['audit', f('host.bin'), f('host.txt'), '--xen', '4.17', '--firmware', 'ovmf'], 'audit', [0, 1]],
    ['audit without a guest (reach unknown)', () => ['audit', f('host.bin'), '--show-values'], 'audit', [0, 1]],
    ['audit of built blobs', () => ['audit', f('host.bin'), f('host.txt'), '--blobs', dir], 'audit', [0, 1]],
    ['audit for a QEMU guest', () => ['audit', f('host.bin'), f('host.txt'), '--target', 'qemu', '--machine', 'q35', '--firmware', 'ovmf'], 'audit', [0, 1]],
    ['redact', () => ['redact', f('host.bin'), '-o', f('redacted.bin')], 'redact'],
    ['pack smbios --redact', () => ['pack', 'smbios', f('host.bin'), '--redact', '-o', f('smbios-redacted.bin')], 'pack-smbios'],
    ['pack acpi --redact', () => ['pack', 'acpi', f('host.txt'), '--redact', '-o', f('acpi-redacted.bin')], 'pack-acpi'],
    ['prepare --redact', () => ['prepare', f('host.bin'), f('host.txt'), '--redact', '-o', f('prepared-redacted')], 'prepare'],
    ['redact a module set', () => ['redact', f('modules.img'), '-o', f('modules-redacted.img')], 'redact'],
    ['redact a folder of tables', () => ['redact', f('table-files'), '--only', 'oem-id', '-o', f('tables-redacted')], 'redact'],
    ['audit --fleet (a list of hosts, one unreadable)', () => (writeFileSync(f('fleet.txt'), [f('host.bin'), f('host.txt'), f('absent.bin')].join('\n')), ['audit', '--fleet', f('fleet.txt'), '-q']), 'audit-fleet', [1]],
    ['audit --fleet --files-from for a QEMU guest', () => (writeFileSync(f('fleet2.txt'), [f('host.bin'), f('host.txt')].join('\n')), ['audit', '--fleet', '--files-from', f('fleet2.txt'), '--target', 'qemu', '-q']), 'audit-fleet', [1]],
    ['audit --fleet with no guest named (reach unknown)', () => (writeFileSync(f('fleet3.txt'), f('host.bin')), ['audit', '--files-from', f('fleet3.txt'), '-q']), 'audit-fleet', [1]],
    ['qemu prepare', () => ['qemu', 'prepare', f('host.bin'), f('host.txt'), '--machine', 'q35', '--firmware', 'ovmf', '--smp', '2', '-o', f('qemu-prepared')], 'qemu-prepare'],
    ['qemu prepare stopped by an error (nothing written)', () => ['qemu', 'prepare', f('host.bin'), '--types', '1,127', '--firmware', 'ovmf', '-o', f('qemu-gap')], 'qemu-prepare', [1]],
    ['qemu guest-view', () => ['qemu', 'guest-view', '--args', f('qemu-vm/qemu.args'), '--firmware', 'ovmf'], 'qemu-guest-view'],
  ];

  it('has a schema for every command in the tree, and runs each here', async () => {
    const leaves = await loadCommandTree();
    expect(leaves.length).toBeGreaterThan(15);
    const schemas = new Set(readdirSync(schemaDir).map((n) => n.replace(/\.schema\.json$/, '')));
    const run = new Set(runs.map((r) => r[2]));
    // --json is a global option: every command takes it, so every command needs a schema.
    for (const { words } of leaves) {
      const name = words.join('-');
      expect(schemas.has(name), `hvmpack ${words.join(' ')} --json has no schemas/${name}.schema.json`).toBe(true);
      expect(run.has(name), `hvmpack ${words.join(' ')} --json is not run by the contract test`).toBe(true);
    }
    // The rest are shared parts, not commands: a schema left behind by a removed command fails here.
    const commands = new Set(leaves.map((l) => l.words.join('-')));
    expect([...schemas].filter((n) => !commands.has(n)).sort()).toEqual(['audit-fleet', 'error', 'finding', 'guest', 'policy']);
  });

  it.each(runs)('%s', async (_name, argv, schema, codes = [0]) => {
    writeFileSync(f('user.cfg'), '# mine\nname = "g"\nmemory = 512\n');
    const docs = await jsonRun(argv(), schema, codes);
    if ((schema === 'prepare' || schema === 'qemu-prepare') && docs[0]!['written'] === true) {
      // The folder's report.json is the document printed.
      const report = readFileSync(path.join(docs[0]!['output'] as string, 'report.json'), 'utf8');
      expect(JSON.parse(report)).toEqual(docs[0]);
    }
    if (schema === 'demo') {
      expect(docs.length).toBeGreaterThan(5);
      // Each step's own document holds to its command's contract too.
      for (const d of docs) {
        const [group, sub] = d['argv'] as string[];
        expectValid(JSON.stringify(d['output']), ['smbios', 'acpi', 'pack'].includes(group!) ? `${group}-${sub}` : group!);
      }
    }
  });

  it.each<[string, () => string[], string]>([
    ['a missing file', () => ['smbios', 'decode', f('absent.bin')], 'NOT_FOUND'],
    ['an unknown format', () => ['inspect', f('junk.bin')], 'UNKNOWN_FORMAT'],
    ['a bad --threads', () => ['smbios', 'decode', f('host.bin'), f('host.bin'), '--threads', 'abc'], 'USAGE'],
    ['an unknown option', () => ['acpi', 'list', f('host.txt'), '--tabels', 'x'], 'USAGE'],
    ['a missing guest file (xl-cfg)', () => ['xl-cfg', '--guest', f('absent.json')], 'NOT_FOUND'],
    ['a missing blob (xenstore)', () => ['xenstore', '--smbios', f('absent.bin')], 'NOT_FOUND'],
    ['a non-empty folder (prepare)', () => ['prepare', '--example', '-o', dir], 'USAGE'],
  ])('prints the error document for %s (exit 2), the same line on stderr', async (_name, argv, code) => {
    writeFileSync(f('junk.bin'), Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff));
    const r = await runHvmpack([...argv(), '--json']);
    expect(r.code).toBe(2);
    const [doc] = expectValid(r.stdout, 'error') as { error: { code: string; message: string } }[];
    expect(doc!.error.code).toBe(code);
    expect(r.stderr).toContain(`hvmpack: ${doc!.error.message}`);
    expect(r.stderr).not.toMatch(/NaN/);
  });
});

describe('JSON style: one document pretty on a terminal, compact in a pipe', () => {
  const dir = tempDir('json-style');
  const input = path.join(dir, 'host.bin');
  mkdirSync(dir, { recursive: true });
  writeFileSync(input, buildExampleHost().smbiosDumpBin);

  async function run(tty: boolean, extra: string[]): Promise<string> {
    let out = '';
    const io: CliIO = { ...nodeIO(), stdoutIsTTY: tty, stdout: (t) => void (out += t), stderr: () => undefined };
    expect(await runCli(['smbios', 'get', input, 'system-manufacturer', '--json', ...extra], io)).toBe(0);
    return out;
  }

  it.each<[string, boolean, string[], boolean]>([
    ['a terminal', true, [], true],
    ['a pipe', false, [], false],
    ['a pipe with --pretty', false, ['--pretty'], true],
    ['a terminal with --no-pretty', true, ['--no-pretty'], false],
  ])('%s', async (_name, tty, extra, pretty) => {
    const out = await run(tty, extra);
    expect(out.trimEnd().includes('\n')).toBe(pretty);
    expect(JSON.parse(out)).toEqual({ input, keyword: 'system-manufacturer', values: ['Example Computers', 'Example Computers'] });
  });
});

describe('SMBIOS JSON details', () => {
  const dir = tempDir('json-smbios');
  mkdirSync(dir, { recursive: true });

  it('keeps type 14 items (member type and handle), as the text shows them', async () => {
    // DSP0134 §7.15: name string at 0x04, then 3-byte items (type u8, handle u16).
    const data = Uint8Array.of(1, 0x04, 0x01, 0x00, 0x11, 0x20, 0x00);
    const file = path.join(dir, 'type14.bin');
    writeFileSync(file, buildTable([{ type: 14, handle: 0x0e, data, strings: ['Group'] }], { version: { major: 3, minor: 2 } }).dumpBin);
    const [doc] = await jsonRun(['smbios', 'decode', file], 'smbios-decode');
    const s = (doc!['structures'] as { type: number; fields: Record<string, unknown> }[]).find((x) => x.type === 14)!;
    expect(s.fields['items']).toEqual([{ type: 4, handle: 1 }, { type: 17, handle: 0x20 }]);
    const text = await runHvmpack(['smbios', 'decode', file, '-t', '14']);
    expect(text.stdout).toContain('\t\t0x0001 (Processor)\n\t\t0x0020 (Memory Device)');
  });

  it('keeps type 40 entries, as the text shows them', async () => {
    // DSP0134 §7.41: count at 0x04, then entries: length, referenced handle, offset, string, value.
    const data = Uint8Array.of(2, 6, 0x01, 0x00, 0x08, 1, 0x7f, 7, 0x20, 0x00, 0x10, 0, 0x34, 0x12);
    const file = path.join(dir, 'type40.bin');
    writeFileSync(file, buildTable([{ type: 40, handle: 0x28, data, strings: ['Speed'] }], { version: { major: 3, minor: 2 } }).dumpBin);
    const [doc] = await jsonRun(['smbios', 'decode', file], 'smbios-decode');
    const s = (doc!['structures'] as { type: number; fields: Record<string, unknown> }[]).find((x) => x.type === 40)!;
    expect(s.fields['entries']).toEqual([
      { referencedHandle: 1, referencedOffset: 8, string: 'Speed', value: 0x7f },
      { referencedHandle: 0x20, referencedOffset: 0x10, string: null, value: 0x1234 },
    ]);
    const text = await runHvmpack(['smbios', 'decode', file, '-t', '40']);
    expect(text.stdout).toContain('\tReferenced Handle: 0x0001\n\tReferenced Offset: 0x08\n\tString: Speed\n\tValue: 0x7f');
    expect(text.stdout).toContain('\tReferenced Handle: 0x0020\n\tReferenced Offset: 0x10\n\tString: Not Specified\n\tValue: 0x1234');
  });

  it('gives findings their structure type and handle as fields', async () => {
    // String number 5 in a one-string set.
    const file = path.join(dir, 'bad-string.bin');
    writeFileSync(file, buildTable([{ type: 14, handle: 0x0e, data: Uint8Array.of(5), strings: ['Group'] }], { version: { major: 3, minor: 2 } }).dumpBin);
    const [doc] = await jsonRun(['smbios', 'decode', file], 'smbios-decode', [0, 1]);
    const f = (doc!['findings'] as Record<string, unknown>[]).find((x) => x['code'] === 'SMBIOS_STRING_INDEX_OUT_OF_RANGE');
    expect(f).toMatchObject({ severity: 'warning', type: 14, handle: 0x0e, offset: expect.any(Number) });
  });

  it('collapses repeated findings in text, keeps each one in JSON', async () => {
    // Three type-2 structures: hvmloader uses only the first, so pack leaves two out.
    const file = path.join(dir, 'three-boards.bin');
    const boards = [0x20, 0x21, 0x22].map((handle) => ({ type: 2, handle, data: Uint8Array.of(1, 2, 3, 4), strings: ['Board', 'Model', 'A', 'S'] }));
    writeFileSync(file, buildTable(boards, { version: { major: 3, minor: 2 } }).dumpBin);
    const text = await runHvmpack(['pack', 'smbios', file, '-o', path.join(dir, 'boards.bin')]);
    expect(text.code).toBe(0);
    const lines = text.stderr.split('\n').filter((l) => l.includes('PACK_SMBIOS_DUPLICATE_LEFT_OUT'));
    expect(lines).toEqual([expect.stringMatching(/PACK_SMBIOS_DUPLICATE_LEFT_OUT ×2\b.*; 1 more like it$/)]);
    const [doc] = await jsonRun(['pack', 'smbios', file, '-o', path.join(dir, 'boards2.bin')], 'pack-smbios');
    const left = (doc!['findings'] as Record<string, unknown>[]).filter((f) => f['code'] === 'PACK_SMBIOS_DUPLICATE_LEFT_OUT');
    expect(left.map((f) => [f['type'], f['handle']])).toEqual([[2, 0x21], [2, 0x22]]);
  });

  it.each([['-1', /invalid type number -1:/], ['0x100', /invalid type number 0x100:/]])('refuses -t %s naming it as typed', async (t, says) => {
    const r = await runHvmpack(['smbios', 'decode', path.join(dir, 'type14.bin'), '-t', t]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(says);
    expect(r.stderr).not.toMatch(/18446744073709551615/);
  });
});

describe('every command --json on the corpus', () => {
  const smbios = corpusFiles('smbios');
  const acpi = corpusFiles('acpi');
  const skip = skipReason({ corpus: 'smbios' }) ?? skipReason({ corpus: 'acpi' });
  if (skip) console.log(`json contract on the corpus: skipped (${skip})`);
  const dir = tempDir('json-corpus');

  it.skipIf(skip !== undefined)('smbios decode (every dump, JSON lines); get, pack smbios, check, guest-view, inspect on every sixth', async () => {
    const docs = await jsonRun(['smbios', 'decode', ...smbios], 'smbios-decode', [0, 1, 2]);
    expect(docs.map((d) => d['input'])).toEqual(smbios);
    for (const [i, input] of smbios.filter((_, k) => k % 6 === 0).entries()) {
      const blob = path.join(dir, `smbios-${i}.bin`);
      await jsonRun(['smbios', 'get', input, 'system-uuid'], 'smbios-get', [0, 2]);
      await jsonRun(['pack', 'smbios', input, '-o', blob, '--force'], 'pack-smbios', [0, 1, 2]);
      await jsonRun(['check', blob], 'check', [0, 1]);
      await jsonRun(['guest-view', '--smbios', blob, '--host-smbios', input], 'guest-view', [0, 1]);
      await jsonRun(['inspect', input], 'inspect', [0, 1]);
    }
  });

  it.skipIf(skip !== undefined)('acpi list and check (every dump); dump, show, pack acpi, check, guest-view, pack modules, plan on eight', async () => {
    for (const [i, input] of acpi.entries()) {
      await jsonRun(['acpi', 'list', input], 'acpi-list', [0, 2]);
      await jsonRun(['acpi', 'check', input], 'acpi-check', [0, 1, 2]);
      if (i >= 8) continue;
      await jsonRun(['acpi', 'dump', input], 'acpi-dump', [0, 2]);
      await jsonRun(['acpi', 'show', input, 'FACP'], 'acpi-show', [0, 1, 2]);
      const blob = path.join(dir, `acpi-${i}.bin`);
      await jsonRun(['pack', 'acpi', input, '-o', blob, '--force'], 'pack-acpi', [0, 1, 2]);
      await jsonRun(['check', blob], 'check', [0, 1, 2]);
      await jsonRun(['guest-view', '--acpi', blob], 'guest-view', [0, 1, 2]);
      const img = path.join(dir, `modules-${i}.img`);
      await jsonRun(['pack', 'modules', '--acpi', blob, '-o', img], 'pack-modules', [0, 2]);
      await jsonRun(['plan', '--loader', '0x60000', '--modules', img, '--memory', '1024'], 'plan', [0, 1, 2]);
    }
  });

  it.skipIf(skip !== undefined)('prepare, xenstore and xl-cfg on every sixth SMBIOS host and eight ACPI hosts', async () => {
    let prepared = 0;
    const hosts = [...smbios.filter((_, k) => k % 6 === 0), ...acpi.slice(0, 8)];
    for (const [i, input] of hosts.entries()) {
      const out = path.join(dir, `prepared-${i}`);
      const [doc] = await jsonRun(['prepare', input, '-o', out], 'prepare', [0, 1, 2]);
      if (doc!['written'] !== true) continue;
      prepared++;
      const blob = (name: string): string[] => ((doc!['files'] as string[]).includes(name) ? [path.join(out, name)] : []);
      const smbiosBlob = blob('smbios.bin');
      const acpiBlob = blob('acpi.bin');
      const fromHost = smbios.includes(input) ? ['--bios-strings-from', input] : [];
      const [keys] = await jsonRun(['xenstore', ...smbiosBlob.flatMap((b) => ['--smbios', b]), ...acpiBlob.flatMap((b) => ['--acpi', b]), ...fromHost], 'xenstore', [0, 1]);
      expect(keys!['input']).toMatchObject({ ...(smbiosBlob[0] !== undefined && { smbios: smbiosBlob[0] }), ...(acpiBlob[0] !== undefined && { acpi: acpiBlob[0] }) });
      await jsonRun(['xl-cfg', ...smbiosBlob.flatMap((b) => ['--smbios-firmware', b]), ...acpiBlob.flatMap((b) => ['--acpi-firmware', b]), ...fromHost], 'xl-cfg', [0, 1]);
    }
    expect(prepared).toBeGreaterThan(hosts.length / 2);
  });
});
