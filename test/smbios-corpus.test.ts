// Every SMBIOS file in ../shared/corpus/smbios decodes, and re-encodes byte for byte.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesEqual } from '@hvmpack/bytes';
import {
  decodeEntryPoint,
  decodeSmbios,
  decodeSmbiosPair,
  decodeStructureTable,
  encodeDumpBin,
  encodeEntryPoint,
  encodeSmbios,
  encodeStructureTable,
  type SmbiosTable,
} from '@hvmpack/smbios';
import { corpusFiles, skipReason } from './support/env.js';

const skip = skipReason({ corpus: 'smbios' });
const files = corpusFiles('smbios');
const name = (f: string): string => path.basename(f);
// Linux sysfs pairs in the corpus: entry point file → table file.
const PAIRS: Array<[string, string]> = [
  ['jcreekmore_dmidecode__tests_data_entry.bin', 'jcreekmore_dmidecode__tests_data_dmi.bin'],
  ['jcreekmore_dmidecode__tests_data_entry_v3.bin', 'jcreekmore_dmidecode__tests_data_dmi_v3.bin'],
];
const pairEntryNames = new Set(PAIRS.map((p) => p[0]));
const singles = files.filter((f) => !pairEntryNames.has(name(f)));
const read = (f: string): Uint8Array => new Uint8Array(readFileSync(f));

function expectedContainer(n: string): SmbiosTable['container'] {
  if (n.startsWith('dell_libsmbios')) return 'ep-at-0-physical-address';
  if (n.startsWith('jrgerber')) return 'rsmb';
  if (/Beelink|u-root|dmidecode\.bin/.test(n)) return 'dump-bin';
  return 'raw-table';
}

describe.skipIf(skip !== undefined)('SMBIOS corpus: decode and byte-identical re-encode', () => {
  it.each(singles.map((f) => [name(f), f]))('%s', (n, f) => {
    const bytes = read(f);
    const t = decodeSmbios(bytes);
    expect(t.container).toBe(expectedContainer(n));
    expect(t.structures.length).toBeGreaterThan(10);
    expect(t.findings.filter((x) => x.severity === 'error')).toEqual([]);
    // Container level: the whole file back.
    expect(bytesEqual(encodeSmbios(t), bytes)).toBe(true);
    // Raw layer: the walked part of the table back.
    const end = t.tableEnd ?? t.table.length;
    expect(bytesEqual(encodeStructureTable(t.structures), t.table.subarray(0, end))).toBe(true);
    // Entry point: re-encoding (with computed checksums) gives the original bytes.
    if (t.entryPoint) {
      const ep = encodeEntryPoint(t.entryPoint);
      expect(bytesEqual(ep, bytes.subarray(0, ep.length))).toBe(true);
    }
    // dmidecode's own dumps come back byte for byte from our --dump-bin writer.
    if (t.container === 'dump-bin') expect(bytesEqual(encodeDumpBin(t), bytes)).toBe(true);
    // Offsets and lengths are consistent with the bytes.
    for (const s of t.structures) {
      expect(s.formatted.length).toBe(s.length);
      expect(t.table[s.offset]).toBe(s.type);
    }
  });

  it.each(PAIRS)('sysfs pair %s + %s', (epName, tableName) => {
    const dir = path.dirname(files[0]!);
    const epBytes = read(path.join(dir, epName));
    const tableBytes = read(path.join(dir, tableName));
    const t = decodeSmbiosPair(epBytes, tableBytes);
    expect(t.container).toBe('sysfs');
    expect(t.version).not.toBeNull();
    expect(bytesEqual(encodeEntryPoint(decodeEntryPoint(epBytes)), epBytes)).toBe(true);
    expect(bytesEqual(encodeSmbios(t), tableBytes)).toBe(true);
    expect(t.findings.filter((x) => x.severity !== 'info')).toEqual([]);
    // The pair and the same table read bare agree structure for structure.
    const bare = decodeStructureTable(tableBytes);
    expect(bare.structures.length).toBe(t.structures.length);
  });
});
