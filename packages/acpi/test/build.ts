// Fixtures built in code with our encoders (and byte by byte where a field must be wrong on purpose).
import { encodeFacs, encodeRootTable, encodeRsdp, encodeTable, type AcpiHeader } from '@hvmpack/acpi';

/** A header with test OEM fields; length and checksum are filled in by encodeTable. */
export function hdr(signature: string, over: Partial<AcpiHeader> = {}): AcpiHeader {
  return {
    signature,
    length: 0,
    revision: 2,
    checksum: 0,
    oemId: 'HVMTST',
    oemTableId: 'TESTTABL',
    oemRevision: 1,
    creatorId: 'HVMP',
    creatorRevision: 0x20260101,
    ...over,
  };
}

/** A table of `bodyLength` patterned bytes (or the given body) with a correct length and checksum. */
export function table(signature: string, body: number | Uint8Array = 8, over: Partial<AcpiHeader> = {}): Uint8Array {
  const b = typeof body === 'number' ? Uint8Array.from({ length: body }, (_, i) => (i * 13 + 5) & 0xff) : body;
  return encodeTable({ header: hdr(signature, over), body: b });
}

/** A 244-byte (ACPI 2.0–4.0 size) FADT with the four DSDT/FACS pointers (ACPI 6.5 §5.2.9, Table 5.9). */
export function fadt(p: { facs?: number; dsdt?: number; xFacs?: bigint; xDsdt?: bigint }, length = 244): Uint8Array {
  const body = new Uint8Array(length - 36);
  const dv = new DataView(body.buffer);
  dv.setUint32(36 - 36, p.facs ?? 0, true); // FIRMWARE_CTRL @36
  dv.setUint32(40 - 36, p.dsdt ?? 0, true); // DSDT @40
  if (length >= 148) {
    dv.setBigUint64(132 - 36, p.xFacs ?? 0n, true); // X_FIRMWARE_CTRL @132
    dv.setBigUint64(140 - 36, p.xDsdt ?? 0n, true); // X_DSDT @140
  }
  return table('FACP', body, { revision: 4 });
}

/** A 64-byte FACS (no checksum, no standard header). */
export function facs(): Uint8Array {
  const body = new Uint8Array(56);
  body[24] = 1; // flags-ish content, arbitrary
  return encodeFacs(body);
}

export { encodeRootTable, encodeRsdp };

/** Places byte arrays at offsets of a zeroed buffer. */
export function place(size: number, parts: Array<[number, Uint8Array]>): Uint8Array {
  const out = new Uint8Array(size);
  for (const [at, b] of parts) out.set(b, at);
  return out;
}

/**
 * A 1 MiB memory image from physical address 0: RSDP (rev 2) at 0xF0000, XSDT and RSDT listing a
 * FADT, an SSDT and an APIC, the FADT pointing to a DSDT and a FACS through its X_ fields.
 */
export function memoryImage(opts: { conflict?: boolean; dropDsdt?: boolean } = {}): { image: Uint8Array; addresses: typeof ADDRESSES } {
  const A = ADDRESSES;
  const dsdt = table('DSDT', 300);
  const x = fadt({ facs: opts.conflict ? 0x9999000 : A.facs, dsdt: A.dsdt, xFacs: BigInt(A.facs), xDsdt: opts.dropDsdt ? 0x7fff0000n : BigInt(A.dsdt) });
  const entries = [A.facp, A.ssdt, A.apic].map(BigInt);
  const image = place(1 << 20, [
    [0xf0000, encodeRsdp({ oemId: 'HVMTST', revision: 2, rsdtAddress: A.rsdt, xsdtAddress: BigInt(A.xsdt) })],
    [A.xsdt, encodeRootTable(hdr('XSDT'), entries)],
    [A.rsdt, encodeRootTable(hdr('RSDT'), entries)],
    [A.facp, x],
    [A.dsdt, dsdt],
    [A.facs, facs()],
    [A.ssdt, table('SSDT', 40)],
    [A.apic, table('APIC', 20)],
  ]);
  return { image, addresses: A };
}

/** Where {@link memoryImage} puts each table. */
export const ADDRESSES = { xsdt: 0x80000, rsdt: 0x80100, facp: 0x81000, dsdt: 0x82000, facs: 0x83000, ssdt: 0x84000, apic: 0x85000 } as const;
