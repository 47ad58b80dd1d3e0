import { ByteWriter, patchChecksum8 } from '@hvmpack/bytes';
import { buildAcpiModule, buildMetaModule, buildOromModule, buildSmbiosModule, decodeModuleSet, encodeModuleSet, verifyModuleSet, type ModuleSet } from '@hvmpack/container';
import type { Harness } from './harness.js';

// A realistic set: SMBIOS 8 KiB (Xen blob), ACPI 64 KiB (SSDTs), a 64 KiB option ROM, metadata.
function realisticSet(): ModuleSet {
  const smbios = new ByteWriter(8192);
  for (let i = 0; smbios.length < 8192 - 80; i++) {
    const s = new ByteWriter().u8(128 + (i % 100)).u8(20).u16(0x8000 + i).fill(16, i & 0xff).cstring(`OEM string ${i}`).u8(0).finish();
    smbios.u32(s.length).bytes(s);
  }
  const acpi = new ByteWriter(65536);
  for (let i = 0; i < 16; i++) {
    const t = new ByteWriter().ascii('SSDT').u32(4096).u8(2).u8(0).ascii('HVMPCK', 6).ascii(`BENCH${i}`, 8, 0x20).u32(1).ascii('HVMP').u32(1);
    for (let j = 36; j < 4096; j++) t.u8((j * 13 + i) & 0xff);
    acpi.bytes(t.patchChecksum8(9).finish());
  }
  const rom = new Uint8Array(65536);
  for (let i = 0; i < rom.length; i++) rom[i] = (i * 7) & 0xff;
  rom.set([0x55, 0xaa, 128]);
  rom[0x18] = 0x40;
  rom[0x19] = 0;
  rom.set([0x50, 0x43, 0x49, 0x52, 0x86, 0x80, 0x34, 0x12], 0x40);
  patchChecksum8(rom, rom.length - 1);
  return {
    formatMinor: 0,
    flags: 1,
    modules: [
      buildSmbiosModule(smbios.finish(), { version: { major: 3, minor: 4 } }),
      buildAcpiModule(acpi.finish()),
      buildOromModule(rom, { vendorId: 0x8086, deviceId: 0x1234 }),
      buildMetaModule([{ key: 'origin', value: 'bench' }, { key: 'n', value: 1n }]),
    ],
  };
}

/** Module-container figures: encode, strict decode, full verify, and encode+verify together. */
export async function run(h: Harness): Promise<void> {
  const set = realisticSet();
  const bytes = encodeModuleSet(set);
  const n = bytes.length;
  await h.measure('modules: encodeModuleSet (8K SMBIOS+64K ACPI+64K OROM)', () => encodeModuleSet(set), { bytesPerOp: n });
  await h.measure('modules: decodeModuleSet (same set)', () => decodeModuleSet(bytes), { bytesPerOp: n });
  await h.measure('modules: verifyModuleSet (same set, payload walks)', () => verifyModuleSet(bytes), { bytesPerOp: n });
  await h.measure('modules: encode + verify (same set)', () => verifyModuleSet(encodeModuleSet(set)), { bytesPerOp: n });
}
