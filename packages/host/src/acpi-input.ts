// Reading ACPI inputs from the file system: one file (any format decodeAcpiInput detects) or a
// folder of table files (Linux /sys/firmware/acpi/tables and copies of it, or acpixtract output).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  decodeAcpiInput,
  decodeTable,
  numberInstances,
  parseTableFileName,
  quoteSignature,
  type AcpiInputOptions,
  type AcpiTable,
  type AcpiTableSet,
} from '@hvmpack/acpi';
import { ErrorCode, FormatError, finding, isFormatError, resolveLimits, type Finding } from '@hvmpack/bytes';
import { InputError, inFile, isDirectory, noteInputFolder, readInputFile } from './files.js';

/** Where Linux exposes the firmware's ACPI tables (root-readable only). */
export const SYSFS_ACPI_TABLES = '/sys/firmware/acpi/tables';

/**
 * Reads an ACPI input: a file is decoded with `decodeAcpiInput` (acpidump text, a binary table,
 * concatenated tables, a memory image); a folder is read as table files. In a folder, sysfs names
 * (`DSDT`, `SSDT3`) and acpixtract names (`ssdt3.dat`) give the order, `dynamic/` adds the tables
 * loaded at run time, `data/` (firmware data regions, not tables) is skipped, and other files are
 * taken when their bytes start with a table signature. FormatErrors carry the file name.
 */
export async function readAcpiInput(input: string, options: AcpiInputOptions = {}): Promise<AcpiTableSet> {
  if (!(await isDirectory(input))) {
    // readInputFile reads `-` as standard input and gives the right InputError (not found, permission denied).
    const bytes = await readInputFile(input, options.limits);
    return inFile(input, () => decodeAcpiInput(bytes, path.basename(input), options));
  }
  await noteInputFolder(input);
  const findings: Finding[] = [];
  const tables: AcpiTable[] = [];
  await readTableFolder(input, '', tables, findings, options);
  if (await isDirectory(path.join(input, 'dynamic'))) await readTableFolder(path.join(input, 'dynamic'), 'dynamic/', tables, findings, options);
  if (await isDirectory(path.join(input, 'data'))) {
    findings.push(finding('ACPI_DATA_FOLDER_SKIPPED', 'info', 'data/ holds firmware data regions, not tables; skipped', { path: 'data/' }));
  }
  if (tables.length === 0) {
    throw new FormatError(ErrorCode.UnknownFormat, 'no ACPI table files in the folder', { file: input, expected: 'files such as DSDT, SSDT1 or dsdt.dat' });
  }
  return { container: 'folder', tables: numberInstances(tables), findings };
}

/** Orders names by signature, then instance numerically (SSDT2 before SSDT10), then name. */
function compareNames(a: string, b: string): number {
  const pa = parseTableFileName(a);
  const pb = parseTableFileName(b);
  if (pa && pb) {
    if (pa.signature !== pb.signature) return pa.signature < pb.signature ? -1 : 1;
    const d = (pa.instance ?? 0) - (pb.instance ?? 0);
    if (d !== 0) return d;
  } else if (pa || pb) {
    return pa ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

async function readTableFolder(dir: string, prefix: string, tables: AcpiTable[], findings: Finding[], options: AcpiInputOptions): Promise<void> {
  const limits = resolveLimits(options.limits);
  let names: string[];
  try {
    names = (await fs.readdir(dir)).sort(compareNames);
  } catch (e) {
    throw new InputError('UNREADABLE', dir, (e as { code?: string }).code === 'EACCES' ? 'permission denied' : 'cannot list the folder');
  }
  for (const name of names) {
    const file = path.join(dir, name);
    const st = await fs.stat(file).catch(() => undefined);
    if (!st || !st.isFile()) continue;
    const parsed = parseTableFileName(name);
    if (!parsed && !/\.(aml|dat|bin|raw)$/i.test(name)) {
      findings.push(finding('ACPI_FILE_SKIPPED', 'info', `${prefix}${name} is not named like a table file; skipped`, { path: `${prefix}${name}` }));
      continue;
    }
    if (tables.length >= limits.maxTables) {
      throw new FormatError(ErrorCode.LimitExceeded, 'too many table files', { file: dir, expected: `<= ${limits.maxTables}` });
    }
    const bytes = await readInputFile(file, options.limits);
    if (!parsed) {
      // Any other name (dsdt.aml, amltables.dat): whatever decodeAcpiInput finds in it, e.g.
      // several tables back to back.
      let inner: AcpiTableSet;
      try {
        inner = inFile(file, () => decodeAcpiInput(bytes, name, options));
      } catch (e) {
        // A stray file that merely has a table-like extension must not sink the whole folder.
        if (!isFormatError(e) || e.code !== ErrorCode.UnknownFormat) throw e;
        findings.push(finding('ACPI_FILE_SKIPPED', 'warning', `${prefix}${name} holds no ACPI table; skipped`, { path: `${prefix}${name}` }));
        continue;
      }
      for (const t of inner.tables) tables.push({ ...t, source: `${prefix}${name}${inner.tables.length > 1 ? `#${t.instance}` : ''}` });
      findings.push(...inner.findings);
      continue;
    }
    // An empty (or 1–3 byte) file has no signature of its own: the name supplies it, so the
    // finding names the table (SSDT5: table has no bytes) and instances stay numbered.
    const t = inFile(file, () => decodeTable(bytes, { source: `${prefix}${name}`, ...(bytes.length < 4 && { signature: parsed.signature }) }));
    if (bytes.length >= 4 && t.signature !== parsed.signature) {
      findings.push(
        finding('ACPI_FILE_NAME_MISMATCH', 'warning', `${prefix}${name} holds a table with signature ${quoteSignature(t.signature)}`, { path: `${prefix}${name}` }),
      );
    }
    tables.push(t);
  }
}
