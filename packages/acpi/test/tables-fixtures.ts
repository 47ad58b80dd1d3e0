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

/** A fake OA 3.0 key: the shape of a product key, none of the substance. */
export const FAKE_KEY = 'AAAAA-BBBBB-CCCCC-DDDDD-EEEEE';

/** MSDM body (Microsoft SLIC/MSDM spec): version, reserved, data type, data reserved, data length, data. */
export function msdmBody(key = FAKE_KEY, declared = key.length): Uint8Array {
  return body().u32(1).u32(0).u32(1).u32(0).u32(declared).ascii(key).finish();
}

/** SLIC body: OEM public key (type 0, 156 bytes) then the Windows marker (type 1, 182 bytes). */
export function slicBody(markerOem = 'HVMPK', markerTable = 'FIXTURE'): Uint8Array {
  const w = new ByteWriter();
  w.u32(0).u32(156).u8(6).u8(2).u16(0).u32(0x2400).ascii('RSA1').u32(1024).u32(0x10001); // 36 key header (28 bytes)
  w.fill(128, 0xa5); // modulus (fake)
  w.u32(1).u32(182).u32(0x00020001).ascii(markerOem, 6, 0x20).ascii(markerTable, 8, 0x20).ascii('WINDOWS ', 8); // 192 marker
  w.u32(0x00020001).fill(16).fill(128, 0x5a); // SLIC version, reserved, signature (fake)
  return w.finish();
}
