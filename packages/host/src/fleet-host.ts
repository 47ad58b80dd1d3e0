// One host of a fleet, read from a file or a folder. A collector saves each machine's firmware
// data however it can: one `dmidecode --dump-bin` file, an acpidump text, or a folder holding
// several of those (a dump and an acpidump, a copy of /sys/firmware/dmi/tables, a folder of ACPI
// table files). Every file is told apart by content, as `prepare` tells its inputs apart.
import * as path from 'node:path';
import { ErrorCode, FormatError, isFormatError, type Finding } from '@hvmpack/bytes';
import { decodeAcpiInput, numberInstances, type AcpiTable, type AcpiTableSet } from '@hvmpack/acpi';
import { decodeSmbios, type SmbiosTable } from '@hvmpack/smbios';
import { readAcpiInput } from './acpi-input.js';
import { InputError, inFile } from './files.js';
import { readSmbiosSource, smbiosPairPartner, type SmbiosFileAccess } from './smbios-input.js';

/** A host's tables as the readers give them; either may be absent (a host with only ACPI data). */
export interface FleetHostTables {
  smbios?: SmbiosTable;
  acpi?: AcpiTableSet;
}

/** Files and folders one host folder may hold; a folder with more is not one machine's data. */
export const FLEET_HOST_MAX_ENTRIES = 256;

/**
 * Reads one file as SMBIOS, else as ACPI; a file that is neither is an `UNKNOWN_FORMAT` error at
 * offset 0. An SMBIOS error other than "not SMBIOS" (a truncated entry point) is that error: the
 * file was SMBIOS, and broken.
 */
async function readHostFile(file: string, io: SmbiosFileAccess): Promise<FleetHostTables> {
  const bytes = await io.readFile(file);
  try {
    return { smbios: inFile(file, () => decodeSmbios(bytes)) };
  } catch (e) {
    if (!isFormatError(e) || e.code !== ErrorCode.UnknownFormat) throw e;
  }
  try {
    return { acpi: inFile(file, () => decodeAcpiInput(bytes, path.basename(file))) };
  } catch (e) {
    if (!isFormatError(e) || e.code !== ErrorCode.UnknownFormat) throw e;
  }
  throw new FormatError(ErrorCode.UnknownFormat, 'neither SMBIOS nor ACPI data', { file, offset: 0, expected: 'a dmidecode --dump-bin file, an SMBIOS table, acpidump text or ACPI tables' });
}

/** Collects one host's parts, refusing a second SMBIOS table (two machines in one folder). */
class HostParts {
  smbios: SmbiosTable | undefined;
  private smbiosFrom = '';
  readonly tables: AcpiTable[] = [];
  readonly findings: Finding[] = [];

  constructor(private readonly folder: string) {}

  addSmbios(t: SmbiosTable, from: string): void {
    if (this.smbios) throw new InputError('AMBIGUOUS', this.folder, `holds two SMBIOS tables (${path.basename(this.smbiosFrom)} and ${path.basename(from)}); a host folder is one machine`);
    this.smbios = t;
    this.smbiosFrom = from;
  }

  addAcpi(set: AcpiTableSet, from: string): void {
    // Findings and reports name the table by the file it came from, relative to the host folder.
    const name = path.relative(this.folder, from);
    for (const t of set.tables) this.tables.push({ ...t, source: set.container === 'folder' && t.source !== undefined ? `${name}/${t.source}` : name });
    this.findings.push(...set.findings);
  }

  result(): FleetHostTables {
    if (!this.smbios && this.tables.length === 0) throw new InputError('NOT_FOUND', this.folder, 'the folder holds no SMBIOS or ACPI data');
    return { ...(this.smbios && { smbios: this.smbios }), ...(this.tables.length > 0 && { acpi: { container: 'folder', tables: numberInstances(this.tables), findings: this.findings } }) };
  }
}

/**
 * Reads one fleet host: a file (any SMBIOS input, or any ACPI input) or a folder of them. In a
 * folder, an entry point + table pair (`smbios_entry_point` + `DMI`, as sysfs names them) is one
 * SMBIOS input, a sub-folder is a folder of ACPI table files (`tables/`, a sysfs copy), every other
 * file is told apart by content, and ACPI tables from several files are one set. Names starting
 * with a dot are skipped (editors' and copiers' leftovers).
 */
export async function readFleetHost(input: string, io: SmbiosFileAccess): Promise<FleetHostTables> {
  if (!(await io.isDirectory(input))) return readHostFile(input, io);
  const names = (await io.readDir(input)).filter((n) => !n.startsWith('.'));
  if (names.length > FLEET_HOST_MAX_ENTRIES) throw new InputError('TOO_LARGE', input, `holds ${names.length} entries, more than the ${FLEET_HOST_MAX_ENTRIES} of one machine's firmware data`);
  const parts = new HostParts(input);
  const paired = new Set<string>();
  for (const n of names) {
    const p = smbiosPairPartner(n);
    if (!p || p.entryPoint !== n || !names.includes(p.table)) continue;
    const entryPoint = path.join(input, p.entryPoint);
    const table = path.join(input, p.table);
    parts.addSmbios(await readSmbiosSource({ kind: 'pair', entryPoint, table }, {}, io), table);
    paired.add(p.entryPoint).add(p.table);
  }
  for (const n of names) {
    if (paired.has(n)) continue;
    const file = path.join(input, n);
    if (await io.isDirectory(file)) {
      parts.addAcpi(await readAcpiInput(file), file);
      continue;
    }
    const got = await readHostFile(file, io);
    if (got.smbios) parts.addSmbios(got.smbios, file);
    if (got.acpi) parts.addAcpi(got.acpi, file);
  }
  return parts.result();
}
