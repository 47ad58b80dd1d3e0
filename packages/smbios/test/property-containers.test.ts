// Properties over real tables in every container, going further than property.test.ts: entry-point
// fields mutated with their checksums recomputed (so checksum verification does not hide them),
// the sysfs pair path, and everything a reader does next (typed text with the table, keywords,
// --dump-bin and reading that back). Only FormatError or findings, never another exception.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesEqual, isFormatError } from '@hvmpack/bytes';
import {
  buildTable,
  decodeEntryPoint,
  decodeSmbios,
  decodeSmbiosPair,
  decodeTyped,
  encodeDumpBin,
  encodeEntryPoint,
  fieldsForJson,
  formatWithFindings,
  getKeyword,
  STRING_KEYWORDS,
  type SmbiosTable,
} from '@hvmpack/smbios';
import { corpusFiles } from '../../../test/support/env.js';

/** Whole inputs with an entry point at 0 (dump-bin and memory images), else tables built here. */
function dumps(): Uint8Array[] {
  const real = corpusFiles('smbios')
    .map((f) => new Uint8Array(readFileSync(f)))
    .filter((b) => b.length > 64 && b[0] === 0x5f); // `_SM_`, `_SM3_`
  if (real.length > 0) return real;
  const specs = Array.from({ length: 12 }, (_, i) => ({ type: i, data: new Uint8Array(i + 4).fill(i), strings: [`s${i}`] }));
  return [buildTable(specs, { version: { major: 2, minor: 8 } }).dumpBin, buildTable(specs, { version: { major: 3, minor: 0 } }).dumpBin];
}

/** Real sysfs pairs (entry point file, table file), else one built here. */
function pairs(): Array<[Uint8Array, Uint8Array]> {
  const files = corpusFiles('smbios');
  const out: Array<[Uint8Array, Uint8Array]> = [];
  for (const f of files) {
    const m = /^(.*)entry(_v3)?\.bin$/.exec(path.basename(f));
    if (!m) continue;
    const table = files.find((g) => path.basename(g) === `${m[1]}dmi${m[2] ?? ''}.bin`);
    if (table) out.push([new Uint8Array(readFileSync(f)), new Uint8Array(readFileSync(table))]);
  }
  if (out.length > 0) return out;
  const b = buildTable([{ type: 1, data: new Uint8Array(23), strings: ['x'] }], { version: { major: 3, minor: 0 } });
  return [[b.dumpBin.slice(0, 24), b.table.table]];
}

/** Everything a reader does with a decoded table; throws only what the code under test throws. */
function useFully(t: SmbiosTable): void {
  for (const s of t.structures) {
    formatWithFindings(s, t.version, t.table);
    JSON.stringify(fieldsForJson(decodeTyped(s, t.version)));
  }
  for (const k of STRING_KEYWORDS) getKeyword(t, k);
  // What we write as --dump-bin reads back as the same structures.
  const again = decodeSmbios(encodeDumpBin(t));
  expect(again.structures.length).toBe(t.structures.length);
  again.structures.forEach((s, i) => expect(bytesEqual(s.formatted, t.structures[i]!.formatted)).toBe(true));
}

function onlyFormatErrors(run: () => void): void {
  try {
    run();
  } catch (e) {
    if (!isFormatError(e)) throw e;
  }
}

// Byte offsets of an entry point's length, address, count and size fields, per anchor.
const SM_FIELDS = [0x05, 0x06, 0x07, 0x08, 0x09, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e];
const SM3_FIELDS = [0x06, 0x07, 0x08, 0x09, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17];

/** Sets entry-point byte `at` to `value` and recomputes both checksums, so only the field is wrong. */
function setEntryPointByte(bytes: Uint8Array, at: number, value: number): Uint8Array {
  const out = bytes.slice();
  out[at] = value;
  try {
    // Re-encoding recomputes the checksums over the mutated fields.
    const ep = decodeEntryPoint(out, { verifyChecksums: false });
    out.set(encodeEntryPoint(ep).subarray(0, Math.min(out.length, 32)), 0);
  } catch (e) {
    if (!isFormatError(e)) throw e; // e.g. a length byte out of range: leave the bytes as they are
  }
  return out;
}

describe('entry-point fields mutated with valid checksums', () => {
  const inputs = dumps();
  it('decode, typed text, keywords and --dump-bin give only findings or FormatError', () => {
    fc.assert(
      fc.property(fc.nat({ max: inputs.length - 1 }), fc.nat(), fc.integer({ min: 0, max: 255 }), (i, which, value) => {
        const base = inputs[i]!;
        const fields = base[1] === 0x53 && base[3] === 0x33 ? SM3_FIELDS : SM_FIELDS;
        const bytes = setEntryPointByte(base, fields[which % fields.length]!, value);
        onlyFormatErrors(() => useFully(decodeSmbios(bytes)));
      }),
      { numRuns: 400 },
    );
  });
});

describe('sysfs pairs mutated', () => {
  const inputs = pairs();
  it('entry point fields, table truncation and bit flips give only findings or FormatError', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: inputs.length - 1 }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.nat(),
        fc.array(fc.nat(), { maxLength: 6 }),
        (i, which, value, cut, flips) => {
          const [ep, table] = inputs[i]!;
          const fields = ep[1] === 0x53 && ep[3] === 0x33 ? SM3_FIELDS : SM_FIELDS;
          const e = setEntryPointByte(ep, fields[which % fields.length]!, value);
          const t = table.slice(0, table.length - (cut % (table.length + 1)));
          for (const bit of flips) if (t.length > 0) t[(bit >> 3) % t.length]! ^= 1 << (bit & 7);
          onlyFormatErrors(() => useFully(decodeSmbiosPair(e, t)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
