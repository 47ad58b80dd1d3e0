/**
 * @hvmpack/bytes — the byte layer under every hvmpack codec: a bounds-checked cursor, a growable
 * writer, checksums, hex dumps, the single error type and the input limits. No Node APIs.
 */
export { ByteReader, describeSpan, type ByteReaderOptions } from './reader.js';
export { ByteWriter, latin1Bytes, type Reservation } from './writer.js';
export { checksum8, verifyChecksum8, computeChecksum8, patchChecksum8, crc32 } from './checksum.js';
export {
  formatHexDump,
  HEX_BYTE,
  parseHexDump,
  parseHexDumpLine,
  parseHexString,
  toHex,
  type HexDumpOptions,
  type HexLine,
  type ParseHexLineOptions,
} from './hex.js';
export { ErrorCode, FormatError, isFormatError, hex, type FormatErrorDetails } from './errors.js';
export { DEFAULT_LIMITS, resolveLimits, type Limits } from './limits.js';
export { bytesEqual, concatBytes, latin1, printableAscii } from './util.js';
export { finding, findingJson, hasErrors, type Finding, type FindingJson, type FindingPlace, type Severity } from './findings.js';
export { Sha256, sha256, sha256Hex } from './sha256.js';
