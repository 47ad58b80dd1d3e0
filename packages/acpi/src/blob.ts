import { checksum8, concatBytes, finding, latin1, printableAscii, type Finding } from '@hvmpack/bytes';
import { ACPI_HEADER_LENGTH } from './header.js';
import type { AcpiTable } from './model.js';

// The one reader of ACPI tables back to back (Xen's `acpi_firmware=` module, and host files that
// hold several tables): `splitBlob` and `@hvmpack/xen` both walk with it, so they agree on what a
// short length, a zero length or trailing bytes mean.

/**
 * Xen's `acpi_firmware` blob (xl.cfg `acpi_firmware=`, xenstore `hvmloader/acpi/*`): whole ACPI
 * tables back to back. libacpi `construct_passthrough_tables()` reads the 36-byte header at the
 * cursor, allocates and copies `header->length` bytes verbatim and advances by that length, while
 * `(length - total) >= 36` in unsigned 32-bit arithmetic and fewer than `nr_max` tables were taken
 * (xen.md §4, §11). Nothing is checked or fixed up.
 */

/** One table hvmloader's walk visits. */
export interface AcpiBlobRecord {
  index: number;
  /** Offset of the table in the blob. */
  offset: number;
  /** 4-character signature (Latin-1; bytes past the blob end read as NUL). */
  signature: string;
  /** Header `length` field: the bytes hvmloader copies and advances by. */
  length: number;
  revision: number;
  oemId: string;
  oemTableId: string;
  /** The table bytes inside the blob (all `length` of them unless it overruns). */
  bytes: Uint8Array;
  /** Bytes the table reaches past the blob end (0 when it fits). */
  overrun: number;
  /** Checksum verdict over the whole table; null when it overruns or has no checksum (FACS). */
  checksumOk: boolean | null;
}

/** How the walk ends: exactly at the blob end, with ignored trailing bytes, or in a guest crash. */
export type AcpiBlobEnd = 'exact' | 'trailing' | 'crash' | 'cap';

/** The result of walking an ACPI blob the way hvmloader does. */
export interface AcpiBlobWalk {
  /** Tables hvmloader copies, in blob order (at most `maxTables`). */
  records: AcpiBlobRecord[];
  end: AcpiBlobEnd;
  /** Bytes left after the last table that hvmloader ignores (fewer than 36) for `trailing`. */
  trailing: number;
  /** For `cap`: offset of the first table not taken. */
  capOffset: number | null;
  blobLength: number;
  findings: Finding[];
}

/** Options for {@link walkAcpiBlob}. */
export interface WalkAcpiBlobOptions {
  /** hvmloader's `nr_max` (15 − built-ins); default: no cap, walk the whole blob (bounded at 4096 tables). */
  maxTables?: number;
}

/** Encodes tables (decoded or raw bytes) as an `acpi_firmware` blob; lengths come from the tables themselves. */
export function encodeAcpiBlob(tables: readonly (AcpiTable | Uint8Array)[]): Uint8Array {
  return concatBytes(tables.map((t) => (t instanceof Uint8Array ? t : t.bytes)));
}

function memByte(blob: Uint8Array, at: number): number {
  return at < blob.length ? blob[at]! : 0;
}

function memU32(blob: Uint8Array, at: number): number {
  return (memByte(blob, at) | (memByte(blob, at + 1) << 8) | (memByte(blob, at + 2) << 16)) + memByte(blob, at + 3) * 0x1000000;
}

function memText(blob: Uint8Array, at: number, n: number): string {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = memByte(blob, at + i);
  return latin1(b);
}

/**
 * Walks an `acpi_firmware` blob exactly as hvmloader/libacpi does and reports each table it
 * copies. Never throws. Memory after the blob is taken as zero (the page padding libxenguest
 * zero-fills), so a table overrunning the end leads the walk to a zero length: a guest crash.
 */
export function walkAcpiBlob(blob: Uint8Array, options: WalkAcpiBlobOptions = {}): AcpiBlobWalk {
  const nrMax = Math.min(options.maxTables ?? 4096, 4096);
  const records: AcpiBlobRecord[] = [];
  const findings: Finding[] = [];
  let total = 0;
  let end: AcpiBlobEnd = 'exact';
  let capOffset: number | null = null;
  if (blob.length === 0) {
    findings.push(finding('ACPI_BLOB_EMPTY', 'info', 'empty blob: libxl silently ignores an empty acpi_firmware file'));
  }
  for (;;) {
    // `(acpi_pt_length - total) < sizeof(struct acpi_header)` in uint32_t: wraps once total passes the end.
    const left = (blob.length - total + 0x100000000) % 0x100000000;
    if (left < ACPI_HEADER_LENGTH) {
      if (left > 0) {
        end = 'trailing';
        findings.push(finding('ACPI_BLOB_TRAILING_BYTES', 'warning', `${left} byte(s) after the last table are ignored by hvmloader (fewer than a 36-byte header)`, { offset: total }));
      }
      break;
    }
    if (records.length >= nrMax) {
      end = 'cap';
      capOffset = total;
      break;
    }
    const at = total;
    const length = memU32(blob, at + 4);
    const path = `acpiBlob.tables[${records.length}]`;
    if (length === 0) {
      end = 'crash';
      const past = at >= blob.length;
      findings.push(finding('ACPI_BLOB_ZERO_LENGTH', 'error',
        past
          ? 'the walk ran past the blob end into zero-filled memory and read a table length of 0: acpi_mem_alloc BUGs and the guest crashes'
          : 'table header length 0: acpi_mem_alloc BUGs and the guest crashes',
        { offset: Math.min(at, blob.length), path }));
      break;
    }
    const signature = memText(blob, at, 4);
    const overrun = Math.max(0, at + length - blob.length);
    const bytes = blob.subarray(Math.min(at, blob.length), Math.min(blob.length, at + length));
    const rec: AcpiBlobRecord = {
      index: records.length,
      offset: at,
      signature,
      length,
      revision: memByte(blob, at + 8),
      oemId: memText(blob, at + 10, 6),
      oemTableId: memText(blob, at + 16, 8),
      bytes,
      overrun,
      // FACS carries no checksum (ACPI 6.5 §5.2.10); a table shorter than its header has none either.
      checksumOk: overrun > 0 || signature === 'FACS' || length < ACPI_HEADER_LENGTH ? null : checksum8(bytes) === 0,
    };
    records.push(rec);
    if (overrun > 0) {
      findings.push(finding('ACPI_BLOB_OVERRUN', 'error',
        `${printableAscii(signature, '?')} length ${length} runs ${overrun} byte(s) past the blob end: hvmloader copies the memory after the blob and, with a slot left, walks on into it`,
        { offset: at, path }));
    } else if (length < ACPI_HEADER_LENGTH) {
      findings.push(finding('ACPI_BLOB_SHORT_TABLE', 'error', `table length ${length} is shorter than the 36-byte header`, { offset: at, path }));
    }
    total = (total + length) % 0x100000000;
  }
  return { records, end, trailing: end === 'trailing' ? (blob.length - total) : 0, capOffset, blobLength: blob.length, findings };
}
