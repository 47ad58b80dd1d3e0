// The SMBIOS corpus as dmidecode sees it: every readable input as a --dump-bin file, and which
// machines dmidecode decodes OEM types for (so differential tests know what not to compare).
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { decodeSmbios, encodeDumpBin, type SmbiosTable } from '@hvmpack/smbios';
import { corpusFiles } from './env.js';

/** Vendors whose OEM types dmidecode 3.4 decodes itself (`dmioem.c` `dmi_set_vendor`). */
export const DMIOEM_VENDORS: readonly string[] = ['Acer', 'HP', 'Hewlett-Packard', 'HPE', 'Hewlett Packard Enterprise', 'IBM', 'LENOVO'];

/** True when the type 1 manufacturer is one dmidecode has an OEM decoder for. */
export function vendorDecodesOem(t: SmbiosTable): boolean {
  const s1 = t.structures.find((s) => s.type === 1 && s.length >= 6);
  const idx = s1?.formatted[4] ?? 0;
  const v = (idx > 0 ? s1?.strings[idx - 1] : undefined)?.replace(/ +$/, '');
  return v !== undefined && DMIOEM_VENDORS.includes(v);
}

/** One corpus input with the --dump-bin file dmidecode reads for it. */
export interface DumpCase {
  name: string;
  input: string;
  dumpFile: string;
  table: SmbiosTable;
}

/**
 * Decodes every standalone corpus SMBIOS input and writes its --dump-bin into `workDir`:
 * --dump-bin files as they are, other containers through our own converter (a bare table gets a
 * 3.0 entry point, which dmidecode treats like our unknown version). Inputs that do not decode
 * alone (sysfs entry-point halves, an entry point without its table) are left out.
 */
export function corpusDumpCases(workDir: string): DumpCase[] {
  const out: DumpCase[] = [];
  for (const input of corpusFiles('smbios')) {
    const bytes = new Uint8Array(readFileSync(input));
    let table: SmbiosTable;
    let dump: Uint8Array;
    try {
      table = decodeSmbios(bytes);
      dump = table.container === 'dump-bin' ? bytes : encodeDumpBin(table);
    } catch {
      continue;
    }
    const dumpFile = path.join(workDir, `${out.length}.bin`);
    writeFileSync(dumpFile, dump);
    out.push({ name: path.basename(input), input, dumpFile, table });
  }
  return out;
}
