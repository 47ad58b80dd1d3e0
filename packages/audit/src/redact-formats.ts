// Redaction of whole inputs, written back in the format they came in: an SMBIOS table in its
// container (dmidecode --dump-bin, memory image, bare table, RSMB, the sysfs entry point + table
// pair) or Xen's smbios_firmware blob; ACPI tables as one binary table, tables back to back (Xen's
// acpi_firmware blob) or acpidump text. Folders of files are the host package's: it applies these
// per file.
import { ErrorCode, FormatError, concatBytes, latin1Bytes } from '@hvmpack/bytes';
import { decodeAcpiInput, formatAcpidump, splitBlob, walkAcpiBlob, type AcpiTable, type AcpiTableSet } from '@hvmpack/acpi';
import { decodeSmbios, decodeStructureTable, encodeEntryPoint, encodeSmbios, encodeStructure, entryPointFor, type RawStructure, type SmbiosTable, type SmbiosVersion } from '@hvmpack/smbios';
import { SmbiosPayloadFormat, buildSmbiosModule, decodeModuleSet, encodeModuleSet, type Module } from '@hvmpack/container';
import { InputFormat, decodeSmbiosBlob, detectFormats, encodeSmbiosBlob, structureExtent } from '@hvmpack/xen';
import { auditHost } from './audit-host.js';
import type { HostAudit, HostTables, Identifier, Policy } from './model.js';
import { DEFAULT_POLICY } from './policy.js';
import { chooseIdentifiers, redactAcpiTables, redactSmbiosStructures, type RedactionChange } from './redact.js';
import type { Placeholders } from './redact-placeholders.js';

/** Picks the identifiers to redact in decoded structures (inventory, then policy or a list). */
export type ChooseSmbios = (structures: readonly RawStructure[], version: SmbiosVersion | null) => Identifier[];
/** Picks the identifiers to redact in decoded tables. */
export type ChooseAcpi = (tables: readonly AcpiTable[]) => Identifier[];

/** A redacted SMBIOS input: the bytes of its file, and for a sysfs pair the entry point file's too. */
export interface RedactedSmbios {
  bytes: Uint8Array;
  /** The sysfs pair's entry point, rewritten for the new table length. */
  entryPoint?: Uint8Array;
  /** The structures as written, for building from them (pack, prepare). */
  structures: RawStructure[];
  version: SmbiosVersion | null;
  changes: RedactionChange[];
}

/** A redacted ACPI input: the bytes of its file, and the tables as written. */
export interface RedactedAcpi {
  bytes: Uint8Array;
  tables: AcpiTable[];
  changes: RedactionChange[];
}

/**
 * Redacts a decoded SMBIOS input and re-encodes it in its own container: the structure table
 * with string sets rebuilt, and the entry point (or RSMB header) recomputed for the new table
 * length, structure size maximum and checksums; handles, order and every byte outside the
 * replaced values kept. A sysfs pair gives back both files. An unchanged input comes back byte
 * for byte.
 */
export function redactSmbiosTable(t: SmbiosTable, choose: ChooseSmbios, placeholders: Placeholders): RedactedSmbios {
  const r = redactSmbiosStructures(t.structures, t.version, choose(t.structures, t.version), placeholders);
  const edited: SmbiosTable = { ...t, structures: r.structures };
  const out: RedactedSmbios = { bytes: encodeSmbios(edited), structures: r.structures, version: t.version, changes: r.changes };
  if (t.container === 'sysfs' && t.entryPoint) {
    // encodeSmbios gives a pair's table file alone; its entry point (firmware address kept) is the other file.
    out.entryPoint = encodeEntryPoint(entryPointFor(t.entryPoint, t, tableBody(r.structures)));
  }
  return out;
}

function tableBody(structures: readonly RawStructure[]): Uint8Array {
  return concatBytes(structures.map(encodeStructure));
}

/**
 * Redacts Xen's `smbios_firmware` blob (`[u32 length][structure]…`): each record's structure is
 * decoded and redacted, its separator rewritten for the new length, and bytes a record carries
 * after its structure's double NUL kept. A record that is not a whole structure (hvmloader walks
 * such blobs; we report them elsewhere) is a `BAD_LENGTH` error: redacting it cannot be done safely.
 */
export function redactSmbiosBlob(blob: Uint8Array, choose: ChooseSmbios, placeholders: Placeholders): RedactedSmbios {
  const walk = decodeSmbiosBlob(blob);
  if (walk.end !== 'exact') {
    throw new FormatError(ErrorCode.BadLength, 'the smbios_firmware blob does not end on a record boundary', { offset: walk.records.at(-1)?.offset ?? 0, expected: 'records that end exactly at the blob end', found: walk.end });
  }
  const structures: RawStructure[] = [];
  const tails: Uint8Array[] = [];
  for (const rec of walk.records) {
    const extent = structureExtent(rec.bytes);
    if (extent === null || rec.headerLength === null || rec.headerLength < 4) {
      throw new FormatError(ErrorCode.BadLength, 'a blob record is not a whole SMBIOS structure', { offset: rec.offset, path: `smbiosBlob.records[${rec.index}]`, expected: 'a header and a string set ending in a double NUL', found: `${rec.bytes.length} bytes` });
    }
    const s = decodeStructureTable(rec.bytes.subarray(0, extent), { version: null }).structures[0];
    if (s === undefined) throw new FormatError(ErrorCode.BadLength, 'a blob record holds no structure', { offset: rec.offset, path: `smbiosBlob.records[${rec.index}]` });
    structures.push(s);
    tails.push(rec.bytes.subarray(extent));
  }
  // The blob carries no version; the guest table hvmloader builds is 2.4, which fixes the UUID order.
  const version: SmbiosVersion = { major: 2, minor: 4 };
  const r = redactSmbiosStructures(structures, version, choose(structures, version), placeholders);
  const bytes = encodeSmbiosBlob(r.structures.map((s, i) => concatBytes([encodeStructure(s), tails[i]!])));
  return { bytes, structures: r.structures, version, changes: r.changes };
}

/**
 * Redacts a decoded ACPI input and writes it back as it came: a single binary table, tables back
 * to back (bytes between and after tables kept; lengths never change, so every table stays where
 * it was), or acpidump text (addresses kept; `acpixtract -a` reads it back). Folders are redacted
 * file by file by the caller; a memory image (tables found through an RSDP) is `UNSUPPORTED_FORMAT`.
 */
export function redactAcpiSet(set: AcpiTableSet, original: Uint8Array, choose: ChooseAcpi, placeholders: Placeholders): RedactedAcpi {
  if (set.container !== 'binary' && set.container !== 'blob' && set.container !== 'acpidump') {
    throw new FormatError('UNSUPPORTED_FORMAT', `redaction cannot write back an ACPI ${set.container}`, { offset: 0, expected: 'acpidump text, one table, tables back to back, or a folder of tables', found: set.container });
  }
  const r = redactAcpiTables(set.tables, choose(set.tables), placeholders);
  if (set.container === 'acpidump') return { bytes: latin1Bytes(formatAcpidump(r.tables)), tables: r.tables, changes: r.changes };
  const bytes = original.slice();
  if (set.container === 'binary') {
    bytes.set(r.tables[0]!.bytes.subarray(0, bytes.length), 0);
  } else {
    const records = walkAcpiBlob(original, { maxTables: r.tables.length }).records;
    records.forEach((rec, i) => bytes.set(r.tables[i]!.bytes.subarray(0, rec.bytes.length), rec.offset));
  }
  return { bytes, tables: r.tables, changes: r.changes };
}

/**
 * Redacts an hvmpack module set (`pack modules` output): each SMBIOS module's payload (a Xen blob
 * or a structure table) and each ACPI module's tables, the SMBIOS type header's structure count
 * and largest structure recomputed, every checksum rewritten by the set's encoder; option ROMs,
 * metadata and unknown modules kept as they are. Changes of every module are listed in module order.
 */
export function redactModuleSet(bytes: Uint8Array, choose: RedactionChoosers, placeholders: Placeholders): { bytes: Uint8Array; changes: RedactionChange[] } {
  const { set } = decodeModuleSet(bytes);
  const changes: RedactionChange[] = [];
  const modules = set.modules.map((m): Module => {
    if (m.kind === 'smbios') {
      const version = m.smbios.major !== 0 ? { major: m.smbios.major, minor: m.smbios.minor } : null;
      const r =
        m.smbios.payloadFormat === SmbiosPayloadFormat.XenBlob
          ? redactSmbiosBlob(m.payload, choose.smbios, placeholders)
          : redactSmbiosTable({ ...decodeSmbios(m.payload, { container: 'raw-table' }), version }, choose.smbios, placeholders);
      changes.push(...r.changes);
      const built = buildSmbiosModule(r.bytes, { version: { major: m.smbios.major, minor: m.smbios.minor, docrev: m.smbios.docrev }, format: m.smbios.payloadFormat as SmbiosPayloadFormat, flags: m.flags });
      return { ...m, smbios: built.smbios, payload: r.bytes };
    }
    if (m.kind === 'acpi') {
      const r = redactAcpiSet(splitBlob(m.payload), m.payload, choose.acpi, placeholders);
      changes.push(...r.changes);
      return { ...m, payload: r.bytes };
    }
    return m;
  });
  return { bytes: encodeModuleSet({ ...set, modules }), changes };
}

/** One redacted file: what it was read as, its new bytes, and what changed. */
export interface RedactedFile {
  /** `smbios` (a table in its container), `xen-smbios-blob`, `acpi` (one table, tables back to back or acpidump text), `module-set`. */
  kind: 'smbios' | 'xen-smbios-blob' | 'acpi' | 'module-set';
  /** The container or form read (`dump-bin`, `raw-table`, `rsmb`, `blob`, `acpidump`, …). */
  format: string;
  bytes: Uint8Array;
  smbios?: RedactedSmbios;
  acpi?: RedactedAcpi;
  changes: RedactionChange[];
}

/**
 * Redacts one self-contained file, whatever SMBIOS or ACPI form it holds, or a module set
 * (detected from its bytes as `hvmpack inspect` detects it; `name` is a hint for ACPI table
 * files). Anything else (start info, unknown bytes) is `UNKNOWN_FORMAT`.
 */
export function redactFile(bytes: Uint8Array, name: string | undefined, choose: RedactionChoosers, placeholders: Placeholders): RedactedFile {
  const format = detectFormats(bytes, name)[0]!.format;
  if (format === InputFormat.SmbiosDump) {
    const t = decodeSmbios(bytes);
    const smbios = redactSmbiosTable(t, choose.smbios, placeholders);
    return { kind: 'smbios', format: t.container, bytes: smbios.bytes, smbios, changes: smbios.changes };
  }
  if (format === InputFormat.XenSmbiosBlob) {
    const smbios = redactSmbiosBlob(bytes, choose.smbios, placeholders);
    return { kind: 'xen-smbios-blob', format: 'xen-smbios-blob', bytes: smbios.bytes, smbios, changes: smbios.changes };
  }
  if (format === InputFormat.AcpiInput || format === InputFormat.XenAcpiBlob) {
    const set = decodeAcpiInput(bytes, name);
    const acpi = redactAcpiSet(set, bytes, choose.acpi, placeholders);
    return { kind: 'acpi', format: set.container, bytes: acpi.bytes, acpi, changes: acpi.changes };
  }
  if (format === InputFormat.ModuleSet) {
    const r = redactModuleSet(bytes, choose, placeholders);
    return { kind: 'module-set', format: 'module-set', bytes: r.bytes, changes: r.changes };
  }
  throw new FormatError(ErrorCode.UnknownFormat, 'not SMBIOS or ACPI data that redaction can write back', {
    offset: 0,
    expected: 'an SMBIOS dump or table, a Xen smbios_firmware or acpi_firmware blob, ACPI tables, acpidump text or a module set',
    found: format === InputFormat.Unknown ? 'an unknown format' : format,
  });
}

/** The identifiers to redact, as the {@link redactFile} and `redactPath` readers ask for them. */
export interface RedactionChoosers {
  smbios: ChooseSmbios;
  acpi: ChooseAcpi;
}

/**
 * Choosers that audit whatever they are given (inventory, then the policy's verdicts with reach
 * unknown, since a file alone describes no guest) and take what `only` names, or else what the
 * policy (default {@link DEFAULT_POLICY}) says to redact or fail. The host's vendor and model for
 * `match.vendor`/`model` come from the SMBIOS being redacted; ACPI tables alone have none.
 */
export function policyChoosers(options: { policy?: Policy; only?: readonly string[] } = {}): RedactionChoosers {
  const pick = (host: HostTables): Identifier[] => {
    const audit = auditHost(host, options.policy ? { policy: options.policy } : {});
    return chooseIdentifiers(audit.identifiers, options.only ? { ids: options.only } : { verdicts: audit.identifiers.map((i) => i.verdict) });
  };
  return {
    smbios: (structures, version) => pick({ smbios: { container: 'built', entryPoint: null, version, table: new Uint8Array(0), structures: [...structures], findings: [] } }),
    acpi: (tables) => pick({ acpi: { container: 'tables', tables: [...tables], findings: [] } }),
  };
}

/**
 * Choosers that give back what an audit of the whole host (with a guest: reach decided by its
 * guest view) chose, for redacting exactly the tables that audit read (`pack --redact`,
 * `prepare --redact`). `only` as in {@link policyChoosers}.
 */
export function auditChoosers(audit: HostAudit, only?: readonly string[]): RedactionChoosers {
  const chosen = chooseIdentifiers(audit.identifiers, only ? { ids: only } : { verdicts: audit.identifiers.map((i) => i.verdict) });
  return { smbios: () => chosen.filter((i) => i.place.source === 'smbios'), acpi: () => chosen.filter((i) => i.place.source === 'acpi') };
}
