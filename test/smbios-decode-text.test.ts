// Differential test of the whole `hvmpack smbios decode` text (preamble included) against
// `dmidecode --from-dump` on every corpus input, as a user diffing the two outputs would see it.
// dmidecode reads --dump-bin files directly; other containers go through our own --dump-bin.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTable, decodeSmbios, decodeSmbiosPair, encodeDumpBin, encodeEntryPoint, encodeRsmb, encodeTyped, rewriteTableAddress, type SmbiosTable } from '@hvmpack/smbios';
import { runHvmpack } from './support/cli.js';
import { corpusFiles, skipReason } from './support/env.js';
import { runTool, tempDir, toolOutput, type ToolRun } from './support/tools.js';

const reason = skipReason({ tools: ['dmidecode'], corpus: 'smbios' });
const toolReason = skipReason({ tools: ['dmidecode'] });
const work = tempDir('decode-text');

/** Types whose text we do not claim matches dmidecode 3.4 (none today; see smbios-typed-dmidecode.test.ts). */
const UNCLAIMED_TYPES = new Set<number>([]);

function runDmidecode(file: string, extra: string[] = []): Promise<string> {
  return toolOutput('dmidecode', ['--from-dump', file, ...extra]);
}

/** Drops the blocks (Handle line through the blank line after it) of structures whose text we do not claim. */
function dropUnclaimed(lines: string[], claimed: (type: number) => boolean): string[] {
  const out: string[] = [];
  let keep = true;
  for (const line of lines) {
    const m = /^Handle 0x[0-9A-F]{4}, DMI type (\d+),/.exec(line);
    if (m) keep = claimed(Number(m[1]));
    if (keep) out.push(line);
    if (line === '') keep = true;
  }
  return out;
}

interface Case {
  name: string;
  input: string;
  dumpFile: string;
  table: SmbiosTable;
}

const PAIRS: Array<[string, string]> = [
  ['jcreekmore_dmidecode__tests_data_entry.bin', 'jcreekmore_dmidecode__tests_data_dmi.bin'],
  ['jcreekmore_dmidecode__tests_data_entry_v3.bin', 'jcreekmore_dmidecode__tests_data_dmi_v3.bin'],
];

function loadCases(): Case[] {
  const out: Case[] = [];
  const files = corpusFiles('smbios');
  const read = (f: string): Uint8Array => new Uint8Array(readFileSync(f));
  for (const input of files) {
    const name = path.basename(input);
    const pair = PAIRS.find((p) => p[0] === name);
    const table = pair ? decodeSmbiosPair(read(input), read(path.join(path.dirname(input), pair[1]))) : decodeSmbios(read(input));
    const dumpFile = path.join(work, `${out.length}.bin`);
    writeFileSync(dumpFile, table.container === 'dump-bin' ? read(input) : encodeDumpBin(table));
    // The entry-point half of a pair names the pair: the CLI finds the table beside it.
    out.push({ name: pair ? `${name} (sysfs pair)` : name, input, dumpFile, table });
  }
  return out;
}

const cases = reason ? [] : loadCases();

describe.skipIf(reason !== undefined)('smbios decode text agrees with dmidecode --from-dump', () => {
  it('has corpus inputs of every container', () => {
    expect(new Set(cases.map((c) => c.table.container))).toEqual(new Set(['dump-bin', 'ep-at-0-physical-address', 'sysfs', 'raw-table', 'rsmb']));
  });

  it.for(cases.map((c) => [c.name, c] as const))('%s', async ([, c]) => {
    const [theirs, ours] = await Promise.all([runDmidecode(c.dumpFile), runHvmpack(['smbios', 'decode', c.input])]);
    expect(ours.code).toBe(0);
    const claimed = (type: number): boolean => !UNCLAIMED_TYPES.has(type);
    // dmidecode's first two lines name itself and the file. An input without an entry point has
    // our own preamble (dmidecode only sees the entry point our converter made up): compare from
    // the first structure on.
    let a = ours.stdout.split('\n');
    let b = theirs.split('\n').slice(2);
    if (c.table.entryPoint === null) {
      a = a.slice(a.findIndex((l) => l.startsWith('Handle ')));
      b = b.slice(b.findIndex((l) => l.startsWith('Handle ')));
    }
    a = dropUnclaimed(a, claimed);
    b = dropUnclaimed(b, claimed);
    // Report where, never what: the text holds serial numbers and UUIDs.
    const at = a.findIndex((l, i) => l !== b[i]);
    const where = at < 0 ? (a.length === b.length ? 'none' : `length ${a.length} vs ${b.length}`) : `line ${at + 1}${b.slice(0, at).reverse().find((l) => l.startsWith('Handle ')) !== undefined ? ' after ' + b.slice(0, at).reverse().find((l) => l.startsWith('Handle '))!.split(',').slice(0, 2).join(',') : ''}`;
    expect(where).toBe('none');
  });
});

/** A small table built in code, as a --dump-bin file for SMBIOS `major.minor`. */
function builtDump(major: number, minor: number): { dump: Uint8Array; table: SmbiosTable } {
  const b = buildTable(
    [
      encodeTyped(0, { vendor: 'Vendor', version: '1.0', startingAddressSegment: 0xf000, releaseDate: '01/02/2023', romSize: 0x0f }),
      encodeTyped(1, { manufacturer: 'Maker', productName: 'Box', version: 'v1' }, { version: { major, minor } }),
      encodeTyped(2, { manufacturer: 'Maker', product: 'Board', version: 'B1', serialNumber: 'S', assetTag: 'A', locationInChassis: 'Slot 1' }),
      encodeTyped(3, { manufacturer: 'Maker', chassisType: 3, version: 'C1' }),
    ],
    { version: { major, minor } },
  );
  return { dump: b.dumpBin, table: b.table };
}

/**
 * The built SMBIOS 2.1 table behind a hand-set 2.1 entry point at 0 (`_DMI_` legacy or `_SM_` of
 * `entryLength`), the table at 32 as a --dump-bin file has it.
 */
function built21(kind: '_DMI_' | '_SM_', entryLength: number, bcdRevision: number): { ep: Uint8Array; bytes: Uint8Array; table: SmbiosTable } {
  const { table } = builtDump(2, 1);
  const legacy = kind === '_DMI_';
  const ep = encodeEntryPoint({
    kind,
    entryLength,
    major: 2,
    minor: 1,
    maxStructureSize: legacy ? 0 : Math.max(...table.structures.map((s) => s.length + s.stringSet.length)),
    entryPointRevision: 0,
    formattedArea: new Uint8Array(legacy ? 0 : 5),
    tableLength: table.table.length,
    tableAddress: 32,
    structureCount: table.structures.length,
    bcdRevision,
  });
  const bytes = new Uint8Array(32 + table.table.length);
  bytes.set(ep, 0);
  bytes.set(table.table, 32);
  return { ep, bytes, table };
}

describe.skipIf(toolReason !== undefined)('crafted tables: decode text agrees with dmidecode --from-dump', () => {
  // [name, SMBIOS major, minor, cut inside the strings of structure #, -t args, <TRUNCATED> shown]
  const CASES: Array<[string, number, number, number, string[], boolean]> = [
    ['a 2.8 dump cut inside the type-2 strings', 2, 8, 2, [], true],
    ['a 3.2 dump cut inside the type-2 strings', 3, 2, 2, [], true],
    ['a 2.8 dump cut inside the type-2 strings, -t 2', 2, 8, 2, ['-t', '2'], true],
    ['a 2.8 dump cut inside the type-2 strings, -t 3', 2, 8, 2, ['-t', '3'], false],
    ['a 2.4 dump cut inside the type-0 strings', 2, 4, 0, [], true],
  ];
  it.each(CASES)('%s', async (name, major, minor, which, t, shown) => {
    const { dump, table } = builtDump(major, minor);
    const s = table.structures[which]!;
    const file = path.join(work, `${name.replace(/[^a-z0-9]+/gi, '-')}.bin`);
    writeFileSync(file, dump.subarray(0, 32 + s.offset + s.length + 3));
    const [theirs, ours] = await Promise.all([runDmidecode(file, t), runHvmpack(['smbios', 'decode', file, ...t])]);
    expect(ours.code).toBe(1);
    expect(ours.stdout.includes('\t<TRUNCATED>\n')).toBe(shown);
    expect(ours.stdout).toBe(theirs.split('\n').slice(2).join('\n'));
  });
});

describe.skipIf(toolReason !== undefined)('a cut RSMB blob is read as dmidecode reads the same cut table', () => {
  // The blob's length field still names the whole table; dmidecode sees the same table cut at the
  // same byte behind a 3.x entry point (a maximum size, so it reads what is there silently).
  it.each([
    ['an RSMB blob cut inside the type-2 strings', 2],
    ['an RSMB blob cut inside the type-0 strings', 0],
  ])('%s', async (name, which) => {
    const { dump, table } = builtDump(3, 2);
    const s = table.structures[which]!;
    const cut = s.offset + s.length + 3;
    const blob = encodeRsmb(table.table.subarray(0, table.tableEnd), { major: 3, minor: 2 }).subarray(0, 8 + cut);
    const base = name.replace(/[^a-z0-9]+/gi, '-');
    const rsmbFile = path.join(work, `${base}.rsmb`);
    const dumpFile = path.join(work, `${base}.bin`);
    writeFileSync(rsmbFile, blob);
    writeFileSync(dumpFile, dump.subarray(0, 32 + cut));
    const [theirs, ours, json] = await Promise.all([runDmidecode(dumpFile), runHvmpack(['smbios', 'decode', rsmbFile]), runHvmpack(['smbios', 'decode', rsmbFile, '--json'])]);
    expect(ours.code).toBe(1);
    const fromHandle = (lines: string[]): string[] => lines.slice(lines.findIndex((l) => l.startsWith('Handle ')));
    expect(fromHandle(ours.stdout.split('\n'))).toEqual(fromHandle(theirs.split('\n')));
    const doc = JSON.parse(json.stdout) as { structures: unknown[]; findings: Array<{ code: string; offset: number }> };
    expect(doc.structures.length).toBe(which);
    expect(doc.findings.filter((f) => f.code === 'SMBIOS_RSMB_LENGTH_MISMATCH').map((f) => f.offset)).toEqual([4]);
    expect(doc.findings.find((f) => f.code === 'SMBIOS_STRUCTURE_TRUNCATED')?.offset).toBe(8 + s.offset);
  });
});

describe.skipIf(toolReason !== undefined)('a legacy _DMI_-only dump: decode text agrees with dmidecode --from-dump', () => {
  it('a 2.1 table behind a 15-byte _DMI_ entry point at 0', async () => {
    const { bytes } = built21('_DMI_', 0x0f, 0x21);
    const file = path.join(work, 'legacy-dmi-2.1.bin');
    writeFileSync(file, bytes);
    const [theirs, ours] = await Promise.all([runDmidecode(file), runHvmpack(['smbios', 'decode', file])]);
    expect(ours.code).toBe(0);
    expect(ours.stdout.split('\n')[0]).toBe('Legacy DMI 2.1 present.');
    expect(ours.stdout).toBe(theirs.split('\n').slice(2).join('\n'));
    // And our --dump-bin of it is the same bytes (dmidecode writes 15 entry-point bytes).
    const out = path.join(work, 'legacy-dmi-2.1.out.bin');
    expect((await runHvmpack(['smbios', 'dump-bin', file, '-o', out])).code).toBe(0);
    expect(Buffer.compare(readFileSync(out), Buffer.from(bytes))).toBe(0);
  });
});

/** Runs dmidecode and keeps its exit status (a bad -t is exit 2 there, as here). */
function runDmidecodeStatus(file: string, extra: string[]): Promise<ToolRun> {
  return runTool('dmidecode', ['--from-dump', file, ...extra]);
}

const typeFilterInput = reason ? undefined : corpusFiles('smbios', (n) => n.includes('SuperMicro-X9DBL'))[0];
describe.skipIf(typeFilterInput === undefined)('-t numbers are read as dmidecode reads them (strtoul base 0)', () => {
  // [-t argument, the types it selects; [] for an argument both refuse]
  it.each([
    ['010', [8]],
    ['0x10', [16]],
    ['0X10', [16]],
    ['0x0ff', [255]],
    ['00', [0]],
    ['+1', [1]],
    [' 1', [1]],
    ['1 2', [1, 2]],
    ['1 ,2', [1, 2]],
    ['1,,2', [1, 2]],
    ['1,', [1]],
    ['BIOS', [0, 13]],
    ['08', []],
    ['0x', []],
    [',1', []],
    ['1;2', []],
    ['-1', []],
    ['bios,system', []],
  ] as Array<[string, number[]]>)('-t %j', async (arg, types) => {
    const f = typeFilterInput!;
    const [theirs, ours, json] = await Promise.all([
      runDmidecodeStatus(f, ['-t', arg]),
      runHvmpack(['smbios', 'decode', f, '-t', arg]),
      runHvmpack(['smbios', 'decode', f, '--json', '-t', arg]),
    ]);
    const refused = types.length === 0;
    expect([theirs.code, ours.code, json.code]).toEqual(refused ? [2, 2, 2] : [0, 0, 0]);
    if (refused) return;
    expect(ours.stdout).toBe(theirs.stdout.split('\n').slice(2).join('\n'));
    // The JSON shows exactly the structures of those types (the file has types 0, 8 and 16, no 255).
    const all = await runHvmpack(['smbios', 'decode', f, '--json']);
    const handles = (out: string, keep: (t: number) => boolean): number[] =>
      (JSON.parse(out) as { structures: Array<{ type: number; handle: number }> }).structures.filter((s) => keep(s.type)).map((s) => s.handle);
    expect(handles(json.stdout, () => true)).toEqual(handles(all.stdout, (t) => types.includes(t)));
    expect(handles(json.stdout, () => true).length > 0).toBe(!types.includes(255));
  });
});

// The corpus files whose notes say dmidecode prints "Invalid entry length (16). Fixed up to 11.".
const fixupCases = cases.filter((c) => c.name.includes('SuperMicro'));
describe.skipIf(reason !== undefined)('the type-34 fix-up warning appears only when dmidecode prints it', () => {
  it('has both SuperMicro inputs, each with a fixed-up type-34 structure', () => {
    expect(fixupCases.length).toBe(2);
    for (const c of fixupCases) expect(c.table.findings.filter((f) => f.code === 'SMBIOS_TYPE34_LENGTH_FIXUP').length).toBeGreaterThan(0);
  });

  // [-t arguments, type 34 shown]
  const FILTERS: Array<[string[], boolean]> = [
    [[], true],
    [['-t', '34'], true],
    [['-t', '1,34'], true],
    [['-t', '0x22'], true],
    [['-t', '1'], false],
    [['-t', 'system'], false],
    [['-t', '33', '-t', '35'], false],
  ];
  it.each(fixupCases.flatMap((c) => FILTERS.map(([t, shown]) => [`${c.name} ${t.join(' ') || '(all types)'}`, c, t, shown] as const)))('%s', async (_n, c, t, shown) => {
    const [theirs, ours] = await Promise.all([runDmidecodeStatus(c.dumpFile, t), runHvmpack(['smbios', 'decode', c.input, ...t])]);
    expect([theirs.code, ours.code]).toEqual([0, 0]);
    // Ours names each fixed-up structure by its offset; dmidecode prints one line per structure.
    const at = c.table.findings.filter((f) => f.code === 'SMBIOS_TYPE34_LENGTH_FIXUP').map((f) => `: warning SMBIOS_TYPE34_LENGTH_FIXUP at 0x${f.offset!.toString(16).toUpperCase()}: `);
    const oursFixups = ours.stderr.split('\n').filter((l) => at.some((a) => l.includes(a))).length;
    const theirsFixups = theirs.stderr.split('\n').filter((l) => l === 'Invalid entry length (16). Fixed up to 11.').length;
    expect([oursFixups, theirsFixups]).toEqual(shown ? [at.length, at.length] : [0, 0]);
    // Nothing of it on stdout, which is dmidecode's from the first structure on.
    const fromHandle = (text: string): string => (text.includes('\nHandle ') ? text.slice(text.indexOf('\nHandle ') + 1) : '');
    expect(fromHandle(ours.stdout)).not.toBe('');
    expect(fromHandle(ours.stdout)).toBe(fromHandle(theirs.stdout));
  });
});

/**
 * What `dmidecode --dump-bin` writes for an entry point and table found in memory: dmidecode
 * refuses --from-dump with --dump-bin, so both go into a 1 MiB memory image (entry point at
 * 0xF0000, where dmidecode scans, table at 0xE0000) read with `-d image --no-sysfs`.
 */
async function dmidecodeDumpBinFromMemory(ep: Uint8Array, table: Uint8Array, image: string, out: string): Promise<Uint8Array> {
  const mem = new Uint8Array(0x100000);
  mem.set(rewriteTableAddress(ep, 0xe0000), 0xf0000);
  mem.set(table, 0xe0000);
  writeFileSync(image, mem);
  rmSync(out, { force: true });
  await toolOutput('dmidecode', ['--no-sysfs', '-d', image, '--dump-bin', out], { maxBuffer: 1 << 20 });
  return new Uint8Array(readFileSync(out));
}

describe.skipIf(toolReason !== undefined)('an SMBIOS 2.1 _SM_ entry point of length 0x1E: decode and dump-bin agree with dmidecode', () => {
  // [name, BCD revision at 0x1E (outside a 0x1E entry point, inside the _DMI_ checksum)]
  it.each([
    ['a 2.1 dump whose _SM_ length byte is 0x1E, BCD revision 0x21', 0x21],
    ['a 2.1 dump whose _SM_ length byte is 0x1E, BCD revision 0', 0],
  ])('%s', async (name, bcd) => {
    const { ep, bytes, table } = built21('_SM_', 0x1e, bcd);
    expect([ep.length, ep[5], ep[0x1e]]).toEqual([0x1f, 0x1e, bcd]);
    const base = path.join(work, name.replace(/[^a-z0-9]+/gi, '-'));
    writeFileSync(`${base}.bin`, bytes);
    const [theirs, ours, json] = await Promise.all([runDmidecodeStatus(`${base}.bin`, []), runHvmpack(['smbios', 'decode', `${base}.bin`]), runHvmpack(['smbios', 'decode', `${base}.bin`, '--json'])]);
    expect([theirs.code, ours.code, json.code]).toEqual([0, 0, 0]);
    expect(ours.stdout.split('\n')[0]).toBe('SMBIOS 2.1 present.');
    expect(ours.stdout).toBe(theirs.stdout.split('\n').slice(2).join('\n'));
    expect([theirs.stderr, ours.stderr]).toEqual(['', '']);
    const doc = JSON.parse(json.stdout) as { version: string; entryPoint: string; structures: unknown[] };
    expect([doc.version, doc.entryPoint, doc.structures.length]).toEqual(['2.1', '_SM_', table.structures.length]);
    // dump-bin: the bytes dmidecode --dump-bin writes, which hold 0x1E entry-point bytes, so the
    // BCD revision at 0x1E is lost while the _DMI_ checksum at 0x15 still counts it.
    const [dmi, mine] = await Promise.all([
      dmidecodeDumpBinFromMemory(ep, table.table, `${base}.mem`, `${base}.dmidecode.out`),
      runHvmpack(['smbios', 'dump-bin', `${base}.bin`, '-o', `${base}.hvmpack.out`]),
    ]);
    expect(mine.code).toBe(0);
    const written = new Uint8Array(readFileSync(`${base}.hvmpack.out`));
    expect(written[0x1e]).toBe(0);
    expect(Buffer.compare(written, dmi)).toBe(0);
    // Read back, that dump is refused by both when the lost byte was not 0 (dmidecode finds no
    // valid entry point; we name the _DMI_ checksum) and read alike when it was.
    const [again, ourAgain] = await Promise.all([runDmidecodeStatus(`${base}.dmidecode.out`, []), runHvmpack(['smbios', 'decode', `${base}.dmidecode.out`])]);
    // Our dump-bin says so when it writes such a file.
    const warned = mine.stderr.split('\n').filter((l) => l.startsWith(`hvmpack: ${base}.hvmpack.out: warning: `) && l.endsWith('(at 0x15)'));
    expect([warned.length, mine.stderr.split('\n').filter((l) => l !== '').length]).toEqual(bcd !== 0 ? [1, 1] : [0, 0]);
    if (bcd !== 0) {
      expect(again.stdout).toContain('No SMBIOS nor DMI entry point found');
      expect(ourAgain.code).toBe(2);
      expect(ourAgain.stderr.trim().endsWith('(at 0x15)')).toBe(true);
    } else {
      expect(ourAgain.code).toBe(0);
      expect(ourAgain.stdout).toBe(again.stdout.split('\n').slice(2).join('\n'));
    }
  });
});
