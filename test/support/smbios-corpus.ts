// The SMBIOS corpus as dmidecode sees it: every readable input as a --dump-bin file.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { decodeSmbios, encodeDumpBin, type SmbiosTable } from '@hvmpack/smbios';
import { corpusFiles } from './env.js';

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
