import { ByteWriter, concatBytes, finding, latin1, type Finding } from '@hvmpack/bytes';
import type { RawStructure } from '@hvmpack/smbios';

/**
 * Xen's `smbios_firmware` blob (xl.cfg `smbios_firmware=`, xenstore `hvmloader/smbios/*`):
 * repeated `[u32 LE length][length bytes of one SMBIOS structure]`, no header, no alignment, no
 * trailer. hvmloader (`smbios.c` `get_smbios_pt_struct`, `smbios_type_vendor_oem_init`) walks it
 * with `while (total < length) { type = sep[4]; total += *sep + 4; }` in 32-bit arithmetic and
 * validates nothing (xen.md §3.1, §11).
 */

/** Size of the little-endian length separator in front of each structure. */
export const SMBIOS_BLOB_SEPARATOR = 4;

/** One step of hvmloader's walk over the blob: a separator and the structure it announces. */
export interface SmbiosBlobRecord {
  /** 0-based position in the walk. */
  index: number;
  /** Offset of the u32 separator in the blob. */
  offset: number;
  /** The separator value: how many bytes hvmloader copies for this structure. */
  length: number;
  /** The byte hvmloader compares as the type (`sep[4]`); 0 when it lies past the blob end. */
  type: number;
  /** The structure bytes inside the blob (all `length` of them unless the record overruns). */
  bytes: Uint8Array;
  /** Bytes the record reaches past the blob end (0 when it fits); hvmloader copies guest memory there. */
  overrun: number;
  /** The separator itself is cut off by the blob end (stray bytes read as a length). */
  partialSeparator: boolean;
  /** Header length byte (`bytes[1]`), or null when the record is shorter than 2 bytes. */
  headerLength: number | null;
  /** Handle (`bytes[2..3]`), or null when the record is shorter than 4 bytes. */
  handle: number | null;
  /**
   * The structure's own extent: header length + string set + double NUL, or null when no double
   * NUL follows the formatted area inside the record.
   */
  extent: number | null;
}

/** How hvmloader's walk over a blob ends. */
export type SmbiosBlobEnd = 'exact' | 'overrun' | 'loop' | 'limit';

/** The result of walking an SMBIOS blob the way hvmloader does. */
export interface SmbiosBlobWalk {
  records: SmbiosBlobRecord[];
  /** `exact`: the last record ends on the blob end; `overrun`: it runs past; `loop`: the walk never ends in hvmloader; `limit`: our record cap stopped it. */
  end: SmbiosBlobEnd;
  blobLength: number;
  findings: Finding[];
}

/** Options for {@link decodeSmbiosBlob}. */
export interface DecodeSmbiosBlobOptions {
  /** Stop after this many records (default 65,536); hvmloader has no such cap. */
  maxRecords?: number;
}

/**
 * The bytes of one structure as stored: formatted area then string set. Unlike smbios'
 * `encodeStructure` nothing is checked, since the blob carries whatever the caller packs.
 */
export function structureBytes(s: RawStructure | Uint8Array): Uint8Array {
  return s instanceof Uint8Array ? s : concatBytes([s.formatted, s.stringSet]);
}

/** Encodes structures (raw records or whole structure byte strings) as an `smbios_firmware` blob. */
export function encodeSmbiosBlob(structures: readonly (RawStructure | Uint8Array)[]): Uint8Array {
  const w = new ByteWriter();
  for (const s of structures) {
    const b = structureBytes(s);
    w.u32(b.length).bytes(b);
  }
  return w.finish();
}

/** Where a structure's double NUL ends, searching from its formatted length; null when absent. */
export function structureExtent(bytes: Uint8Array): number | null {
  if (bytes.length < 2) return null;
  const hlen = bytes[1]!;
  // DSP0134 §6.1.3: the string set starts right after the formatted area and ends with two NULs
  // (an empty set is just the two NULs).
  for (let i = Math.max(hlen, 0); i + 1 < bytes.length; i++) {
    if (bytes[i] === 0 && bytes[i + 1] === 0) return i + 2;
  }
  return null;
}

/** The strings of a structure's string set (Latin-1), stopping at the double NUL or the end. */
export function structureStrings(bytes: Uint8Array): string[] {
  if (bytes.length < 2) return [];
  const out: string[] = [];
  let i = bytes[1]!;
  while (i < bytes.length) {
    const nul = bytes.indexOf(0, i);
    if (nul < 0) {
      out.push(latin1(bytes.subarray(i)));
      break;
    }
    if (nul === i) break;
    out.push(latin1(bytes.subarray(i, nul)));
    i = nul + 1;
  }
  return out;
}

/** Byte at `at` as hvmloader sees guest memory: the blob, then the zero-filled page padding. */
function memByte(blob: Uint8Array, at: number): number {
  return at < blob.length ? blob[at]! : 0;
}

/**
 * Walks an `smbios_firmware` blob exactly as hvmloader does and reports every record it visits.
 * Never throws: a blob hvmloader would mis-walk gives findings (codes `SMBIOS_BLOB_*`).
 * Memory after the blob is taken as zero (libxenguest zero-fills the rest of the last page).
 */
export function decodeSmbiosBlob(blob: Uint8Array, options: DecodeSmbiosBlobOptions = {}): SmbiosBlobWalk {
  const maxRecords = options.maxRecords ?? 65536;
  const records: SmbiosBlobRecord[] = [];
  const findings: Finding[] = [];
  const seen = new Set<number>();
  let pos = 0;
  let end: SmbiosBlobEnd = 'exact';
  if (blob.length === 0) {
    findings.push(finding('SMBIOS_BLOB_EMPTY', 'info', 'empty blob: libxl silently ignores an empty smbios_firmware file'));
  }
  while (pos < blob.length) {
    if (records.length >= maxRecords) {
      end = 'limit';
      findings.push(finding('SMBIOS_BLOB_RECORD_LIMIT', 'error', `walk stopped after ${maxRecords} records`, { offset: pos }));
      break;
    }
    seen.add(pos);
    const partialSeparator = pos + SMBIOS_BLOB_SEPARATOR > blob.length;
    const length = (memByte(blob, pos) | (memByte(blob, pos + 1) << 8) | (memByte(blob, pos + 2) << 16)) + memByte(blob, pos + 3) * 0x1000000;
    const start = pos + SMBIOS_BLOB_SEPARATOR;
    const stop = Math.min(blob.length, start + length);
    const bytes = start < blob.length ? blob.subarray(start, stop) : new Uint8Array(0);
    const overrun = Math.max(0, start + length - blob.length);
    const rec: SmbiosBlobRecord = {
      index: records.length,
      offset: pos,
      length,
      type: memByte(blob, start),
      bytes,
      overrun,
      partialSeparator,
      headerLength: bytes.length >= 2 ? bytes[1]! : null,
      handle: bytes.length >= 4 ? bytes[2]! | (bytes[3]! << 8) : null,
      extent: overrun === 0 ? structureExtent(bytes) : null,
    };
    records.push(rec);
    const path = `smbiosBlob.records[${rec.index}]`;
    if (partialSeparator) {
      findings.push(finding('SMBIOS_BLOB_TRAILING_BYTES', 'error',
        `${blob.length - pos} stray byte(s) after the last structure: hvmloader reads them as another length separator (${length}) and copies guest memory as a type ${rec.type} structure`,
        { offset: pos, path }));
    } else if (overrun > 0) {
      findings.push(finding('SMBIOS_BLOB_OVERRUN', 'error',
        `separator length ${length} runs ${overrun} byte(s) past the blob end: hvmloader copies whatever memory follows into the guest table`,
        { offset: pos, path }));
    } else if (length === 0) {
      findings.push(finding('SMBIOS_BLOB_ZERO_LENGTH', 'warning',
        'separator length 0: hvmloader compares the next separator\'s low byte as this record\'s type and advances 4 bytes',
        { offset: pos, path }));
    } else if (rec.extent === null) {
      findings.push(finding('SMBIOS_BLOB_NO_TERMINATOR', 'warning',
        `structure has no double NUL within its ${length} bytes: the guest table gets an unterminated structure`,
        { offset: pos, path }));
    } else if (rec.extent !== length) {
      findings.push(finding('SMBIOS_BLOB_JUNK_AFTER_STRUCTURE', 'warning',
        `separator length ${length} but the structure ends after ${rec.extent} bytes: the extra ${length - rec.extent} byte(s) are copied into the guest table`,
        { offset: pos, path }));
    }
    if (rec.headerLength !== null && rec.headerLength < 4 && overrun === 0 && length > 0) {
      findings.push(finding('SMBIOS_BLOB_BAD_HEADER_LENGTH', 'warning', `header length ${rec.headerLength} is below the 4-byte structure header`, { offset: start, path }));
    }
    // hvmloader's `total` and pointer are 32-bit: a length near 4 GiB wraps back into the blob.
    const next = (pos + SMBIOS_BLOB_SEPARATOR + length) % 0x100000000;
    if (next < blob.length && seen.has(next)) {
      end = 'loop';
      findings.push(finding('SMBIOS_BLOB_LOOP', 'error', `separator length ${length} wraps hvmloader's 32-bit walk back to offset ${next}: the guest hangs in hvmloader`, { offset: pos, path }));
      break;
    }
    if (next >= blob.length && start + length > blob.length) end = 'overrun';
    pos = next;
  }
  return { records, end, blobLength: blob.length, findings };
}
