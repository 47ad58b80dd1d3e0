// Differential test: our typed decoders against the field values `iasl -d` prints for the corpus
// binaries. iasl's data-table disassembly lists `[offset dec len]  Field Name : value`; we index
// those lines by offset and compare each field we decode with the line at the same offset.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { latin1 } from '@hvmpack/bytes';
import {
  decodeFacs,
  decodeFadt,
  decodeHpet,
  decodeMadt,
  decodeMcfg,
  decodeTpm2,
  FACS_LAYOUT,
  FADT_LAYOUT,
  FIELD_SIZE,
  HPET_LAYOUT,
  MADT_ENTRY_LAYOUTS,
  openTable,
  parseAcpidump,
  TPM2_LAYOUT,
  type FieldLayout,
} from '@hvmpack/acpi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFiles, skipReason } from './support/env.js';

const run = promisify(execFile);
const skip = skipReason({ tools: ['iasl'], corpus: 'acpi-bin' });
/**
 * How many corpus acpidump texts contribute their FADT and MADT (spread evenly over the sorted
 * list). A handful keeps the suite fast; HVMPACK_IASL_DUMPS=1000 runs them all.
 */
const DUMPS = Number(process.env['HVMPACK_IASL_DUMPS'] ?? 8);

/** One `[off dec len] Name : value` line; `decoded` holds the bit lines printed under it. */
interface DslField {
  offset: number;
  length: number;
  name: string;
  value: string;
  decoded: string[];
}

const LINE = /^\[([0-9A-F]+)h (\d+) +(\d+)\] +(.*?) : (.*)$/;
const DECODED = /^ +(\S.*?) : (\d+)$/;

/** Parses an iasl data-table .dsl into fields by offset (several can share one, e.g. a GAS and its Space ID). */
function parseDsl(text: string): Map<number, DslField[]> {
  const out = new Map<number, DslField[]>();
  let last: DslField | undefined;
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (m) {
      last = { offset: parseInt(m[1]!, 16), length: Number(m[3]), name: m[4]!.trim(), value: m[5]!.trim(), decoded: [] };
      out.set(last.offset, [...(out.get(last.offset) ?? []), last]);
      continue;
    }
    const d = DECODED.exec(line);
    if (d && last) last.decoded.push(d[2]!);
    else if (line.trim() === '') last = undefined;
  }
  return out;
}

/** The numeric value of an iasl field (hex digits, optionally followed by ` [name]`). */
function num(f: DslField): bigint {
  return BigInt('0x' + f.value.split(' ')[0]);
}

/** The field at `offset` with `length` bytes (the last one, so a GAS's own Space ID line wins over the GAS title). */
function at(dsl: Map<number, DslField[]>, offset: number, length: number): DslField | undefined {
  return (dsl.get(offset) ?? []).filter((f) => f.length === length).at(-1);
}

/**
 * Compares every field of `layout` present in `decoded` with iasl's line at the same offset
 * (+ `base`); returns a list of mismatches (empty when all agree) and how many were compared.
 */
function compareLayout(dsl: Map<number, DslField[]>, layout: FieldLayout, decoded: Record<string, unknown>, base = 0): { mismatches: string[]; compared: number } {
  const mismatches: string[] = [];
  let compared = 0;
  for (const [key, off, kind] of layout) {
    const v = decoded[key];
    if (v === undefined) continue;
    const checks: [number, number, bigint][] =
      kind === 'gas'
        ? (() => {
            const g = v as { spaceId: number; bitWidth: number; bitOffset: number; address: bigint };
            return [[base + off, 1, BigInt(g.spaceId)], [base + off + 1, 1, BigInt(g.bitWidth)], [base + off + 2, 1, BigInt(g.bitOffset)], [base + off + 4, 8, g.address]];
          })()
        : [[base + off, FIELD_SIZE[kind], BigInt(v as number | bigint)]];
    for (const [o, len, ours] of checks) {
      const f = at(dsl, o, len);
      if (!f) {
        mismatches.push(`${key}: iasl has no ${len}-byte field at ${o}`);
        continue;
      }
      compared++;
      if (num(f) !== ours) mismatches.push(`${key} @${o}: ours ${ours.toString(16)} iasl ${f.value}`);
    }
  }
  return { mismatches, compared };
}

interface Case {
  file: string;
  signature: string;
  bytes: Uint8Array;
  dsl: Map<number, DslField[]>;
}

const TYPED = new Set(['FACP', 'APIC', 'MCFG', 'HPET', 'TPM2', 'SLIC', 'FACS', 'BGRT', 'MSDM']);
const OUTPUT_CAP_BLOCKS = 16384; // `ulimit -f`: iasl can write gigabytes on a table with trailing bytes
const cases: Case[] = [];
let work: string | undefined;

/** Runs `iasl -d` on one binary in its own directory, bounded in time and output size. */
async function disassemble(bytes: Uint8Array, dir: string): Promise<string> {
  writeFileSync(path.join(dir, 't.dat'), bytes);
  await run('sh', ['-c', `ulimit -f ${OUTPUT_CAP_BLOCKS}; exec iasl -d t.dat`], { cwd: dir, timeout: 30_000, killSignal: 'SIGKILL', maxBuffer: 4 << 20 });
  const dsl = path.join(dir, 't.dsl');
  if (statSync(dsl).size > 8 << 20) throw new Error('iasl output over 8 MiB');
  return readFileSync(dsl, 'latin1');
}

/** Corpus binaries of the typed kinds, plus FACP/APIC from a spread of acpidump texts. */
function collectInputs(): { name: string; bytes: Uint8Array }[] {
  const inputs: { name: string; bytes: Uint8Array }[] = corpusFiles('acpi-bin')
    .map((f) => ({ name: path.basename(f), bytes: new Uint8Array(readFileSync(f)) }))
    .filter((x) => TYPED.has(latin1(x.bytes.subarray(0, 4))));
  const dumps = corpusFiles('acpi', (n) => n.endsWith('.acpidump.txt'));
  const step = Math.max(1, Math.floor(dumps.length / DUMPS));
  for (let i = 0; i < dumps.length && i / step < DUMPS; i += step) {
    const set = parseAcpidump(new Uint8Array(readFileSync(dumps[i]!)));
    for (const sig of ['FACP', 'APIC']) {
      const t = set.tables.find((x) => x.signature === sig && x.header && x.header.length <= x.bytes.length);
      if (t) inputs.push({ name: `${path.basename(dumps[i]!)}:${sig}`, bytes: t.bytes.subarray(0, t.header!.length) });
    }
  }
  return inputs;
}

beforeAll(async () => {
  if (skip) return;
  work = mkdtempSync(path.join(tmpdir(), 'hvmpack-iasl-'));
  const inputs = collectInputs();
  // Two at a time: CI has two cores.
  for (let i = 0; i < inputs.length; i += 2) {
    await Promise.all(
      inputs.slice(i, i + 2).map(async ({ name, bytes }, j) => {
        const dir = path.join(work!, String(i + j));
        mkdirSync(dir);
        cases.push({ file: name, signature: latin1(bytes.subarray(0, 4)), bytes, dsl: parseDsl(await disassemble(bytes, dir)) });
      }),
    );
  }
  cases.sort((a, b) => a.file.localeCompare(b.file));
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const HEADER_LAYOUT: FieldLayout = [['length', 4, 'u32'], ['revision', 8, 'u8'], ['checksum', 9, 'u8'], ['oemRevision', 24, 'u32'], ['creatorRevision', 32, 'u32']];

describe.skipIf(skip !== undefined)('typed decoders agree with iasl -d on the corpus binaries', () => {
  it('found corpus tables of the typed kinds, binaries and acpidump texts', () => {
    expect(cases.map((c) => c.signature)).toEqual(expect.arrayContaining(['FACP', 'APIC', 'MCFG', 'HPET', 'TPM2', 'FACS']));
    const dumps = corpusFiles('acpi', (n) => n.endsWith('.acpidump.txt')).length;
    expect(cases.filter((c) => c.file.endsWith('.acpidump.txt:FACP')).length).toBe(Math.min(DUMPS, dumps));
  });

  it('header fields (all but FACS)', () => {
    for (const c of cases.filter((x) => x.signature !== 'FACS')) {
      const { header } = openTable(c.bytes, undefined);
      expect(compareLayout(c.dsl, HEADER_LAYOUT, header as unknown as Record<string, unknown>).mismatches, c.file).toEqual([]);
      // iasl prints text fields up to the first NUL, other control characters as spaces.
      const text = (s: string): string => JSON.stringify(s.replace(/\0.*$/s, '').replace(/[\x01-\x1f]/g, ' '));
      expect(at(c.dsl, 10, 6)?.value, c.file).toBe(text(header.oemId));
      expect(at(c.dsl, 16, 8)?.value, c.file).toBe(text(header.oemTableId));
    }
  });

  it('FADT fields, flag bits and length gating', () => {
    const fadts = cases.filter((c) => c.signature === 'FACP');
    expect(fadts.length).toBeGreaterThan(0);
    for (const c of fadts) {
      const f = decodeFadt(c.bytes);
      const { mismatches, compared } = compareLayout(c.dsl, FADT_LAYOUT, f as unknown as Record<string, unknown>);
      expect(mismatches, c.file).toEqual([]);
      expect(compared, c.file).toBeGreaterThan(30);
      // Gating: iasl shows a field at the offset where our last decoded field ends only if we stopped too early.
      const iaslEnd = Math.max(...[...c.dsl.values()].flat().map((x) => x.offset + x.length));
      expect(iaslEnd, c.file).toBe(f.length);
      const bits = at(c.dsl, 112, 4)!.decoded.map(Number);
      expect(bits, c.file).toEqual(bits.map((_, i) => (f.flags! >>> i) & 1));
      const boot = at(c.dsl, 109, 2)?.decoded.map(Number);
      if (boot) expect(boot, c.file).toEqual(boot.map((_, i) => (f.iapcBootArch! >>> i) & 1));
    }
  });

  it('MADT entries: offsets, types and fields', () => {
    const madts = cases.filter((c) => c.signature === 'APIC');
    expect(madts.length).toBeGreaterThan(0);
    for (const c of madts) {
      const m = decodeMadt(c.bytes);
      expect(m.findings, c.file).toEqual([]);
      expect(num(at(c.dsl, 36, 4)!)).toBe(BigInt(m.localApicAddress));
      const iaslEntries = [...c.dsl.values()].flat().filter((x) => x.name === 'Subtable Type');
      expect(iaslEntries.map((x) => [x.offset, Number(num(x))]), c.file).toEqual(m.entries.map((e) => [e.offset, e.type]));
      for (const e of m.entries) {
        const layout = MADT_ENTRY_LAYOUTS[e.type];
        if (!layout || e.kind === 'other') continue;
        expect(compareLayout(c.dsl, layout.fields, e as unknown as Record<string, unknown>, e.offset).mismatches, c.file).toEqual([]);
      }
    }
  });

  it('MCFG allocations', () => {
    for (const c of cases.filter((x) => x.signature === 'MCFG')) {
      const m = decodeMcfg(c.bytes);
      expect(m.allocations.length).toBe([...c.dsl.values()].flat().filter((x) => x.name === 'Base Address').length);
      m.allocations.forEach((a, i) => {
        const o = 44 + 16 * i;
        expect([num(at(c.dsl, o, 8)!), num(at(c.dsl, o + 8, 2)!), num(at(c.dsl, o + 10, 1)!), num(at(c.dsl, o + 11, 1)!)], c.file).toEqual([a.baseAddress, BigInt(a.segment), BigInt(a.startBus), BigInt(a.endBus)]);
      });
    }
  });

  it.each([
    ['HPET', HPET_LAYOUT, decodeHpet],
    ['TPM2', TPM2_LAYOUT, decodeTpm2],
    ['FACS', FACS_LAYOUT, decodeFacs],
  ] as const)('%s fields', (sig, layout, decode) => {
    const tables = cases.filter((x) => x.signature === sig);
    expect(tables.length).toBeGreaterThan(0);
    for (const c of tables) {
      const v = decode(c.bytes) as unknown as Record<string, unknown>;
      const { mismatches, compared } = compareLayout(c.dsl, layout, v);
      expect(mismatches, c.file).toEqual([]);
      expect(compared, c.file).toBeGreaterThan(2);
    }
  });

  it('TPM2 event log fields', () => {
    for (const c of cases.filter((x) => x.signature === 'TPM2')) {
      const t = decodeTpm2(c.bytes);
      if (t.logAreaStartAddress === undefined) continue;
      expect(num(at(c.dsl, 64, 4)!)).toBe(BigInt(t.logAreaMinimumLength!));
      expect(num(at(c.dsl, 68, 8)!)).toBe(t.logAreaStartAddress);
    }
  });
});
