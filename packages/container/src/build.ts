// Builders that fill a module's type header from its payload, so counts are never hand-written.
import { ByteReader, ErrorCode, FormatError } from '@hvmpack/bytes';
import { AcpiRootFlags, OromMode, SmbiosPayloadFormat, type AcpiModule, type MetaEntry, type MetaModule, type OromModule, type SmbiosModule } from './model.js';
import { walkAcpiPayload, walkSmbiosPayload } from './verify.js';

/** Options for {@link buildSmbiosModule}. */
export interface BuildSmbiosOptions {
  /** SMBIOS version the structures follow; default 0.0 ("not stated"). */
  version?: { major: number; minor: number; docrev?: number };
  /** Payload format; default: detected (a payload that walks as a Xen blob is one). */
  format?: SmbiosPayloadFormat;
  /** Module flags; default 0. */
  flags?: number;
}

/** Guesses whether an SMBIOS payload is a Xen blob or a plain table: the one whose walk is clean. */
export function detectSmbiosPayloadFormat(payload: Uint8Array): SmbiosPayloadFormat | undefined {
  if (payload.length === 0) return undefined;
  if (walkSmbiosPayload(payload, SmbiosPayloadFormat.XenBlob).findings.length === 0) return SmbiosPayloadFormat.XenBlob;
  if (walkSmbiosPayload(payload, SmbiosPayloadFormat.Table).findings.length === 0) return SmbiosPayloadFormat.Table;
  return undefined;
}

function rejectFindings(what: string, w: { findings: { code: string; message: string; offset?: number }[] }): void {
  const f = w.findings[0];
  if (f) throw new FormatError(f.code, `${what}: ${f.message}`, { offset: f.offset ?? 0 });
}

/** Builds an SMBIOS module, counting structures and measuring the largest from the payload. */
export function buildSmbiosModule(payload: Uint8Array, options: BuildSmbiosOptions = {}): SmbiosModule {
  const format = options.format ?? detectSmbiosPayloadFormat(payload);
  if (format === undefined) throw new FormatError(ErrorCode.UnknownFormat, 'SMBIOS payload is neither a Xen smbios_firmware blob nor a structure table', { offset: 0 });
  const w = walkSmbiosPayload(payload, format);
  rejectFindings('SMBIOS payload', w);
  return {
    kind: 'smbios',
    revision: 1,
    flags: options.flags ?? 0,
    smbios: {
      major: options.version?.major ?? 0,
      minor: options.version?.minor ?? 0,
      docrev: options.version?.docrev ?? 0,
      payloadFormat: format,
      structureCount: w.count,
      maxStructureSize: w.maxSize,
    },
    payload,
  };
}

/** Builds an ACPI module, counting the tables; every length and checksum must already be right. */
export function buildAcpiModule(payload: Uint8Array, rootFlags: number = AcpiRootFlags.Rsdt | AcpiRootFlags.Xsdt, flags = 0): AcpiModule {
  const w = walkAcpiPayload(payload);
  rejectFindings('ACPI payload', w);
  return { kind: 'acpi', revision: 1, flags, acpi: { tableCount: w.count, rootFlags }, payload };
}

/** Options for {@link buildOromModule}. */
export interface BuildOromOptions {
  vendorId: number;
  deviceId: number;
  /** 24-bit PCI class code; default: read from the ROM's PCIR structure, else 0 (any). */
  classCode?: number;
  /** Default {@link OromMode.Add}. */
  mode?: OromMode;
  flags?: number;
}

/** Builds an option-ROM module; the class code comes from the ROM's PCI data structure when not given. */
export function buildOromModule(payload: Uint8Array, options: BuildOromOptions): OromModule {
  let classCode = options.classCode;
  if (classCode === undefined) {
    const r = new ByteReader(payload);
    classCode = 0;
    if (r.length >= 0x1a && r.u16At(0) === 0xaa55) {
      const p = r.u16At(0x18);
      // PCI Firmware Spec 3.0 §5.1.2: class code at PCIR + 0x0D (3 bytes, prog-if first).
      if (p + 0x10 <= r.length && r.asciiAt(p, 4) === 'PCIR') classCode = r.u8At(p + 0x0d) | (r.u8At(p + 0x0e) << 8) | (r.u8At(p + 0x0f) << 16);
    }
  }
  return {
    kind: 'orom',
    revision: 1,
    flags: options.flags ?? 0,
    orom: { vendorId: options.vendorId, deviceId: options.deviceId, classCode, mode: options.mode ?? OromMode.Add },
    payload,
  };
}

/** Builds a metadata module. */
export function buildMetaModule(entries: MetaEntry[], flags = 0): MetaModule {
  return { kind: 'meta', revision: 1, flags, entries };
}
