import { ByteWriter } from '@hvmpack/bytes';
import { checkAcpiBlob, checkSmbiosBlob, computeGuestView, decodeAcpiBlob, decodeSmbiosBlob, encodeSmbiosBlob } from '@hvmpack/xen';
import { resolveGuest } from '@hvmpack/guest';
import type { Harness } from './harness.js';

// A host-sized SMBIOS blob (~8 KiB: the handled types plus 120 OEM structures) and an ACPI blob of
// 12 × 4 KiB SSDTs (two over the default guest's 10 slots).
function smbiosBlob(): Uint8Array {
  const structs: Uint8Array[] = [];
  for (const [type, flen] of [[0, 24], [1, 27], [2, 15], [3, 22], [7, 19], [8, 9], [9, 17], [11, 5], [22, 26], [39, 22]] as const) {
    structs.push(new ByteWriter().u8(type).u8(flen).u16(type).fill(flen - 4, 1).cstring(`type ${type} string`).u8(0).finish());
  }
  for (let i = 0; i < 120; i++) structs.push(new ByteWriter().u8(128 + (i % 100)).u8(20).u16(0x8000 + i).fill(16, i & 0xff).cstring(`OEM ${i}`).u8(0).finish());
  return encodeSmbiosBlob(structs);
}

function acpiBlob(): Uint8Array {
  const w = new ByteWriter(65536);
  for (let i = 0; i < 12; i++) {
    const t = new ByteWriter().ascii('SSDT').u32(4096).u8(2).u8(0).ascii('HVMPCK', 6).ascii(`BENCH${i}`, 8, 0x20).u32(1).ascii('HVMP').u32(1);
    for (let j = 36; j < 4096; j++) t.u8((j * 13 + i) & 0xff);
    w.bytes(t.patchChecksum8(9).finish());
  }
  return w.finish();
}

/** Xen blob figures: hvmloader-style walks, acceptance checks, and the whole guest view. */
export async function run(h: Harness): Promise<void> {
  const sm = smbiosBlob();
  const ac = acpiBlob();
  const cfg = resolveGuest({ vcpus: 4, memoryMiB: 65536 });
  await h.measure(`xen: walk smbios_firmware (${sm.length} B)`, () => decodeSmbiosBlob(sm), { bytesPerOp: sm.length });
  await h.measure(`xen: walk acpi_firmware (${ac.length} B)`, () => decodeAcpiBlob(ac), { bytesPerOp: ac.length });
  await h.measure('xen: check smbios blob (guest table + findings)', () => checkSmbiosBlob(sm, cfg), { bytesPerOp: sm.length });
  await h.measure('xen: check acpi blob', () => checkAcpiBlob(ac, cfg), { bytesPerOp: ac.length });
  await h.measure('xen: guest view (both blobs)', () => computeGuestView({ smbios: sm, acpi: ac, config: cfg }));
}
