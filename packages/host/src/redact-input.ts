// Redacting an input path: one file (any SMBIOS or ACPI form), an SMBIOS sysfs pair (a folder or
// one half of it), or a folder of ACPI table files. What comes back has the input's shape: a file
// for a file, a folder of the same file names for a pair or a folder.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { decodeAcpiInput, parseTableFileName } from '@hvmpack/acpi';
import { ErrorCode, FormatError, finding, isFormatError, type Finding } from '@hvmpack/bytes';
import { redactAcpiSet, redactFile, redactSmbiosTable, type ChooseAcpi, type Placeholders, type RedactionChoosers, type RedactedFile, type RedactionChange } from '@hvmpack/audit';
import { InputError, inFile, isDirectory, isInputError, noteInputFolder, readInputFile, type FolderFile } from './files.js';
import { nodeFileAccess, readSmbiosSource, resolveSmbiosSource, smbiosSourceFiles, type SmbiosFileAccess } from './smbios-input.js';

/** A change, with the file of a folder it was made in. */
export type FileRedactionChange = RedactionChange & { file?: string };

/** A redacted input path: what it was read as, the output to write, and every change. */
export interface RedactedPath {
  /** `smbios`, `xen-smbios-blob`, `acpi` (one file), `smbios-pair` or `acpi-folder` (a folder out). */
  kind: RedactedFile['kind'] | 'smbios-pair' | 'acpi-folder';
  /** The container or form read (`dump-bin`, `sysfs`, `acpidump`, `blob`, `folder`, …). */
  format: string;
  output: { kind: 'file'; bytes: Uint8Array } | { kind: 'folder'; files: FolderFile[] };
  /** The files read (outputs may not overwrite them). */
  inputs: string[];
  changes: FileRedactionChange[];
  /** What was noticed besides the changes (files copied or left out of a folder). */
  findings: Finding[];
  /** The redacted file's decoded result, when the input was one file or a pair. */
  file?: RedactedFile;
}

/**
 * Reads and redacts `input` (see the file comment). FormatErrors name the file they are about;
 * a folder that is neither a sysfs pair nor a folder of tables is an error.
 */
export async function redactPath(input: string, choose: RedactionChoosers, placeholders: Placeholders, io: SmbiosFileAccess = nodeFileAccess): Promise<RedactedPath> {
  let src;
  try {
    src = await resolveSmbiosSource(input, io);
  } catch (e) {
    // A folder without an entry point + table pair: a folder of ACPI tables.
    if (isInputError(e) && e.code === 'NOT_FOUND' && (await isDirectory(input))) return redactAcpiFolder(input, choose.acpi, placeholders);
    throw e;
  }
  if (src.kind === 'pair') {
    const t = await readSmbiosSource(src, {}, io);
    const smbios = inFile(src.table, () => redactSmbiosTable(t, choose.smbios, placeholders));
    const files: FolderFile[] = [
      { name: path.basename(src.entryPoint), data: smbios.entryPoint! },
      { name: path.basename(src.table), data: smbios.bytes },
    ];
    const file: RedactedFile = { kind: 'smbios', format: 'sysfs', bytes: smbios.bytes, smbios, changes: smbios.changes };
    return { kind: 'smbios-pair', format: 'sysfs', output: { kind: 'folder', files }, inputs: smbiosSourceFiles(src), changes: smbios.changes, findings: [], file };
  }
  const bytes = await io.readFile(src.file);
  const file = inFile(src.file, () => redactFile(bytes, path.basename(src.file), choose, placeholders));
  return { kind: file.kind, format: file.format, output: { kind: 'file', bytes: file.bytes }, inputs: [src.file], changes: file.changes, findings: [], file };
}

/**
 * A folder of ACPI table files (a copy of /sys/firmware/acpi/tables, acpixtract output): every
 * file that holds tables is redacted on its own and keeps its name; other files are copied as
 * they are. Sub-folders are not written (the output is one new folder of files): `data/`
 * (firmware data, no tables) is left out with a note, `dynamic/` (tables the firmware's AML loads
 * at run time, not in the root table, so never passed through) with a warning.
 */
async function redactAcpiFolder(dir: string, choose: ChooseAcpi, placeholders: Placeholders): Promise<RedactedPath> {
  await noteInputFolder(dir);
  let names: string[];
  try {
    names = (await fs.readdir(dir)).sort();
  } catch {
    throw new InputError('UNREADABLE', dir, 'cannot list the folder');
  }
  const files: FolderFile[] = [];
  const changes: FileRedactionChange[] = [];
  const findings: Finding[] = [];
  const inputs: string[] = [];
  let tables = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    if (await isDirectory(file)) {
      if (name === 'dynamic') findings.push(finding('REDACT_DYNAMIC_LEFT_OUT', 'warning', 'dynamic/ (tables loaded at run time) is left out of the output folder; redact it on its own if needed', { path: 'dynamic/' }));
      else findings.push(finding('REDACT_FOLDER_SKIPPED', 'info', `${name}/ is a folder and holds no table files; left out`, { path: `${name}/` }));
      continue;
    }
    const bytes = await readInputFile(file);
    inputs.push(file);
    const redacted = parseTableFileName(name) || /\.(aml|dat|bin|raw)$/i.test(name) ? inFile(file, () => redactTableFile(bytes, name, choose, placeholders)) : undefined;
    if (redacted === undefined) {
      findings.push(finding('REDACT_FILE_COPIED', 'info', `${name} holds no ACPI table; copied as it is`, { path: name }));
      files.push({ name, data: bytes });
      continue;
    }
    tables++;
    files.push({ name, data: redacted.bytes });
    for (const c of redacted.changes) changes.push({ ...c, file: name });
  }
  if (tables === 0) throw new FormatError(ErrorCode.UnknownFormat, 'no ACPI table files and no SMBIOS entry point + table pair in the folder', { file: dir, expected: 'files such as DSDT, SSDT1, dsdt.dat, or smbios_entry_point + DMI' });
  return { kind: 'acpi-folder', format: 'folder', output: { kind: 'folder', files }, inputs, changes, findings };
}

/** One table file of a folder, redacted; undefined when its bytes hold no table. */
function redactTableFile(bytes: Uint8Array, name: string, choose: ChooseAcpi, placeholders: Placeholders): { bytes: Uint8Array; changes: RedactionChange[] } | undefined {
  try {
    return redactAcpiSet(decodeAcpiInput(bytes, name), bytes, choose, placeholders);
  } catch (e) {
    if (isFormatError(e) && e.code === ErrorCode.UnknownFormat) return undefined;
    throw e;
  }
}
