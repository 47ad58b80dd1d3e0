// SLIC, Microsoft "Software Licensing Tables (SLIC and MSDM)": Windows OA 2.x. After the header
// come {type u32, length u32, …} structures: type 0 the OEM public key (156 bytes, a CryptoAPI
// PUBLICKEYBLOB "RSA1"), type 1 the Windows marker (182 bytes). The key, the marker and its
// signature identify the machine's OEM licence: SENSITIVE, shown only by `acpi show`.
import { finding, type Finding } from '@hvmpack/bytes';
import type { AcpiHeader, AcpiTable } from '../model.js';
import { layoutSensitive, openTable, readAllFields, type FieldLayout, type LayoutValues, type SensitiveClass, type TableDecodeOptions } from './common.js';

/**
 * SLIC OEM public key declaration (type 0): a CryptoAPI BLOBHEADER (`keyType` 6 =
 * PUBLICKEYBLOB, `keyVersion` 2, `algorithm` 0x2400 = CALG_RSA_SIGN) and RSAPUBKEY (`magic`
 * "RSA1", declared last to keep the members' order). The modulus follows at 28.
 */
const KEY_LAYOUT = [
  ['type', 0, 'u32'], ['length', 4, 'u32'], ['keyType', 8, 'u8'], ['keyVersion', 9, 'u8'], ['reserved', 10, 'u16'], ['algorithm', 12, 'u32'],
  ['bitLength', 20, 'u32'], ['exponent', 24, 'u32'], ['magic', 16, 'ascii', { size: 4 }],
] as const satisfies FieldLayout;

/** SLIC Windows marker declaration (type 1): `version` e.g. 0x00020001 for SLIC 2.1, `windowsFlag` "WINDOWS ". */
const MARKER_LAYOUT = [
  ['type', 0, 'u32'], ['length', 4, 'u32'], ['version', 8, 'u32'], ['slicVersion', 34, 'u32'],
  ['oemId', 12, 'ascii', { size: 6, sensitive: 'oem-id' }], ['oemTableId', 18, 'ascii', { size: 8, sensitive: 'oem-id' }], ['windowsFlag', 26, 'ascii', { size: 8 }],
] as const satisfies FieldLayout;

/** SLIC OEM public key structure (type 0). */
export type SlicPublicKey = LayoutValues<typeof KEY_LAYOUT> & {
  /** RSA modulus, little-endian (a view). */
  modulus: Uint8Array;
};

/** SLIC Windows marker structure (type 1). */
export type SlicMarker = LayoutValues<typeof MARKER_LAYOUT> & {
  reserved: Uint8Array;
  /** RSA signature over the marker (a view). */
  signature: Uint8Array;
};

/** A licensing structure in the SLIC body, as found. */
export interface SlicStructure {
  type: number;
  length: number;
  /** Offset within the table. */
  offset: number;
  bytes: Uint8Array;
}

/** A decoded SLIC. Everything after the header is SENSITIVE. */
export interface Slic {
  header: AcpiHeader;
  publicKey?: SlicPublicKey;
  marker?: SlicMarker;
  structures: SlicStructure[];
  findings: Finding[];
}

/** Size of the OEM public key structure. */
export const SLIC_PUBLIC_KEY_SIZE = 156;
/** Size of the Windows marker structure. */
export const SLIC_MARKER_SIZE = 182;
/** Where the spec puts the marker: right after the header and the public key. */
export const SLIC_MARKER_OFFSET = 36 + SLIC_PUBLIC_KEY_SIZE;

/**
 * The marker's identifier fields (`marker.oemId`, `marker.oemTableId`) with their offsets in the
 * table for a marker at `markerOffset` (a decoded SLIC's type 1 structure offset; by default where
 * the spec puts it).
 */
export function slicSensitiveFields(markerOffset: number = SLIC_MARKER_OFFSET): { field: string; offset: number; size: number; class: SensitiveClass }[] {
  return layoutSensitive(MARKER_LAYOUT).map((f) => ({ ...f, field: `marker.${f.field}`, offset: markerOffset + f.offset }));
}


/**
 * True when the SLIC marker's OEM ID and OEM table ID equal those of `root` (the RSDT or XSDT
 * header): the OA 2.x condition, and why QEMU copies the SLIC's OEM IDs into its RSDT. False when
 * the SLIC has no marker.
 */
export function slicMatchesRoot(slic: Pick<Slic, 'marker'>, root: Pick<AcpiHeader, 'oemId' | 'oemTableId'>): boolean {
  return slic.marker !== undefined && slic.marker.oemId === root.oemId && slic.marker.oemTableId === root.oemTableId;
}

/**
 * Decodes a SLIC. The structure walk stops with a finding at a length below 8 or past the end;
 * a marker whose OEM IDs differ from the table header's is reported (info) without printing
 * either value.
 */
export function decodeSlic(table: Uint8Array | AcpiTable, options: TableDecodeOptions = {}): Slic {
  const { header, r, path } = openTable(table, ['SLIC'], options);
  const slic: Slic = { header, structures: [], findings: [] };
  let at = 36;
  while (at < header.length) {
    const where = { offset: r.base + at, path: `${path}.structures[${slic.structures.length}]` };
    const remaining = header.length - at;
    const length = remaining >= 8 ? r.u32At(at + 4) : 0;
    if (remaining < 8 || length < 8 || length > remaining) {
      slic.findings.push(finding('ACPI_SLIC_BAD_STRUCTURE', 'error', `SLIC structure at table offset ${at} has length ${length} (${remaining} bytes left); rest not decoded`, where));
      break;
    }
    const s = r.window(at, length, where.path);
    const type = s.u32At(0);
    slic.structures.push({ type, length, offset: at, bytes: s.bytes });
    if (type === 0 && length >= SLIC_PUBLIC_KEY_SIZE && slic.publicKey === undefined) {
      slic.publicKey = { ...readAllFields(s, KEY_LAYOUT), modulus: s.bytesAt(28, 128) };
    } else if (type === 1 && length >= SLIC_MARKER_SIZE && slic.marker === undefined) {
      slic.marker = { ...readAllFields(s, MARKER_LAYOUT), reserved: s.bytesAt(38, 16), signature: s.bytesAt(54, 128) };
      // Windows compares the marker with the RSDT/XSDT (see slicMatchesRoot), not with the SLIC's
      // own header, and real firmware does ship SLICs whose header differs: informational only.
      if (!slicMatchesRoot(slic, header)) {
        slic.findings.push(finding('ACPI_SLIC_OEM_MISMATCH', 'info', 'SLIC marker OEM ID / OEM table ID differ from the SLIC header', { offset: r.base + at + 12, path: `${where.path}.oemId` }));
      }
    } else if (type <= 1) {
      slic.findings.push(finding('ACPI_SLIC_SHORT_STRUCTURE', 'warning', `SLIC ${type === 0 ? 'public key' : 'marker'} structure is ${length} bytes, expected ${type === 0 ? SLIC_PUBLIC_KEY_SIZE : SLIC_MARKER_SIZE}`, where));
    }
    at += length; // length >= 8: the walk always advances
  }
  if (header.length > 36 && (!slic.publicKey || !slic.marker)) {
    slic.findings.push(finding('ACPI_SLIC_INCOMPLETE', 'warning', `SLIC lacks ${slic.publicKey ? '' : 'the public key'}${!slic.publicKey && !slic.marker ? ' and ' : ''}${slic.marker ? '' : 'the marker'}`, { offset: r.base + 36, path }));
  }
  return slic;
}
