import { ByteReader, ByteWriter, ErrorCode, FormatError, checksum8, finding, hex, latin1, printableAscii, type Finding } from '@hvmpack/bytes';
import type { EntryPoint, EntryPoint32, EntryPoint64, SmbiosVersion } from './model.js';

/** Anchor of the 32-bit entry point (DSP0134 §5.2.1). */
export const SM_ANCHOR = '_SM_';
/** Anchor of the 64-bit entry point (DSP0134 §5.2.2). */
export const SM3_ANCHOR = '_SM3_';
/** Anchor of the intermediate (and legacy DMI-only) entry point. */
export const DMI_ANCHOR = '_DMI_';

/** Length of the legacy `_DMI_`-only entry point, which has no length byte of its own. */
export const LEGACY_ENTRY_LENGTH = 0x0f;
/** The `_SM_` entry point length the spec requires. */
export const SM_ENTRY_LENGTH = 0x1f;
/** The `_SM3_` entry point length the spec requires. */
export const SM3_ENTRY_LENGTH = 0x18;

// Accepted `_SM_` length bytes: 0x1E is the SMBIOS 2.1 erratum dmidecode tolerates, 0x20 is real
// Dell firmware (corpus PAweb110); Linux's 2022 "Fortify entry point length checks" caps at 32.
const SM_MIN_LENGTH = 0x1e;
const MAX_ENTRY_LENGTH = 0x20;

/** Options for {@link decodeEntryPoint}. */
export interface DecodeEntryPointOptions {
  /** Verify both checksums (default true); when false, bad ones become findings. */
  verifyChecksums?: boolean;
  /** Absolute offset of `bytes[0]` in the input, for error offsets. */
  base?: number;
  /** Receives non-fatal findings (bad checksums when not verifying). */
  findings?: Finding[];
}

/** True when `bytes` starts with one of the three entry-point anchors. */
export function hasEntryPointAnchor(bytes: Uint8Array): boolean {
  return anchorAt(bytes) !== undefined;
}

function anchorAt(bytes: Uint8Array): EntryPoint['kind'] | undefined {
  if (startsWith(bytes, SM3_ANCHOR)) return '_SM3_';
  if (startsWith(bytes, SM_ANCHOR)) return '_SM_';
  if (startsWith(bytes, DMI_ANCHOR)) return '_DMI_';
  return undefined;
}

function startsWith(bytes: Uint8Array, s: string, at = 0): boolean {
  if (bytes.length < at + s.length) return false;
  for (let i = 0; i < s.length; i++) if (bytes[at + i] !== s.charCodeAt(i)) return false;
  return true;
}

/**
 * Decodes the entry point at the start of `bytes` (`_SM3_`, `_SM_` with its `_DMI_` intermediate,
 * or legacy `_DMI_`), checking anchors, length bounds and (by default) checksums as dmidecode does.
 */
export function decodeEntryPoint(bytes: Uint8Array, options: DecodeEntryPointOptions = {}): EntryPoint {
  const kind = anchorAt(bytes);
  const base = options.base ?? 0;
  if (kind === undefined) {
    throw new FormatError(ErrorCode.BadSignature, 'no SMBIOS entry point anchor', {
      offset: base,
      path: 'smbios.entryPoint',
      expected: '"_SM_", "_SM3_" or "_DMI_"',
      found: JSON.stringify(printableAscii(latin1(bytes.subarray(0, 5)))),
    });
  }
  if (kind === '_SM3_') return decode64(bytes, base, options);
  if (kind === '_SM_') return decode32(bytes, base, options);
  return decodeLegacy(bytes, base, options);
}

/** A reader over the entry point for its fixed fields, once `need` has checked the length. */
function fieldReader(bytes: Uint8Array, base: number): ByteReader {
  return new ByteReader(bytes, { base, path: 'smbios.entryPoint' });
}

function need(bytes: Uint8Array, n: number, base: number, what: string): void {
  if (bytes.length < n) {
    throw new FormatError(ErrorCode.Truncated, `${what} runs past the end of the data`, {
      offset: base + bytes.length,
      path: 'smbios.entryPoint',
      expected: `${n} bytes`,
      found: `${bytes.length}`,
    });
  }
}

function checkSum(bytes: Uint8Array, start: number, end: number, checksumAt: number, base: number, what: string, options: DecodeEntryPointOptions): void {
  const sum = checksum8(bytes, start, end);
  if (sum === 0) return;
  const reason = `${what} checksum does not sum to zero`;
  if (options.verifyChecksums ?? true) {
    throw new FormatError(ErrorCode.BadChecksum, reason, {
      offset: base + checksumAt,
      path: 'smbios.entryPoint',
      expected: 'sum 0x00',
      found: `sum ${hex(sum, 2)}`,
    });
  }
  options.findings?.push(finding('SMBIOS_BAD_ENTRY_POINT_CHECKSUM', 'warning', reason, { offset: base + checksumAt, path: 'smbios.entryPoint' }));
}

function readEntryLength(bytes: Uint8Array, at: number, min: number, base: number, anchor: string): number {
  need(bytes, at + 1, base, `${anchor} entry point`);
  const entryLength = bytes[at]!;
  if (entryLength < min || entryLength > MAX_ENTRY_LENGTH) {
    throw new FormatError(ErrorCode.BadLength, `${anchor} entry point length out of range`, {
      offset: base + at,
      path: 'smbios.entryPoint.entryLength',
      expected: `${hex(min)}..${hex(MAX_ENTRY_LENGTH)}`,
      found: hex(entryLength),
    });
  }
  return entryLength;
}

function decode32(bytes: Uint8Array, base: number, options: DecodeEntryPointOptions): EntryPoint32 {
  const entryLength = readEntryLength(bytes, 5, SM_MIN_LENGTH, base, '_SM_');
  if (bytes.length >= entryLength && bytes.length < SM_ENTRY_LENGTH) {
    // Linux copies length-byte many bytes to sysfs, so an SMBIOS 2.1 entry point of length 0x1E
    // becomes a 30-byte smbios_entry_point without byte 0x1E (the BCD revision), which the _DMI_
    // checksum covers. dmidecode 3.4 refuses it too: it reads a sysfs `_SM_` entry point only
    // from 31 bytes on ("Failed to get SMBIOS data from sysfs.") and then scans memory instead.
    throw new FormatError(ErrorCode.Truncated, '_SM_ entry point of length 0x1E lacks byte 0x1E (BCD revision), which the _DMI_ checksum covers', {
      offset: base + bytes.length,
      path: 'smbios.entryPoint',
      expected: `${SM_ENTRY_LENGTH} bytes`,
      found: `${bytes.length}`,
    });
  }
  // The intermediate structure always spans 0x10..0x1E, even when the length byte says 0x1E.
  need(bytes, Math.max(entryLength, SM_ENTRY_LENGTH), base, '_SM_ entry point');
  if (!startsWith(bytes, DMI_ANCHOR, 0x10)) {
    throw new FormatError(ErrorCode.BadSignature, 'missing _DMI_ intermediate anchor', {
      offset: base + 0x10,
      path: 'smbios.entryPoint',
      expected: '"_DMI_"',
      found: JSON.stringify(printableAscii(latin1(bytes.subarray(0x10, 0x15)))),
    });
  }
  checkSum(bytes, 0, entryLength, 4, base, '_SM_ entry point', options);
  checkSum(bytes, 0x10, 0x1f, 0x15, base, '_DMI_ intermediate', options);
  const r = fieldReader(bytes, base);
  const ep: EntryPoint32 = {
    kind: '_SM_',
    entryLength,
    major: r.u8At(6),
    minor: r.u8At(7),
    maxStructureSize: r.u16At(8),
    entryPointRevision: r.u8At(0x0a),
    formattedArea: r.bytesAt(0x0b, 5).slice(),
    tableLength: r.u16At(0x16),
    tableAddress: r.u32At(0x18),
    structureCount: r.u16At(0x1c),
    bcdRevision: r.u8At(0x1e),
  };
  if (entryLength > SM_ENTRY_LENGTH) ep.extraBytes = bytes.slice(SM_ENTRY_LENGTH, entryLength);
  return ep;
}

function decodeLegacy(bytes: Uint8Array, base: number, options: DecodeEntryPointOptions): EntryPoint32 {
  need(bytes, LEGACY_ENTRY_LENGTH, base, 'legacy _DMI_ entry point');
  checkSum(bytes, 0, LEGACY_ENTRY_LENGTH, 5, base, 'legacy _DMI_ entry point', options);
  const r = fieldReader(bytes, base);
  const bcd = r.u8At(0x0e);
  // dmidecode legacy_decode: the version comes from the BCD revision alone.
  return {
    kind: '_DMI_',
    entryLength: LEGACY_ENTRY_LENGTH,
    major: bcd >> 4,
    minor: bcd & 0x0f,
    maxStructureSize: 0,
    entryPointRevision: 0,
    formattedArea: new Uint8Array(0),
    tableLength: r.u16At(6),
    tableAddress: r.u32At(8),
    structureCount: r.u16At(0x0c),
    bcdRevision: bcd,
  };
}

function decode64(bytes: Uint8Array, base: number, options: DecodeEntryPointOptions): EntryPoint64 {
  const entryLength = readEntryLength(bytes, 6, SM3_ENTRY_LENGTH, base, '_SM3_');
  need(bytes, entryLength, base, '_SM3_ entry point');
  checkSum(bytes, 0, entryLength, 5, base, '_SM3_ entry point', options);
  const r = fieldReader(bytes, base);
  const ep: EntryPoint64 = {
    kind: '_SM3_',
    entryLength,
    major: r.u8At(7),
    minor: r.u8At(8),
    docrev: r.u8At(9),
    entryPointRevision: r.u8At(0x0a),
    tableMaxSize: r.u32At(0x0c),
    tableAddress: r.u64At(0x10),
  };
  const reserved = r.u8At(0x0b);
  if (reserved !== 0) ep.reserved = reserved;
  if (entryLength > SM3_ENTRY_LENGTH) ep.extraBytes = bytes.slice(SM3_ENTRY_LENGTH, entryLength);
  return ep;
}

/** Number of bytes {@link encodeEntryPoint} writes for `ep`. */
export function entryPointSize(ep: EntryPoint): number {
  if (ep.kind === '_SM3_') return ep.entryLength;
  if (ep.kind === '_DMI_') return LEGACY_ENTRY_LENGTH;
  return Math.max(ep.entryLength, SM_ENTRY_LENGTH);
}

/**
 * Encodes an entry point, computing its checksums (both for `_SM_`). The length byte is taken
 * from `ep.entryLength`; bytes past the standard fields come from `extraBytes` (zero if absent).
 */
export function encodeEntryPoint(ep: EntryPoint): Uint8Array {
  const size = entryPointSize(ep);
  const w = new ByteWriter(size);
  // Fixed-offset fields are written in order; padTo keeps each at its DSP0134 offset even when
  // a stored byte run (formatted area, extra bytes) is shorter than its slot.
  const padTo = (at: number): void => void w.fill(at - w.length);
  if (ep.kind === '_SM3_') {
    checkEncodeLength(ep.entryLength, SM3_ENTRY_LENGTH);
    w.ascii(SM3_ANCHOR).u8(0).u8(ep.entryLength).u8(ep.major).u8(ep.minor).u8(ep.docrev);
    w.u8(ep.entryPointRevision).u8(ep.reserved ?? 0).u32(ep.tableMaxSize).u64(ep.tableAddress);
    if (ep.extraBytes) w.bytes(ep.extraBytes.subarray(0, ep.entryLength - SM3_ENTRY_LENGTH));
    padTo(size);
    w.patchChecksum8(5, 0, ep.entryLength);
    return w.finish();
  }
  if (ep.kind === '_SM_') {
    checkEncodeLength(ep.entryLength, SM_MIN_LENGTH);
    w.ascii(SM_ANCHOR).u8(0).u8(ep.entryLength).u8(ep.major).u8(ep.minor).u16(ep.maxStructureSize);
    w.u8(ep.entryPointRevision).bytes(ep.formattedArea.subarray(0, 5));
    padTo(0x10);
  }
  const dmiAt = w.length;
  w.ascii(DMI_ANCHOR).u8(0).u16(ep.tableLength).u32(ep.tableAddress).u16(ep.structureCount).u8(ep.bcdRevision);
  w.patchChecksum8(dmiAt + 5, dmiAt, dmiAt + LEGACY_ENTRY_LENGTH);
  if (ep.kind === '_SM_') {
    if (ep.extraBytes) w.bytes(ep.extraBytes.subarray(0, ep.entryLength - SM_ENTRY_LENGTH));
    padTo(size);
    // The outer checksum covers the intermediate bytes, so it is computed last.
    w.patchChecksum8(4, 0, ep.entryLength);
  }
  return w.finish();
}

function checkEncodeLength(length: number, min: number): void {
  if (!Number.isInteger(length) || length < min || length > MAX_ENTRY_LENGTH) {
    throw new FormatError(ErrorCode.BadLength, 'entry point length out of range', {
      path: 'smbios.entryPoint.entryLength',
      expected: `${hex(min)}..${hex(MAX_ENTRY_LENGTH)}`,
      found: String(length),
    });
  }
}

/**
 * The SMBIOS version an entry point announces, with dmidecode's and Linux's fix-ups applied
 * (2.31 and 2.33 → 2.3, 2.51 → 2.6; `dmi_fixup_version`). `fixedFrom` tells when one applied.
 */
export function entryPointVersion(ep: EntryPoint): SmbiosVersion & { fixedFrom?: string } {
  if (ep.kind === '_SM3_') return { major: ep.major, minor: ep.minor, docrev: ep.docrev };
  const raw = `${ep.major}.${ep.minor}`;
  const fixed: Record<string, [number, number]> = { '2.31': [2, 3], '2.33': [2, 3], '2.51': [2, 6] };
  const f = ep.kind === '_SM_' ? fixed[raw] : undefined;
  if (f) return { major: f[0], minor: f[1], fixedFrom: raw };
  return { major: ep.major, minor: ep.minor };
}

/** Formats a version as dmidecode prints it: `2.7`, `3.1.1`. */
export function formatVersion(v: SmbiosVersion): string {
  return v.docrev !== undefined ? `${v.major}.${v.minor}.${v.docrev}` : `${v.major}.${v.minor}`;
}

/** Compares versions by major then minor (docrev ignored, as dmidecode's checks do); negative when `a < b`. */
export function compareVersion(a: SmbiosVersion, major: number, minor: number): number {
  return a.major !== major ? a.major - major : a.minor - minor;
}

/** The table address field as a number or bigint, whichever form the entry point uses. */
export function entryPointTableAddress(ep: EntryPoint): bigint {
  return typeof ep.tableAddress === 'bigint' ? ep.tableAddress : BigInt(ep.tableAddress);
}

/**
 * Returns a copy of the encoded entry point `bytes` with its table address set to `address`,
 * adjusting the checksum arithmetically exactly as dmidecode's `overwrite_dmi_address` /
 * `overwrite_smbios3_address` do (a bad checksum stays equally bad; the `_SM_` outer checksum
 * needs no change because the intermediate bytes keep their sum).
 */
export function rewriteTableAddress(bytes: Uint8Array, address: number): Uint8Array {
  const out = bytes.slice();
  const kind = anchorAt(out);
  const patch = (at: number, width: number, sumAt: number): void => {
    let oldSum = 0;
    for (let i = 0; i < width; i++) oldSum += out[at + i]!;
    let v = BigInt(address);
    let newSum = 0;
    for (let i = 0; i < width; i++) {
      out[at + i] = Number(v & 0xffn);
      newSum += out[at + i]!;
      v >>= 8n;
    }
    out[sumAt] = (out[sumAt]! + oldSum - newSum) & 0xff;
  };
  if (kind === '_SM3_') patch(0x10, 8, 5);
  else if (kind === '_SM_') patch(0x18, 4, 0x15);
  else if (kind === '_DMI_') patch(0x08, 4, 0x05);
  else throw new FormatError(ErrorCode.BadSignature, 'no SMBIOS entry point anchor', { offset: 0, path: 'smbios.entryPoint' });
  return out;
}
