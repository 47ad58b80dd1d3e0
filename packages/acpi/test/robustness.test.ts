// Mutated inputs must only ever produce FormatError or findings: no other exception, no hang.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, isFormatError } from '@hvmpack/bytes';
import { checkTables, decodeAcpiInput, decodeRootTable, decodeTable, formatAcpidump, parseAcpidump, walkMemoryImage } from '@hvmpack/acpi';
import { facs, fadt, memoryImage, table } from './build.js';

/** Runs `fn`; anything thrown must be a FormatError. Returns whether it succeeded. */
export function onlyFormatErrors(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    if (!isFormatError(e)) throw e;
    return false;
  }
}

const tables = [table('SSDT', 70), table('DSDT', 300), fadt({ dsdt: 0x1000, xDsdt: 0x2000n }), facs(), table('APIC', 20)];
const blob = concatBytes(tables.filter((t) => t[0] !== 0x46 || t[1] !== 0x41)); // no FACS in a blob
const text = formatAcpidump(tables.map((t) => decodeTable(t)));

const byteMutation = fc.oneof(
  fc.record({ kind: fc.constant('length' as const), at: fc.nat(), value: fc.oneof(fc.constant(0), fc.nat(80), fc.constant(0xffffffff), fc.nat()) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), value: fc.nat() }),
  fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), value: fc.nat(255) }),
);

function mutateBytes(b: Uint8Array, m: { kind: 'length' | 'cut' | 'byte'; at: number; value: number }): Uint8Array {
  const out = b.slice();
  if (out.length === 0) return out;
  const at = m.at % out.length;
  if (m.kind === 'cut') return out.subarray(0, at);
  if (m.kind === 'byte') out[at] = m.value;
  else {
    // A u32 at a 4-aligned offset: hits the length field (offset 4) of every table in a blob.
    const a4 = m.at % 2 === 0 ? 4 : at - (at % 4);
    if (a4 + 4 <= out.length) for (let k = 0; k < 4; k++) out[a4 + k] = (m.value >>> (8 * k)) & 0xff;
  }
  return out;
}

describe('robustness', () => {
  it('decodes mutated tables and blobs to a table set or a FormatError', () => {
    fc.assert(
      fc.property(fc.constantFrom(blob, ...tables), fc.array(byteMutation, { minLength: 1, maxLength: 4 }), (base, ms) => {
        let b = base;
        for (const m of ms) b = mutateBytes(b, m);
        onlyFormatErrors(() => {
          const set = decodeAcpiInput(b);
          checkTables(set);
          for (const t of set.tables) if (t.signature === 'RSDT' || t.signature === 'XSDT') onlyFormatErrors(() => decodeRootTable(t));
        });
      }),
      { numRuns: 400 },
    );
  });

  it('walks mutated memory images without hanging', () => {
    const { image } = memoryImage();
    const hot = [0xf0000, 0x80000, 0x80100, 0x81000, 0x82000, 0x83000];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...hot), fc.nat(48), fc.nat(255)), { minLength: 1, maxLength: 6 }), (edits) => {
        const img = image.slice();
        for (const [base, off, v] of edits) img[base + off] = v;
        onlyFormatErrors(() => checkTables(walkMemoryImage([{ base: 0n, bytes: img }])));
      }),
      { numRuns: 150 },
    );
  });

  const textMutation = fc.oneof(
    fc.record({ kind: fc.constant('truncate-line' as const), line: fc.nat(), col: fc.nat(80) }),
    fc.record({ kind: fc.constant('drop-line' as const), line: fc.nat(), col: fc.constant(0) }),
    fc.record({ kind: fc.constant('dup-line' as const), line: fc.nat(), col: fc.constant(0) }),
    fc.record({ kind: fc.constant('char' as const), line: fc.nat(), col: fc.nat(80), ch: fc.constantFrom(' ', '@', ':', 'G', '0', '\t', '\r', 'x') }),
    fc.record({ kind: fc.constant('zero-table' as const), line: fc.nat(), col: fc.constant(0) }),
    fc.record({ kind: fc.constant('cut-text' as const), line: fc.nat(), col: fc.nat(80) }),
  );

  it('parses mutated acpidump text to tables plus findings, or a FormatError with a line', () => {
    fc.assert(
      fc.property(fc.array(textMutation, { minLength: 1, maxLength: 3 }), (ms) => {
        let lines = text.split('\n');
        for (const m of ms) {
          const i = m.line % lines.length;
          const l = lines[i]!;
          if (m.kind === 'truncate-line') lines[i] = l.slice(0, m.col);
          else if (m.kind === 'drop-line') lines.splice(i, 1);
          else if (m.kind === 'dup-line') lines.splice(i, 0, l);
          else if (m.kind === 'char') lines[i] = l.slice(0, m.col) + (m as { ch: string }).ch + l.slice(m.col + 1);
          else if (m.kind === 'zero-table') lines.splice(i, 0, 'ZERO @ 0x0000000000000000');
          else lines = lines.slice(0, i).concat(l.slice(0, m.col));
          if (lines.length === 0) lines = [''];
        }
        try {
          checkTables(parseAcpidump(lines.join('\n')));
        } catch (e) {
          if (!isFormatError(e)) throw e;
          if (e.code !== 'UNKNOWN_FORMAT') expect(e.line).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('round-trips random tables through acpidump text byte for byte', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('SSDT', 'DSDT', 'OEM1', 'ASF!'), fc.uint8Array({ maxLength: 300 })), { minLength: 1, maxLength: 5 }), (specs) => {
        const ts = specs.map(([s, body]) => decodeTable(table(s, body)));
        const back = parseAcpidump(formatAcpidump(ts));
        expect(back.tables.map((t) => t.bytes)).toEqual(ts.map((t) => t.bytes));
        expect(checkTables(back)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
