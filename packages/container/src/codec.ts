// Encoder and strict decoder for the module container (docs/module-format.md §3–§5).
import { ByteReader, ByteWriter, ErrorCode, FormatError, checksum8, hex, resolveLimits, type Limits } from '@hvmpack/bytes';
import {
  ContainerError,
  MODSET_FORMAT_MAJOR,
  MODSET_HEADER_SIZE,
  MODSET_SIGNATURE,
  MODULE_ALIGN,
  MODULE_HEADER_SIZE,
  MODULE_SIGNATURES,
  ModuleFlags,
  ModuleSetFlags,
  ModuleType,
  TYPE_HEADER_SIZE,
  type Module,
  type ModulePlacement,
  type ModuleSet,
} from './model.js';
import { decodeMetaPayload, encodeMetaPayload } from './meta.js';
import {
  decodeAcpiHeader,
  decodeMetaHeader,
  decodeOromHeader,
  decodeSmbiosHeader,
  encodeAcpiHeader,
  encodeMetaHeader,
  encodeOromHeader,
  encodeSmbiosHeader,
  expectZero,
} from './type-headers.js';

/** Options for {@link decodeModuleSet}. */
export interface DecodeModuleSetOptions {
  /** Check the set-header and every module checksum (default true). */
  verifyChecksums?: boolean;
  /** Accept a module of unknown type that carries the Critical flag (default false, as a loader must). */
  allowUnknownCritical?: boolean;
  /** Caps; `maxModules` bounds the module count. */
  limits?: Partial<Limits>;
}

/** A decoded set plus where each module sits and the set's declared length. */
export interface DecodedModuleSet {
  set: ModuleSet;
  /** `total_length` from the set header. */
  totalLength: number;
  placements: ModulePlacement[];
}

const align16 = (n: number): number => Math.ceil(n / MODULE_ALIGN) * MODULE_ALIGN;

function isSignatureText(s: string): boolean {
  return /^[\x20-\x7e]{4}$/.test(s);
}

function moduleParts(m: Module): { type: number; signature: string; typeHeader: Uint8Array; payload: Uint8Array } {
  const extra = m.headerExtra ?? new Uint8Array();
  const withExtra = (h: Uint8Array): Uint8Array => {
    if (extra.length === 0) return h;
    const out = new Uint8Array(h.length + extra.length);
    out.set(h);
    out.set(extra, h.length);
    return out;
  };
  switch (m.kind) {
    case 'smbios':
      return { type: ModuleType.Smbios, signature: MODULE_SIGNATURES[ModuleType.Smbios], typeHeader: withExtra(encodeSmbiosHeader(m.smbios)), payload: m.payload };
    case 'acpi':
      return { type: ModuleType.Acpi, signature: MODULE_SIGNATURES[ModuleType.Acpi], typeHeader: withExtra(encodeAcpiHeader(m.acpi)), payload: m.payload };
    case 'orom':
      return { type: ModuleType.OptionRom, signature: MODULE_SIGNATURES[ModuleType.OptionRom], typeHeader: withExtra(encodeOromHeader(m.orom)), payload: m.payload };
    case 'meta':
      return { type: ModuleType.Metadata, signature: MODULE_SIGNATURES[ModuleType.Metadata], typeHeader: withExtra(encodeMetaHeader(m.entries.length)), payload: encodeMetaPayload(m.entries) };
    case 'unknown':
      if (m.type in MODULE_SIGNATURES || m.type === 0) {
        throw new FormatError(ErrorCode.BadValue, 'an unknown-kind module may not use a defined or reserved type number', { found: String(m.type) });
      }
      if (!isSignatureText(m.signature)) throw new FormatError(ErrorCode.BadSignature, 'module signature must be 4 printable ASCII characters', { found: JSON.stringify(m.signature) });
      return { type: m.type, signature: m.signature, typeHeader: m.typeHeader, payload: m.payload };
  }
}

/**
 * Encodes a module set: computes every length, the module count, the alignment padding and
 * every checksum. Throws FormatError for values that cannot be represented.
 */
export function encodeModuleSet(set: ModuleSet): Uint8Array {
  if (!Number.isInteger(set.flags) || set.flags < 0 || set.flags > 0xffffffff || (set.flags & ModuleSetFlags.IncompatibleMask) !== 0) {
    throw new FormatError(ErrorCode.BadValue, 'format 1.0 defines no incompatible set flags', { found: hex(set.flags >>> 0) });
  }
  const extra = set.headerExtra ?? new Uint8Array();
  const headerLength = MODSET_HEADER_SIZE + extra.length;
  if (headerLength % MODULE_ALIGN !== 0) throw new FormatError(ContainerError.Misaligned, 'header extension must keep the header a multiple of 16 bytes', { found: `${headerLength} bytes` });
  if (set.modules.length > 0xffff) throw new FormatError(ErrorCode.LimitExceeded, 'more than 65,535 modules', { found: String(set.modules.length) });
  const w = new ByteWriter(1024);
  w.ascii(MODSET_SIGNATURE, 8).u16(MODSET_FORMAT_MAJOR).u16(set.formatMinor).u16(headerLength).u16(set.modules.length);
  const total = w.reserve(4);
  w.u32(set.flags >>> 0).u8(0).fill(7).bytes(extra);
  set.modules.forEach((m, i) => {
    const p = moduleParts(m);
    if (p.typeHeader.length % 8 !== 0 || p.typeHeader.length > 0xffff) {
      throw new FormatError(ContainerError.Misaligned, 'type header length must be a multiple of 8 below 65,536', { path: `modules[${i}]`, found: String(p.typeHeader.length) });
    }
    if ((m.flags & ~ModuleFlags.KnownMask) !== 0) throw new FormatError(ContainerError.ReservedNotZero, 'reserved module flag bits set', { path: `modules[${i}]`, found: hex(m.flags) });
    const start = w.length;
    const length = MODULE_HEADER_SIZE + p.typeHeader.length + p.payload.length;
    if (length > 0xffffffff) throw new FormatError(ErrorCode.LimitExceeded, 'module longer than 4 GiB', { path: `modules[${i}]` });
    w.ascii(p.signature, 4).u16(p.type).u8(m.revision).u8(m.flags).u32(length).u8(0).u8(0).u16(p.typeHeader.length);
    w.bytes(p.typeHeader).bytes(p.payload);
    w.patchChecksum8(start + 12, start, start + length);
    w.align(MODULE_ALIGN);
  });
  w.patch(total, w.length);
  w.patchChecksum8(24, 0, headerLength);
  return w.finish();
}

/**
 * Decodes a module set at the start of `bytes`, checking everything a loader must check
 * (docs/module-format.md §6). Throws FormatError with the absolute offset of the first problem.
 */
export function decodeModuleSet(bytes: Uint8Array, options: DecodeModuleSetOptions = {}): DecodedModuleSet {
  const verify = options.verifyChecksums ?? true;
  const limits = resolveLimits(options.limits);
  const r = new ByteReader(bytes, { path: 'modset' });
  r.need(MODSET_HEADER_SIZE, 0, 'module-set header');
  r.expectSignature(MODSET_SIGNATURE);
  const major = r.u16At(8);
  if (major !== MODSET_FORMAT_MAJOR) throw r.error(ContainerError.UnsupportedVersion, 'unsupported module-set format major version', { at: 8, expected: String(MODSET_FORMAT_MAJOR), found: String(major) });
  const formatMinor = r.u16At(10);
  const headerLength = r.u16At(12);
  const count = r.u16At(14);
  const totalLength = r.u32At(16);
  const flags = r.u32At(20);
  if (headerLength < MODSET_HEADER_SIZE || headerLength % MODULE_ALIGN !== 0) {
    throw r.error(ErrorCode.BadLength, 'header_length must be at least 32 and a multiple of 16', { at: 12, found: String(headerLength) });
  }
  if (totalLength % MODULE_ALIGN !== 0) throw r.error(ContainerError.Misaligned, 'total_length must be a multiple of 16', { at: 16, found: String(totalLength) });
  if (totalLength < headerLength) throw r.error(ErrorCode.BadLength, 'total_length is shorter than the header', { at: 16, expected: `>= ${headerLength}`, found: String(totalLength) });
  if (totalLength > bytes.length) throw r.error(ErrorCode.Truncated, 'module set runs past the end of the data', { at: 16, expected: `${totalLength} bytes`, found: String(bytes.length) });
  if (count > limits.maxModules) throw r.error(ErrorCode.LimitExceeded, 'too many modules', { at: 14, expected: `<= ${limits.maxModules}`, found: String(count) });
  if ((flags & ModuleSetFlags.IncompatibleMask) !== 0) {
    throw r.error(ContainerError.UnsupportedFeature, 'an incompatible set flag this loader does not know is set', { at: 20, found: hex(flags) });
  }
  expectZero(r, 25, 7, 'module-set header bytes 25..31');
  if (verify && checksum8(bytes, 0, headerLength) !== 0) {
    throw r.error(ErrorCode.BadChecksum, 'module-set header does not sum to zero', { at: 24, found: `sum ${hex(checksum8(bytes, 0, headerLength))}` });
  }
  const set: ModuleSet = { formatMinor, flags, modules: [] };
  if (headerLength > MODSET_HEADER_SIZE) set.headerExtra = bytes.slice(MODSET_HEADER_SIZE, headerLength);
  const body = r.window(0, totalLength);
  const placements: ModulePlacement[] = [];
  let off = headerLength;
  for (let i = 0; i < count; i++) {
    const { module, placement } = decodeModule(body, off, i, verify, options.allowUnknownCritical ?? false);
    set.modules.push(module);
    placements.push(placement);
    const end = off + placement.totalLength;
    const next = align16(end);
    if (next > totalLength) throw body.error(ErrorCode.BadLength, 'module padding runs past total_length', { at: end, path: `modset.modules[${i}]` });
    expectZero(body, end, next - end, 'padding after a module', ContainerError.PaddingNotZero);
    off = next;
  }
  if (off !== totalLength) {
    throw body.error(ErrorCode.BadLength, 'total_length does not end at the last module', { at: off, expected: `${count} modules ending at ${hex(totalLength)}`, found: `${totalLength - off} more bytes` });
  }
  return { set, totalLength, placements };
}

function decodeModule(body: ByteReader, off: number, index: number, verify: boolean, allowUnknownCritical: boolean): { module: Module; placement: ModulePlacement } {
  const path = `modset.modules[${index}]`;
  if (off + MODULE_HEADER_SIZE > body.length) {
    throw body.error(ErrorCode.Truncated, 'module header runs past total_length', { at: Math.min(off, body.length), path, expected: `${MODULE_HEADER_SIZE} bytes`, found: String(Math.max(0, body.length - off)) });
  }
  const signature = body.asciiAt(off, 4);
  const type = body.u16At(off + 4);
  const revision = body.u8At(off + 6);
  const flags = body.u8At(off + 7);
  const length = body.u32At(off + 8);
  const typeHeaderLength = body.u16At(off + 14);
  if (!isSignatureText(signature)) throw body.error(ErrorCode.BadSignature, 'module signature is not 4 printable ASCII characters', { at: off, path });
  if (type === 0) throw body.error(ErrorCode.BadValue, 'module type 0 is reserved', { at: off + 4, path });
  const known = MODULE_SIGNATURES[type as ModuleType] as string | undefined;
  if (known !== undefined && signature !== known) {
    throw body.error(ErrorCode.BadSignature, 'module signature does not match its type', { at: off, path, expected: JSON.stringify(known), found: JSON.stringify(signature) });
  }
  if ((flags & ~ModuleFlags.KnownMask) !== 0) throw body.error(ContainerError.ReservedNotZero, 'reserved module flag bits are set', { at: off + 7, path, found: hex(flags) });
  expectZero(body, off + 13, 1, 'module header byte 13');
  if (typeHeaderLength % 8 !== 0) throw body.error(ContainerError.Misaligned, 'type_header_length must be a multiple of 8', { at: off + 14, path, found: String(typeHeaderLength) });
  if (length < MODULE_HEADER_SIZE + typeHeaderLength) {
    throw body.error(ErrorCode.BadLength, 'module total_length is shorter than its headers', { at: off + 8, path, expected: `>= ${MODULE_HEADER_SIZE + typeHeaderLength}`, found: String(length) });
  }
  if (length > body.length - off) {
    throw body.error(ErrorCode.Truncated, 'module runs past the set total_length', { at: off + 8, path, expected: `<= ${body.length - off}`, found: String(length) });
  }
  if (verify && checksum8(body.bytes, off, off + length) !== 0) {
    throw body.error(ErrorCode.BadChecksum, 'module does not sum to zero', { at: off + 12, path, found: `sum ${hex(checksum8(body.bytes, off, off + length))}` });
  }
  if (known === undefined && (flags & ModuleFlags.Critical) !== 0 && !allowUnknownCritical) {
    throw body.error(ContainerError.UnknownCriticalModule, 'module of unknown type is marked critical', { at: off + 4, path, found: `type ${type}` });
  }
  const payloadOffset = off + MODULE_HEADER_SIZE + typeHeaderLength;
  const th = body.window(off + MODULE_HEADER_SIZE, typeHeaderLength, `${path}.typeHeader`);
  const payload = body.window(payloadOffset, length - MODULE_HEADER_SIZE - typeHeaderLength, `${path}.payload`);
  const placement: ModulePlacement = { index, offset: off, totalLength: length, type, signature, payloadOffset, payloadLength: payload.length };
  if (known !== undefined) {
    if (revision < 1) throw body.error(ErrorCode.BadValue, 'header revision 0 is reserved', { at: off + 6, path });
    if (typeHeaderLength < TYPE_HEADER_SIZE) {
      throw body.error(ErrorCode.BadLength, 'type header shorter than revision 1 defines', { at: off + 14, path, expected: `>= ${TYPE_HEADER_SIZE}`, found: String(typeHeaderLength) });
    }
  }
  const common = { revision, flags, ...(known !== undefined && typeHeaderLength > TYPE_HEADER_SIZE && { headerExtra: th.bytesAt(TYPE_HEADER_SIZE, typeHeaderLength - TYPE_HEADER_SIZE).slice() }) };
  let module: Module;
  switch (type) {
    case ModuleType.Smbios:
      module = { kind: 'smbios', ...common, smbios: decodeSmbiosHeader(th), payload: payload.bytes.slice() };
      break;
    case ModuleType.Acpi:
      module = { kind: 'acpi', ...common, acpi: decodeAcpiHeader(th), payload: payload.bytes.slice() };
      break;
    case ModuleType.OptionRom:
      module = { kind: 'orom', ...common, orom: decodeOromHeader(th), payload: payload.bytes.slice() };
      break;
    case ModuleType.Metadata:
      module = { kind: 'meta', ...common, entries: decodeMetaPayload(payload, decodeMetaHeader(th)) };
      break;
    default:
      module = { kind: 'unknown', revision, flags, type, signature, typeHeader: th.bytes.slice(), payload: payload.bytes.slice() };
  }
  return { module, placement };
}
