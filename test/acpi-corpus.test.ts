// Real tables from the corpus: the raw layer round-trips every one of them, the root walk over
// the one memory-mode dump finds what acpidump dumped, and mutations of real inputs only ever give
// FormatError or findings.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTables, decodeAcpiInput, encodeTable, parseAcpidump, toRawTable, walkMemoryImage, type AcpiTable } from '@hvmpack/acpi';
import { isFormatError } from '@hvmpack/bytes';
import { corpusFiles, skipReason } from './support/env.js';

const dumps = corpusFiles('acpi', (n) => n.endsWith('.acpidump.txt'));
const bins = corpusFiles('acpi-bin');

function onlyFormatErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!isFormatError(e)) throw e;
  }
}

describe.skipIf(skipReason({ corpus: 'acpi' }) !== undefined)('corpus acpidump files', () => {
  it('re-encodes every table with a standard header from {header, body} byte for byte', () => {
    let n = 0;
    for (const f of dumps) {
      for (const t of parseAcpidump(readFileSync(f)).tables) {
        if (!t.header) continue;
        const again = encodeTable(toRawTable(t), { keepChecksum: true, keepLength: true });
        expect(Buffer.from(again).equals(Buffer.from(t.bytes)), `${path.basename(f)} ${t.signature}${t.instance}`).toBe(true);
        if (t.checksumOk) expect(Buffer.from(encodeTable(toRawTable(t))).equals(Buffer.from(t.bytes))).toBe(true);
        n++;
      }
    }
    expect(n).toBeGreaterThan(700);
  });

  it('finds only the two genuine bad checksums (GA-880GMA TAMG, DL165 G7 OEMB) and no other error', () => {
    const errors: string[] = [];
    for (const f of dumps) {
      for (const x of checkTables(parseAcpidump(readFileSync(f)))) if (x.severity === 'error') errors.push(`${x.code} ${x.message.split(':')[0]}`);
    }
    expect(errors.sort()).toEqual(['ACPI_BAD_CHECKSUM OEMB', 'ACPI_BAD_CHECKSUM TAMG']);
  });

  it('walks the memory-mode dump (Toshiba C70D-B) from its RSDP to the same tables acpidump found', () => {
    const file = dumps.find((f) => f.includes('Toshiba'))!;
    const dumped = parseAcpidump(readFileSync(file)).tables;
    const rsdp = dumped.find((t) => t.signature === 'RSDP')!;
    const regions = dumped.map((t) => ({ base: t.address!, bytes: t.bytes }));
    const set = walkMemoryImage(regions, { rsdpAddress: rsdp.address! });
    const key = (t: AcpiTable): string => `${t.signature}@${t.address!.toString(16)}:${t.bytes.length}`;
    expect(set.tables.map(key).sort()).toEqual(dumped.map(key).sort());
    // The XSDT lists one table the dump lacks: the MSDM block removed from the corpus copy.
    expect(checkTables(set).map((x) => x.code)).toEqual(['ACPI_TABLE_NOT_IN_IMAGE']);
  });

  const small = dumps.find((f) => f.includes('KVM')) ?? dumps[0]!;
  it('parses mutated real acpidump text to findings or a FormatError', () => {
    const lines = readFileSync(small, 'latin1').split('\n');
    fc.assert(
      fc.property(fc.nat(), fc.nat(80), fc.constantFrom('cut', 'drop', 'dup', 'len', 'zero'), (li, col, kind) => {
        const ls = lines.slice();
        const i = li % ls.length;
        if (kind === 'cut') ls[i] = ls[i]!.slice(0, col);
        else if (kind === 'drop') ls.splice(i, 1);
        else if (kind === 'dup') ls.splice(i, 0, ls[i]!);
        else if (kind === 'zero') ls.splice(i, 0, 'SSDT @ 0x0000000000000000');
        // The length field is bytes 4-7 of each table: the 5th-8th byte on a table's first line.
        else if (/^ +0000: /.test(ls[i]!)) ls[i] = ls[i]!.replace(/^( +0000: (?:[0-9A-F]{2} ){4})[0-9A-F]{2}/, `$1${(col * 3).toString(16).padStart(2, '0').slice(-2).toUpperCase()}`);
        onlyFormatErrors(() => checkTables(parseAcpidump(ls.join('\n'))));
      }),
      { numRuns: 300 },
    );
  });
});

describe.skipIf(skipReason({ corpus: 'acpi-bin' }) !== undefined)('corpus binary tables', () => {
  it('mutated real tables (length field, truncation, bytes) decode to findings or a FormatError', () => {
    const tables = bins.map((f) => new Uint8Array(readFileSync(f)));
    fc.assert(
      fc.property(fc.nat(tables.length - 1), fc.constantFrom('len', 'cut', 'byte'), fc.nat(), fc.nat(0xffffffff), (k, kind, at, v) => {
        const b = tables[k]!.slice();
        let m = b;
        if (kind === 'len' && b.length >= 8) new DataView(b.buffer).setUint32(4, v % 3 === 0 ? 0 : v, true);
        else if (kind === 'cut') m = b.subarray(0, at % (b.length + 1));
        else if (b.length > 0) b[at % b.length] = v & 0xff;
        onlyFormatErrors(() => checkTables(decodeAcpiInput(m)));
      }),
      { numRuns: 500 },
    );
  });
});
