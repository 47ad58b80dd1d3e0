// Byte-by-byte fixtures for the typed table tests: a 36-byte header (ACPI 6.5 §5.2.6) built with
// ByteWriter, a body, and a correct checksum. Never real machine data.
import { ByteWriter } from '@hvmpack/bytes';

/** Header fields a fixture may override. */
export interface FixtureHeader {
  revision?: number;
  oemId?: string;
  oemTableId?: string;
  /** Forces the header length field (default: 36 + body length). */
  length?: number;
}

/** Builds a whole table: header + body, checksum patched so the table sums to zero. */
export function buildTable(signature: string, body: Uint8Array, h: FixtureHeader = {}): Uint8Array {
  const w = new ByteWriter();
  w.ascii(signature, 4);
  w.u32(h.length ?? 36 + body.length);
  w.u8(h.revision ?? 1);
  w.u8(0); // checksum, patched below
  w.ascii(h.oemId ?? 'HVMPK', 6, 0x20);
  w.ascii(h.oemTableId ?? 'FIXTURE', 8, 0x20);
  w.u32(1);
  w.ascii('TEST', 4);
  w.u32(0x20260101);
  w.bytes(body);
  w.patchChecksum8(9);
  return w.finish();
}

/** A ByteWriter for building a body. */
export function body(): ByteWriter {
  return new ByteWriter();
}

/** A 12-byte Generic Address Structure. */
export function gas(w: ByteWriter, spaceId: number, bitWidth: number, address: bigint, accessSize = 0, bitOffset = 0): ByteWriter {
  return w.u8(spaceId).u8(bitWidth).u8(bitOffset).u8(accessSize).u64(address);
}
