import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Limits } from '@hvmpack/bytes';
import { decodeEntryPoint, hasEntryPointAnchor, type DecodeSmbiosOptions, type SmbiosTable } from '@hvmpack/smbios';
import { indexSmbios, indexSmbiosPair, withStructures, type IndexedSmbios } from '@hvmpack/smbios/indexed';
import { InputError, inFile, isDirectory, noteInputFolder, readInputFile } from './files.js';

/** Where Linux exposes the raw SMBIOS entry point and table (since about 4.2; root only). */
export const SYSFS_DMI_TABLES = '/sys/firmware/dmi/tables';

/** What an SMBIOS input path resolved to: one self-contained file, or an entry point + table pair. */
export type SmbiosSource = { kind: 'file'; file: string } | { kind: 'pair'; entryPoint: string; table: string };

// An entry point is 15, 24 or 31/32 bytes; anything this small with an anchor is a lone entry point.
const MAX_ENTRY_POINT_FILE = 32;

/**
 * The partner file name of one half of a sysfs-style pair, by the naming conventions seen in
 * practice: `smbios_entry_point` ↔ `DMI` (sysfs, also with a prefix as in the corpus),
 * `…entry….bin` ↔ `…dmi….bin` (jcreekmore/dmidecode test data).
 */
export function smbiosPairPartner(name: string): { entryPoint: string; table: string } | undefined {
  const sysfs = /^(.*?)smbios_entry_point$/.exec(name);
  if (sysfs) return { entryPoint: name, table: `${sysfs[1]}DMI` };
  const dmi = /^(.*?)DMI$/.exec(name);
  if (dmi) return { entryPoint: `${dmi[1]}smbios_entry_point`, table: name };
  if (!name.endsWith('.bin')) return undefined;
  const e = name.lastIndexOf('entry');
  if (e >= 0) return { entryPoint: name, table: name.slice(0, e) + 'dmi' + name.slice(e + 5) };
  const d = name.lastIndexOf('dmi');
  // `dmidecode.bin` is a whole dump, not half of a pair.
  if (d >= 0 && !name.startsWith('dmidecode', d)) return { entryPoint: name.slice(0, d) + 'entry' + name.slice(d + 3), table: name };
  return undefined;
}

/** The file access {@link resolveSmbiosSource} needs; the CLI passes its own `CliIO`, which fits. */
export interface SmbiosFileAccess {
  readFile(file: string, limits?: Partial<Limits>): Promise<Uint8Array>;
  isDirectory(p: string): Promise<boolean>;
  readDir(p: string): Promise<string[]>;
}

/** The Node file system as {@link SmbiosFileAccess}. */
export const nodeFileAccess: SmbiosFileAccess = {
  readFile: (f, limits) => readInputFile(f, limits),
  isDirectory,
  readDir: async (p) => {
    try {
      return (await fs.readdir(p)).sort();
    } catch {
      throw new InputError('UNREADABLE', p, 'cannot list the folder');
    }
  },
};

async function looksLikeEntryPoint(file: string, io: SmbiosFileAccess): Promise<boolean> {
  try {
    const b = await io.readFile(file, { maxInputBytes: 4096 });
    return b.length <= MAX_ENTRY_POINT_FILE && hasEntryPointAnchor(b);
  } catch {
    return false;
  }
}

/**
 * Resolves an input path: a folder holding one entry point + table pair (`/sys/firmware/dmi/tables`
 * itself, a copy of it, or prefixed names), one half of such a pair (its partner is found beside
 * it), or a self-contained file (dump-bin, memory image, RSMB, bare table).
 */
export async function resolveSmbiosSource(input: string, io: SmbiosFileAccess = nodeFileAccess): Promise<SmbiosSource> {
  if (await io.isDirectory(input)) {
    // Outputs may not land in an input folder (see runWithInputLog).
    await noteInputFolder(input);
    const names = await io.readDir(input);
    const pairs: SmbiosSource[] = [];
    for (const n of names) {
      const p = smbiosPairPartner(n);
      if (!p || p.entryPoint !== n || !names.includes(p.table)) continue;
      pairs.push({ kind: 'pair', entryPoint: path.join(input, p.entryPoint), table: path.join(input, p.table) });
    }
    if (pairs.length === 1) return pairs[0]!;
    if (pairs.length > 1) throw new InputError('AMBIGUOUS', input, `the folder holds ${pairs.length} entry point + table pairs; name one file`);
    throw new InputError('NOT_FOUND', input, 'the folder holds no smbios_entry_point + DMI pair');
  }
  const dir = path.dirname(input);
  const base = path.basename(input);
  const p = smbiosPairPartner(base);
  if (p) {
    const other = p.entryPoint === base ? p.table : p.entryPoint;
    let siblings: string[] = [];
    try {
      siblings = await io.readDir(dir);
    } catch {
      /* an unlistable folder just means no pairing */
    }
    const ep = path.join(dir, p.entryPoint);
    const table = path.join(dir, p.table);
    if (siblings.includes(other) && (await looksLikeEntryPoint(ep, io)) && !(await looksLikeEntryPoint(table, io))) {
      return { kind: 'pair', entryPoint: ep, table };
    }
  }
  return { kind: 'file', file: input };
}

/** The files an SMBIOS source reads (for refusing to write an output over one of them). */
export function smbiosSourceFiles(src: SmbiosSource): string[] {
  return src.kind === 'file' ? [src.file] : [src.entryPoint, src.table];
}

/**
 * Reads and decodes an SMBIOS input from a file, a folder or `/sys/firmware/dmi/tables`
 * (see {@link resolveSmbiosSource}). Decoding errors carry the name of the file they are about.
 */
export async function readSmbiosInput(input: string, options: DecodeSmbiosOptions = {}, io: SmbiosFileAccess = nodeFileAccess): Promise<SmbiosTable> {
  return readSmbiosSource(await resolveSmbiosSource(input, io), options, io);
}

/** Reads and decodes an already resolved {@link SmbiosSource}. */
export async function readSmbiosSource(src: SmbiosSource, options: DecodeSmbiosOptions = {}, io: SmbiosFileAccess = nodeFileAccess): Promise<SmbiosTable> {
  return withStructures(await indexSmbiosSource(src, options, io));
}

/**
 * {@link readSmbiosSource} with the structures as an index over the table instead of objects
 * (`indexSmbios`): the same checks and errors, for readers that visit each structure once (the
 * JSON lines of `smbios decode --json` over many inputs). Internal to host: the batch imports it
 * by relative path.
 */
export async function indexSmbiosSource(src: SmbiosSource, options: DecodeSmbiosOptions = {}, io: SmbiosFileAccess = nodeFileAccess): Promise<IndexedSmbios> {
  if (src.kind === 'file') {
    const bytes = await io.readFile(src.file, options.limits);
    // The library refuses a file that is not SMBIOS (checkBareTableGuess), as every reader must.
    return inFile(src.file, () => indexSmbios(bytes, options));
  }
  const [epBytes, tableBytes] = await Promise.all([io.readFile(src.entryPoint, options.limits), io.readFile(src.table, options.limits)]);
  // Decode the entry point on its own first so its errors name its file, not the table's.
  inFile(src.entryPoint, () => decodeEntryPoint(epBytes, { verifyChecksums: options.verifyChecksums ?? true, findings: [] }));
  return inFile(src.table, () => indexSmbiosPair(epBytes, tableBytes, options));
}
