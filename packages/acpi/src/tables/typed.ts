// One entry point over every typed decoder: dispatch on the signature, turn the result into
// JSON-safe fields (bigint → "0x…", bytes → hex) and collect findings. Tables without a typed
// decoder get the generic view (header + body length).
import { finding, type Finding } from '@hvmpack/bytes';
import { ACPI_HEADER_LENGTH, FACS_MIN_LENGTH, hasStandardHeader, HEADER_LAYOUT } from '../header.js';
import type { AcpiTable } from '../model.js';
import { addressSpaceName, layoutSensitive, openTable, toJsonValue, type GenericAddress, type SensitiveClass, type TableDecodeOptions } from './common.js';
import { decodeBgrt } from './bgrt.js';
import { decodeDefinitionBlock } from './dsdt.js';
import { decodeFacs, facsFlagNames } from './facs.js';
import { decodeFadt, fadtBootArchNames, fadtFlagNames, fadtPointers, pmProfileName } from './fadt.js';
import { decodeHpet } from './hpet.js';
import { decodeMadt, madtEntryName } from './madt.js';
import { decodeMcfg } from './mcfg.js';
import { decodeMsdm, MSDM_DATA_OFFSET, MSDM_PRODUCT_KEY_LENGTH } from './msdm.js';
import { decodeSlic, slicSensitiveFields } from './slic.js';
import { decodeTpm2, tpm2StartMethodName } from './tpm2.js';
import { decodeRootTable } from '../root.js';
import { decodeRsdp } from '../rsdp.js';

/** The typed view of one table, ready for text or JSON output. */
export interface TypedTable {
  signature: string;
  /** Human name of the table kind (as iasl names it). */
  name: string;
  /** Decoded fields, JSON-serialisable (bigint → `0x…` string, bytes → hex string). */
  fields: Record<string, unknown>;
  findings: Finding[];
  /** True when `fields` holds secrets or machine-identifying licence data (MSDM, SLIC). */
  sensitive: boolean;
}

const TABLE_NAMES: Record<string, string> = {
  FACP: 'Fixed ACPI Description Table (FADT)', APIC: 'Multiple APIC Description Table (MADT)', MCFG: 'Memory Mapped Configuration table',
  HPET: 'High Precision Event Timer table', SLIC: 'Software Licensing Description Table', MSDM: 'Microsoft Data Management table',
  DSDT: 'Differentiated System Description Table', SSDT: 'Secondary System Description Table', PSDT: 'Persistent System Description Table',
  BGRT: 'Boot Graphics Resource Table', TPM2: 'Trusted Platform Module hardware interface table', FACS: 'Firmware ACPI Control Structure',
  RSDP: 'Root System Description Pointer', RSDT: 'Root System Description Table', XSDT: 'Extended System Description Table', DMAR: 'DMA Remapping table', IVRS: 'I/O Virtualization Reporting Structure',
  SRAT: 'System Resource Affinity Table', SLIT: 'System Locality Information Table', WAET: 'Windows ACPI Emulated Devices Table',
  TCPA: 'Trusted Computing Platform Alliance table', UEFI: 'UEFI Boot Optimization Table', VFCT: 'AMD Video BIOS table', FPDT: 'Firmware Performance Data Table',
  BERT: 'Boot Error Record Table', ERST: 'Error Record Serialization Table', HEST: 'Hardware Error Source Table', EINJ: 'Error Injection table',
  'ASF!': 'Alert Standard Format table', LPIT: 'Low Power Idle Table', DBGP: 'Debug Port table', DBG2: 'Debug Port table type 2',
  WDAT: 'Watchdog Action Table', WSMT: 'Windows SMM Security Mitigations Table', SPCR: 'Serial Port Console Redirection table',
  NFIT: 'NVDIMM Firmware Interface Table', HMAT: 'Heterogeneous Memory Attributes Table',
  CEDT: 'CXL Early Discovery Table', PCCT: 'Platform Communications Channel Table', PPTT: 'Processor Properties Topology Table',
};

/** Human name of a table signature (as iasl names it), or `Unknown table`. */
export function tableName(signature: string): string {
  return TABLE_NAMES[signature] ?? (signature.startsWith('OEM') ? 'OEM-specific table' : 'Unknown table');
}

/** Signatures whose typed fields are secret or licence-identifying. */
export const SENSITIVE_SIGNATURES: ReadonlySet<string> = new Set(['MSDM', 'SLIC']);

/**
 * The identifier fields of a table with signature `signature`, from the declarations: the header's
 * OEM ID and OEM table ID (class `oem-id`) for every table with a standard header (the RSDP's OEM
 * ID for the RSDP), then MSDM's
 * product key and the SLIC marker's OEM IDs at the offsets the licensing spec gives them (a
 * decoded table says where they really are: `decodeMsdm` data, `slicSensitiveFields(marker offset)`).
 * MSDM and SLIC are also sensitive as a whole: see {@link SENSITIVE_SIGNATURES}.
 */
export function sensitiveTableFields(signature: string): { field: string; offset: number; size: number; class: SensitiveClass }[] {
  // ACPI 6.5 §5.2.5.3: the RSDP has no standard header, but its OEM ID (offset 9, 6 bytes) is the firmware vendor's as well.
  if (signature === 'RSDP') return [{ field: 'oemId', offset: 9, size: 6, class: 'oem-id' }];
  const header = hasStandardHeader(signature) ? layoutSensitive(HEADER_LAYOUT) : [];
  if (signature === 'MSDM') return [...header, { field: 'productKey', offset: MSDM_DATA_OFFSET, size: MSDM_PRODUCT_KEY_LENGTH, class: 'product-key' }];
  if (signature === 'SLIC') return [...header, ...slicSensitiveFields()];
  return header;
}

function gasView(g: GenericAddress | undefined): unknown {
  if (!g) return undefined;
  const space = addressSpaceName(g.spaceId);
  return { ...g, ...(space !== undefined && { spaceName: space }) };
}

/** The hypervisor vendor id as the 8 ASCII bytes it is stored as (`FIRECKVM`), NULs dropped. */
function vendorText(v: bigint): string {
  let s = '';
  for (let i = 0n; i < 8n; i++) {
    const c = Number((v >> (8n * i)) & 0xffn);
    if (c !== 0) s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
  }
  return s;
}

function jsonFields(v: Record<string, unknown>): Record<string, unknown> {
  return toJsonValue(v) as Record<string, unknown>;
}

/**
 * Decodes a table with its typed decoder (by signature) into JSON-safe fields. Throws the
 * decoder's FormatError when the header itself is unusable (too short, length past the data).
 */
export function decodeTypedTable(t: AcpiTable, options: TableDecodeOptions = {}): TypedTable {
  const signature = t.signature;
  const opts: TableDecodeOptions = { ...options, path: options.path ?? `acpi.${signature}${t.instance > 1 ? `[${t.instance}]` : ''}` };
  const out = (fields: Record<string, unknown>, findings: Finding[] = []): TypedTable => ({
    signature,
    name: tableName(signature),
    fields: jsonFields(fields),
    findings,
    sensitive: SENSITIVE_SIGNATURES.has(signature),
  });
  switch (signature) {
    case 'FACP': {
      const f = decodeFadt(t.bytes, opts);
      const ptr = fadtPointers(f, { ...(opts.base !== undefined && { offset: opts.base }), ...(opts.path !== undefined && { path: opts.path }) });
      const pm = f.pmProfile !== undefined ? pmProfileName(f.pmProfile) : undefined;
      const gasKeys = Object.entries(f).filter(([, v]) => typeof v === 'object' && v !== null && 'spaceId' in v);
      return out(
        {
          ...f,
          ...Object.fromEntries(gasKeys.map(([k, v]) => [k, gasView(v as GenericAddress)])),
          ...(pm !== undefined && { pmProfileName: pm }),
          ...(f.hypervisorVendorId !== undefined && { hypervisorVendorText: vendorText(f.hypervisorVendorId) }),
          ...(f.flags !== undefined && { flagNames: fadtFlagNames(f.flags) }),
          ...(f.iapcBootArch !== undefined && { bootArchNames: fadtBootArchNames(f.iapcBootArch) }),
          pointers: { dsdt: ptr.dsdt, facs: ptr.facs },
        },
        ptr.findings,
      );
    }
    case 'APIC': {
      const m = decodeMadt(t.bytes, opts);
      const entries = m.entries.map((e) => ({ ...e, name: madtEntryName(e.type) ?? `Unknown (${e.type})` }));
      return out({ header: m.header, localApicAddress: m.localApicAddress, flags: m.flags, entryCount: entries.length, entries }, m.findings);
    }
    case 'MCFG': {
      const m = decodeMcfg(t.bytes, opts);
      return out({ header: m.header, allocations: m.allocations }, m.findings);
    }
    case 'HPET': {
      const h = decodeHpet(t.bytes, opts);
      return out({ ...h, baseAddress: gasView(h.baseAddress) });
    }
    case 'BGRT':
      return out({ ...decodeBgrt(t.bytes, opts) });
    case 'TPM2': {
      const p = decodeTpm2(t.bytes, opts);
      const sm = p.startMethod !== undefined ? tpm2StartMethodName(p.startMethod) : undefined;
      return out({ ...p, ...(sm !== undefined && { startMethodName: sm }) });
    }
    case 'MSDM': {
      const { findings, ...m } = decodeMsdm(t.bytes, opts);
      return out({ ...m }, findings);
    }
    case 'SLIC': {
      const { findings, ...s } = decodeSlic(t.bytes, opts);
      // The raw structures repeat the key and marker bytes; keep only their shape.
      return out({ ...s, structures: s.structures.map(({ type, length, offset }) => ({ type, length, offset })) }, findings);
    }
    case 'DSDT':
    case 'SSDT':
    case 'PSDT': {
      const d = decodeDefinitionBlock(t.bytes, opts);
      return out({ header: d.header, amlLength: d.amlLength });
    }
    case 'FACS': {
      const f = decodeFacs(t.bytes, opts);
      const findings: Finding[] = [];
      if (f.length < FACS_MIN_LENGTH) {
        findings.push(finding('ACPI_FACS_SHORT', 'warning', `FACS length ${f.length} is below the ${FACS_MIN_LENGTH}-byte minimum`, { offset: (opts.base ?? 0) + 4, ...(opts.path !== undefined && { path: opts.path }) }));
      }
      return out({ ...f, ...(f.flags !== undefined && { flagNames: facsFlagNames(f.flags) }) }, findings);
    }
    case 'RSDP': {
      const { checksumOk, extendedChecksumOk, ...rsdp } = decodeRsdp(t.bytes, opts);
      const findings: Finding[] = [];
      if (!checksumOk || extendedChecksumOk === false) {
        findings.push(finding('ACPI_RSDP_BAD_CHECKSUM', 'error', `RSDP ${checksumOk ? 'extended ' : ''}checksum is wrong`, { offset: (opts.base ?? 0) + (checksumOk ? 32 : 8), ...(opts.path !== undefined && { path: opts.path }) }));
      }
      return out({ ...rsdp, checksumOk, ...(extendedChecksumOk !== undefined && { extendedChecksumOk }) }, findings);
    }
    case 'RSDT':
    case 'XSDT': {
      const { header } = openTable(t.bytes, [signature], opts);
      const root = decodeRootTable({ ...t, header }, opts.path);
      return out({ header, entryCount: root.entries.length, entries: root.entries }, root.findings);
    }
    default: {
      const { header } = openTable(t.bytes, undefined, opts);
      return out({ header, bodyLength: header.length - ACPI_HEADER_LENGTH });
    }
  }
}
