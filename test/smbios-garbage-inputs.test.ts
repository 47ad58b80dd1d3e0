// Garbage and hostile inputs through the whole CLI (decode, get, dump-bin): each either decodes
// with findings or fails with one typed line `hvmpack: <file>: <message> (at 0x…)` and exit 2;
// never an internal error or a hang, and never an identifier in an error or finding line.
// Every crafted input is built here in code; the test names say what it is.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTable, decodeEntryPoint, encodeEntryPoint, encodeTyped, type EntryPoint } from '@hvmpack/smbios';
import { latin1Bytes as ascii } from '@hvmpack/bytes';
import { runHvmpack } from './support/cli.js';
import { tempDir } from './support/tools.js';

const work = tempDir('smbios-garbage');

// Identifiers the table carries; no error or finding line may ever show them.
const SERIAL = 'SN-GARBAGE-4711';
const UUID = '4c4c4544-0042-3510-8052-b7c04f4e3732';
const ASSET = 'ASSET-0815';

function sample(major: number, minor: number) {
  return buildTable(
    [
      encodeTyped(0, { vendor: 'Vendor', version: '1.0', startingAddressSegment: 0xf000, releaseDate: '01/02/2023', romSize: 0x0f }),
      encodeTyped(1, { manufacturer: 'Maker', productName: 'Box', serialNumber: SERIAL, uuid: UUID }, { version: { major, minor } }),
      encodeTyped(2, { manufacturer: 'Maker', product: 'Board', serialNumber: SERIAL, assetTag: ASSET }),
      { type: 0xd0, data: new Uint8Array([1, 2, 3]), strings: [SERIAL] },
    ],
    { version: { major, minor } },
  );
}
const v2 = sample(2, 8);
const v3 = sample(3, 2);

/** The dump with its entry point changed by `edit` and re-encoded (checksums recomputed, so only the edited field is wrong). */
function withEntryPoint(dump: Uint8Array, edit: (ep: EntryPoint) => void): Uint8Array {
  const ep = decodeEntryPoint(dump);
  edit(ep);
  const out = dump.slice();
  out.set(encodeEntryPoint(ep), 0);
  return out;
}

/** Deterministic bytes with no `00 00` pair anywhere (so no structure can ever end). */
function noiseWithoutDoubleNul(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = 0x12345678;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = (x >>> 16) & 0xff || 0x5a;
  }
  return out;
}

function write(name: string, bytes: Uint8Array): string {
  const f = path.join(work, name);
  writeFileSync(f, bytes);
  return f;
}

function expectNoIdentifiers(text: string): void {
  for (const id of [SERIAL, UUID, UUID.toUpperCase(), ASSET]) expect(text.includes(id), 'an identifier in an error or finding line').toBe(false);
}

/** Exit 2 with exactly one line, `hvmpack: <file>: <message> (at 0x<offset>)`. */
async function expectTypedError(argv: string[], file: string, offset: number | undefined): Promise<void> {
  const r = await runHvmpack(argv);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines.length).toBe(1);
  const line = lines[0]!;
  expect(line.startsWith(`hvmpack: ${file}: `)).toBe(true);
  expect(line).not.toContain('internal error');
  if (offset === undefined) expect(line).not.toMatch(/\(at 0x/);
  else expect(line.endsWith(`(at 0x${offset.toString(16).toUpperCase()})`), line).toBe(true);
  expectNoIdentifiers(line);
}

const ELF = new Uint8Array(256);
ELF.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);

// [name, bytes, offset the error names]
const REFUSED: Array<[string, Uint8Array, number]> = [
  ['empty file', new Uint8Array(0), 0],
  ['4 KiB of noise without a 00 00 pair', noiseWithoutDoubleNul(4096), 0],
  ['an ELF header (0x7F reads as an end-of-table)', ELF, 0],
  ['a text file', ascii('hello, this is not SMBIOS\nat all\n'), 0],
  ['one 4-byte header and nothing after it', new Uint8Array([0, 4, 0, 0]), 0],
  ['a _SM_ entry point cut at byte 20', v2.dumpBin.slice(0, 20), 20],
  ['a _SM3_ entry point cut at byte 12', v3.dumpBin.slice(0, 12), 12],
  ['the _SM3_ anchor alone', ascii('_SM3_'), 5],
  ['a _SM_ entry point alone (no table)', v2.dumpBin.slice(0, 31), 31],
  ['a _SM_ entry point with length byte 0xFF', withEntryPoint(v2.dumpBin, (ep) => void (ep.entryLength = 0x1f)).map((b, i) => (i === 5 ? 0xff : b)), 5],
  ['a _SM3_ entry point with length byte 0x10', v3.dumpBin.map((b, i) => (i === 6 ? 0x10 : b)), 6],
  ['a _SM_ entry point with a bad checksum', v2.dumpBin.map((b, i) => (i === 4 ? b ^ 0x55 : b)), 4],
  // +0x11 on the intermediate checksum, -0x11 on the outer one: only the _DMI_ sum is off.
  ['a _SM_ entry point with a bad _DMI_ checksum', v2.dumpBin.map((b, i) => (i === 0x15 ? (b + 0x11) & 0xff : i === 4 ? (b - 0x11) & 0xff : b)), 0x15],
  ['a _SM_ entry point without its _DMI_ anchor', v2.dumpBin.map((b, i) => (i === 0x10 ? 0x41 : b)), 0x10],
];

describe('garbage inputs: one typed line, exit 2', () => {
  it.each(REFUSED)('decode: %s', async (name, bytes, offset) => {
    const f = write(`${name.replace(/[^a-z0-9]+/gi, '-')}.bin`, bytes);
    await expectTypedError(['smbios', 'decode', f], f, offset);
  });

  it.each(REFUSED.slice(0, 5))('get and dump-bin refuse %s the same way', async (name, bytes, offset) => {
    const f = write(`${name.replace(/[^a-z0-9]+/gi, '-')}-2.bin`, bytes);
    await expectTypedError(['smbios', 'get', f, 'system-serial-number'], f, offset);
    await expectTypedError(['smbios', 'dump-bin', f, '-o', path.join(work, 'never-written.bin')], f, offset);
  });

  it('a missing file', async () => {
    const f = path.join(work, 'missing.bin');
    await expectTypedError(['smbios', 'decode', f], f, undefined);
  });

  it.each([
    ['an empty folder', []],
    ['a folder holding only smbios_entry_point', ['smbios_entry_point']],
    ['a folder holding only DMI', ['DMI']],
  ] as Array<[string, string[]]>)('%s', async (name, files) => {
    const dir = path.join(work, name.replace(/[^a-z0-9]+/gi, '-'));
    mkdirSync(dir);
    for (const n of files) writeFileSync(path.join(dir, n), n === 'DMI' ? v2.table.table : v2.dumpBin.slice(0, 31));
    await expectTypedError(['smbios', 'decode', dir], dir, undefined);
  });
});

describe('absurd entry-point fields decode with findings, never crash', () => {
  // [name, dump, the finding code expected]
  const CASES: Array<[string, Uint8Array, string]> = [
    ['a _SM_ entry point announcing a 65535-byte table', withEntryPoint(v2.dumpBin, (ep) => ep.kind !== '_SM3_' && (ep.tableLength = 0xffff)), 'SMBIOS_TABLE_SHORTER_THAN_ANNOUNCED'],
    ['a _SM_ entry point announcing 65535 structures', withEntryPoint(v2.dumpBin, (ep) => ep.kind !== '_SM3_' && (ep.structureCount = 0xffff)), 'SMBIOS_STRUCTURE_COUNT_MISMATCH'],
    ['a _SM_ entry point announcing 2 structures of 5', withEntryPoint(v2.dumpBin, (ep) => ep.kind !== '_SM3_' && (ep.structureCount = 2)), 'SMBIOS_TABLE_LENGTH_MISMATCH'],
    ['a _SM_ entry point whose table address is 0xFFFFFFF0', withEntryPoint(v2.dumpBin, (ep) => ep.kind !== '_SM3_' && (ep.tableAddress = 0xfffffff0)), 'SMBIOS_PHYSICAL_TABLE_ADDRESS'],
    ['a _SM3_ entry point whose table address is 2^64-1', withEntryPoint(v3.dumpBin, (ep) => ep.kind === '_SM3_' && (ep.tableAddress = 0xffffffffffffffffn)), 'SMBIOS_PHYSICAL_TABLE_ADDRESS'],
  ];
  it.each(CASES)('%s', async (name, bytes, code) => {
    const f = write(`${name.replace(/[^a-z0-9]+/gi, '-')}.bin`, bytes);
    const r = await runHvmpack(['smbios', 'decode', f, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { structures: unknown[]; findings: Array<{ code: string; offset: number; message: string }> };
    expect(doc.structures.length).toBeGreaterThan(0);
    const hit = doc.findings.find((x) => x.code === code);
    expect(hit, `finding ${code}`).toBeDefined();
    expect(typeof hit!.offset).toBe('number');
    expectNoIdentifiers(JSON.stringify(doc.findings));
  });

  it('a _SM3_ entry point with a 4 GiB table maximum reads the table it has, silently (dmidecode does)', async () => {
    const f = write('sm3-max-4g.bin', withEntryPoint(v3.dumpBin, (ep) => ep.kind === '_SM3_' && (ep.tableMaxSize = 0xffffffff)));
    const r = await runHvmpack(['smbios', 'decode', f, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { structures: unknown[]; findings: unknown[] };
    expect([doc.structures.length, doc.findings]).toEqual([5, []]);
  });
});

describe('identifiers stay out of stderr when the table is broken around them', () => {
  const serialAt = (() => {
    const t = v2.table;
    const s1 = t.structures.find((s) => s.type === 1)!;
    return 32 + s1.offset + s1.length;
  })();
  // [name, bytes]
  const CASES: Array<[string, Uint8Array]> = [
    ['a table cut inside the type-1 serial number', v2.dumpBin.slice(0, serialAt + 4)],
    ['a type-1 serial number index of 9 (out of range)', v2.dumpBin.map((b, i) => (i === 32 + v2.table.structures.find((s) => s.type === 1)!.offset + 7 ? 9 : b))],
    ['a zero length byte on the type-2 structure', v2.dumpBin.map((b, i) => (i === 32 + v2.table.structures.find((s) => s.type === 2)!.offset + 1 ? 0 : b))],
  ];
  it.each(CASES)('%s', async (name, bytes) => {
    const f = write(`${name.replace(/[^a-z0-9]+/gi, '-')}.bin`, bytes);
    const r = await runHvmpack(['smbios', 'decode', f]);
    expect(r.code).toBeLessThanOrEqual(1);
    expect(r.stderr).not.toBe('');
    expect(r.stderr.split('\n').filter((l) => l !== '').every((l) => l.startsWith(`hvmpack: ${f}: `))).toBe(true);
    expectNoIdentifiers(r.stderr);
  });
});

describe('property: any bytes through the CLI', () => {
  it('exit 0, 1 or 2; an exit-2 run prints one hvmpack line; never an internal error', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 600 }),
          // Built dumps with a few bytes overwritten and a random cut.
          fc.tuple(fc.constantFrom(v2.dumpBin, v3.dumpBin), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat()).map(([d, edits, cut]) => {
            const b = d.slice(0, d.length - (cut % 40));
            for (const [at, v] of edits) b[at % b.length] = v;
            return b;
          }),
        ),
        async (bytes) => {
          const f = write(`prop-${n++ % 8}.bin`, bytes);
          const r = await runHvmpack(['smbios', 'decode', f]);
          expect([0, 1, 2]).toContain(r.code);
          expect(r.stderr).not.toContain('internal error');
          const lines = r.stderr.split('\n').filter((l) => l !== '');
          expect(lines.every((l) => l.startsWith(`hvmpack: ${f}: `))).toBe(true);
          if (r.code === 2) expect([lines.length, r.stdout]).toEqual([1, '']);
          expectNoIdentifiers(lines.join('\n'));
        },
      ),
      { numRuns: 150 },
    );
  });
});
