// Format detection and description for `hvmpack inspect`: every input format the toolkit knows,
// recognised from its bytes alone. Pure: no Node, no file names needed (a name is only a hint).
import { ByteReader, finding, isFormatError, latin1, printableAscii, type Finding } from '@hvmpack/bytes';
import { ACPI_HEADER_LENGTH, decodeAcpiInput, isValidSignature, looksLikeAcpidump, sensitiveTableFinding } from '@hvmpack/acpi';
import { decodeSmbios, hasEntryPointAnchor, isRsmbBlob } from '@hvmpack/smbios';
import { MODSET_SIGNATURE, summarizeModuleSet, verifyModuleSet } from '@hvmpack/container';
import { HVM_INFO_SIGNATURE, checkHvmInfoTable, decodeHvmInfoTable } from './hvm-info.js';
import { GuestMemory, HVM_START_MAGIC, decodeHvmStartInfo, memmapTypeName, readStartInfo } from './start-info.js';
import { decodeAcpiBlob } from './acpi-blob.js';
import { decodeSmbiosBlob } from './smbios-blob.js';

/** Every format {@link detectFormats} recognises. */
export const InputFormat = {
  ModuleSet: 'hvmpack-module-set',
  StartInfo: 'hvm-start-info',
  HvmInfo: 'hvm-info-table',
  SmbiosDump: 'smbios',
  XenSmbiosBlob: 'xen-smbios-blob',
  AcpiInput: 'acpi',
  XenAcpiBlob: 'xen-acpi-blob',
  Unknown: 'unknown',
} as const;
/** One of {@link InputFormat}'s values. */
export type InputFormat = (typeof InputFormat)[keyof typeof InputFormat];

/** A candidate format: how sure we are (0–1) and a one-line description. */
export interface Detection {
  format: InputFormat;
  confidence: number;
  summary: string;
}

/** A full description of an input: the best detection, its decoded details, and findings. */
export interface InspectResult extends Detection {
  /** Other formats the bytes also fit, less likely. */
  alternatives: Detection[];
  details: Record<string, unknown>;
  findings: Finding[];
}

const asciiAt = (b: Uint8Array, at: number, n: number): string => (b.length >= at + n ? latin1(b.subarray(at, at + n)) : '');
const u32At = (b: Uint8Array, at: number): number => (b.length >= at + 4 ? new ByteReader(b).u32At(at) : -1);
const h = (v: bigint | number): string => `0x${v.toString(16)}`;
const errors = (f: readonly Finding[]): number => f.filter((x) => x.severity === 'error').length;

function attempt<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (isFormatError(e)) return undefined;
    throw e;
  }
}

function isAcpiSignature(b: Uint8Array): boolean {
  return b.length >= ACPI_HEADER_LENGTH && isValidSignature(asciiAt(b, 0, 4));
}

/** Offset of an `HVM INFO` table in a raw dump of page 0x9F, or undefined. */
function hvmInfoOffset(b: Uint8Array): number | undefined {
  if (asciiAt(b, 0, 8) === HVM_INFO_SIGNATURE) return 0;
  if (b.length === 4096 && asciiAt(b, 0x800, 8) === HVM_INFO_SIGNATURE) return 0x800;
  return undefined;
}

/**
 * Every format the bytes plausibly are, most likely first. Cheap checks (signatures, magic,
 * exact walks) only; `name` is a hint for ACPI inputs whose signature lives in the file name.
 */
export function detectFormats(bytes: Uint8Array, name?: string): Detection[] {
  const out: Detection[] = [];
  const add = (format: InputFormat, confidence: number, summary: string): void => void out.push({ format, confidence, summary });
  if (asciiAt(bytes, 0, 8) === MODSET_SIGNATURE) add(InputFormat.ModuleSet, 1, 'hvmpack module set (docs/module-format.md)');
  if (u32At(bytes, 0) === HVM_START_MAGIC) add(InputFormat.StartInfo, 0.95, `hvm_start_info version ${u32At(bytes, 4)}`);
  const hi = hvmInfoOffset(bytes);
  if (hi !== undefined) add(InputFormat.HvmInfo, hi === 0 ? 0.95 : 0.8, `hvm_info_table${hi ? ' at page offset 0x800' : ''}`);
  if (hasEntryPointAnchor(bytes)) add(InputFormat.SmbiosDump, 0.9, `SMBIOS with entry point ${['_SM3_', '_SM_', '_DMI_'].find((a) => asciiAt(bytes, 0, a.length) === a) ?? '?'}`);
  if (isRsmbBlob(bytes)) add(InputFormat.SmbiosDump, 0.85, 'SMBIOS in the Windows RSMB layout');
  if (looksLikeAcpidump(bytes)) add(InputFormat.AcpiInput, 0.9, 'acpidump text');
  if (asciiAt(bytes, 0, 8) === 'RSD PTR ') add(InputFormat.AcpiInput, 0.9, 'ACPI RSDP');
  if (isAcpiSignature(bytes)) {
    const walk = attempt(() => decodeAcpiBlob(bytes));
    const len = u32At(bytes, 4);
    if (len === bytes.length) add(InputFormat.AcpiInput, 0.9, `ACPI table ${asciiAt(bytes, 0, 4)}`);
    else if (walk && walk.end === 'exact' && walk.records.length > 1) add(InputFormat.XenAcpiBlob, 0.85, `ACPI tables back to back (Xen acpi_firmware), ${walk.records.length} tables`);
  } else if (asciiAt(bytes, 0, 4) === 'FACS' && u32At(bytes, 4) === bytes.length) {
    add(InputFormat.AcpiInput, 0.85, 'ACPI FACS');
  }
  if (bytes.length >= 10 && u32At(bytes, 0) >= 6 && u32At(bytes, 0) <= bytes.length - 4 && bytes[5]! >= 4) {
    const walk = attempt(() => decodeSmbiosBlob(bytes));
    if (walk && walk.end === 'exact' && errors(walk.findings) === 0) add(InputFormat.XenSmbiosBlob, 0.85, `Xen smbios_firmware blob, ${walk.records.length} structures`);
  }
  if (out.length === 0 && bytes.length >= 4 && bytes[1]! >= 4) {
    // The library's bare-table guess refuses what is not SMBIOS (checkBareTableGuess).
    const t = attempt(() => decodeSmbios(bytes));
    if (t && t.structures.length > 0 && errors(t.findings) === 0) {
      const ended = t.structures.some((s) => s.type === 127);
      add(InputFormat.SmbiosDump, ended ? 0.7 : 0.4, `SMBIOS structure table, ${t.structures.length} structures`);
    }
  }
  if (out.length === 0 && name !== undefined && isAcpiSignature(bytes)) add(InputFormat.AcpiInput, 0.3, `possibly ACPI (${asciiAt(bytes, 0, 4)})`);
  out.sort((a, b) => b.confidence - a.confidence);
  return out.length > 0 ? out : [{ format: InputFormat.Unknown, confidence: 0, summary: 'not a format hvmpack knows' }];
}

/**
 * hvmloader copies ACPI tables unfixed (xen.md §4): a wrong checksum in a table or blob is an
 * error. In a host dump it is the firmware's own bug, which the host OS tolerated: a warning.
 */
function checksumFindings(tables: readonly { signature: string; offset?: number; checksumOk: boolean | null }[], path: string, severity: 'error' | 'warning' = 'error'): Finding[] {
  return tables.flatMap((t, i) =>
    t.checksumOk === false
      ? [finding('BAD_CHECKSUM', severity, `${printableAscii(t.signature, '?')} checksum is wrong`, { ...(t.offset !== undefined && { offset: t.offset + 9 }), path: `${path}[${i}]` })]
      : [],
  );
}

/** One finding per MSDM/SLIC table: whoever gets the file gets the key. */
function sensitiveFindings(tables: readonly { signature: string; offset?: number }[], path: string): Finding[] {
  return tables.flatMap((t, i) => sensitiveTableFinding(t.signature, { ...(t.offset !== undefined && { offset: t.offset }), path: `${path}[${i}]` }) ?? []);
}

function typeHistogram(types: number[]): Record<string, number> {
  const m: Record<string, number> = {};
  for (const t of types) m[String(t)] = (m[String(t)] ?? 0) + 1;
  return m;
}

function describe(d: Detection, bytes: Uint8Array, name: string | undefined): { details: Record<string, unknown>; findings: Finding[]; summary?: string } {
  switch (d.format) {
    case InputFormat.ModuleSet: {
      const r = verifyModuleSet(bytes);
      if (!r.decoded) return { details: {}, findings: r.findings, summary: 'hvmpack module set that a loader must reject' };
      const s = summarizeModuleSet(r.decoded);
      // An ACPI module is an acpi_firmware blob: say when it carries a key, as for a bare blob.
      const { placements, set } = r.decoded;
      const sensitive = placements.flatMap((p, i) => {
        if (set.modules[i]!.kind !== 'acpi') return [];
        const walk = decodeAcpiBlob(bytes.subarray(p.payloadOffset, p.payloadOffset + p.payloadLength));
        return sensitiveFindings(walk.records.map((t) => ({ ...t, offset: t.offset + p.payloadOffset })), `modset.modules[${i}].payload.acpiBlob.tables`);
      });
      return { details: s, findings: [...r.findings, ...sensitive], summary: `hvmpack module set ${s.formatVersion}, ${s.modules.length} modules, ${s.totalLength} bytes` };
    }
    case InputFormat.StartInfo: {
      const info = decodeHvmStartInfo(bytes);
      // libxenguest puts the module list right after the struct (xen.md §2.3): infer the
      // segment's address from it so the pointers can be followed inside this file.
      const base = info.nrModules > 0 && info.modlistPaddr >= 56n ? info.modlistPaddr - 56n : info.memmapPaddr !== undefined && info.memmapPaddr >= 2168n ? info.memmapPaddr - 2168n : undefined;
      // Follow them only when the file holds everything they point at (a whole segment).
      const need = (at: bigint, n: number): boolean => base === undefined || at === 0n || n === 0 || at + BigInt(n) <= base + BigInt(bytes.length);
      const inside = base !== undefined && need(info.modlistPaddr, info.nrModules * 32) && need(info.memmapPaddr ?? 0n, (info.memmapEntries ?? 0) * 24);
      const view = inside ? attempt(() => readStartInfo(new GuestMemory([{ address: base, bytes }]), base)) : undefined;
      const details: Record<string, unknown> = {
        version: info.version,
        flags: info.flags,
        nrModules: info.nrModules,
        modlistPaddr: h(info.modlistPaddr),
        cmdlinePaddr: h(info.cmdlinePaddr),
        rsdpPaddr: h(info.rsdpPaddr),
        ...(info.memmapPaddr !== undefined && { memmapPaddr: h(info.memmapPaddr), memmapEntries: info.memmapEntries, reserved: info.reserved }),
      };
      if (view) {
        details['segmentAddress'] = h(base!);
        details['modules'] = view.modules.map((m) => ({ name: m.name ?? null, paddr: h(m.paddr), size: h(m.size) }));
        details['memmap'] = view.memmap.map((e) => ({ addr: h(e.addr), size: h(e.size), type: memmapTypeName(e.type) }));
      }
      const findings = view ? view.findings : base === undefined ? [] : [finding('POINTERS_NOT_FOLLOWED', 'info', 'module list and memory map are not inside this file')];
      return { details, findings };
    }
    case InputFormat.HvmInfo: {
      const at = hvmInfoOffset(bytes) ?? 0;
      const t = decodeHvmInfoTable(bytes.subarray(at));
      const online: number[] = [];
      for (let i = 0; i < 128; i++) if ((t.vcpuOnline[i >> 3]! >> (i & 7)) & 1) online.push(i);
      return {
        details: { offset: at, apicMode: t.apicMode, nrVcpus: t.nrVcpus, vcpusOnline: online.length, lowMemPgend: h(t.lowMemPgend), reservedMemPgstart: h(t.reservedMemPgstart), highMemPgend: h(t.highMemPgend) },
        findings: checkHvmInfoTable(t).map((f) => (f.offset !== undefined ? { ...f, offset: f.offset + at } : f)),
      };
    }
    case InputFormat.SmbiosDump: {
      const t = decodeSmbios(bytes);
      const v = t.version;
      return {
        details: { container: t.container, version: v ? `${v.major}.${v.minor}${v.docrev !== undefined ? `.${v.docrev}` : ''}` : null, structureCount: t.structures.length, tableLength: t.table.length, types: typeHistogram(t.structures.map((s) => s.type)) },
        findings: t.findings,
        summary: `SMBIOS ${v ? `${v.major}.${v.minor} ` : ''}(${t.container}), ${t.structures.length} structures`,
      };
    }
    case InputFormat.XenSmbiosBlob: {
      const w = decodeSmbiosBlob(bytes);
      return { details: { structureCount: w.records.length, end: w.end, types: typeHistogram(w.records.map((r) => r.type)) }, findings: w.findings };
    }
    case InputFormat.AcpiInput: {
      const set = decodeAcpiInput(bytes, name);
      return {
        details: { container: set.container, tables: set.tables.map((t) => ({ signature: t.signature, length: t.bytes.length, checksumOk: t.checksumOk })) },
        findings: [
          ...set.findings,
          ...checksumFindings(set.container === 'binary' ? set.tables.map((t) => ({ ...t, offset: 0 })) : set.tables, 'tables', set.container === 'acpidump' ? 'warning' : 'error'),
          ...sensitiveFindings(set.tables, 'tables'),
        ],
        summary: `ACPI (${set.container}), ${set.tables.length} table${set.tables.length === 1 ? '' : 's'}: ${set.tables.map((t) => t.signature).join(' ')}`,
      };
    }
    case InputFormat.XenAcpiBlob: {
      const w = decodeAcpiBlob(bytes);
      return { details: { end: w.end, tables: w.records.map((r) => ({ signature: r.signature, offset: r.offset, length: r.length })) }, findings: [...w.findings, ...checksumFindings(w.records, 'acpiBlob.tables'), ...sensitiveFindings(w.records, 'acpiBlob.tables')] };
    }
    case InputFormat.Unknown:
      return { details: { length: bytes.length }, findings: [] };
  }
}

/**
 * Detects the input's format and describes it. A FormatError from the chosen decoder becomes an
 * error finding (the bytes fit the signature but not the format), never an exception.
 */
export function inspectBytes(bytes: Uint8Array, name?: string): InspectResult {
  const [best, ...alternatives] = detectFormats(bytes, name) as [Detection, ...Detection[]];
  try {
    const r = describe(best, bytes, name);
    return { ...best, summary: r.summary ?? best.summary, alternatives, details: r.details, findings: r.findings };
  } catch (e) {
    if (!isFormatError(e)) throw e;
    return { ...best, alternatives, details: {}, findings: [finding(e.code, 'error', e.reason, { offset: e.offset, path: e.path })] };
  }
}
