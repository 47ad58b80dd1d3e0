// Boots real QEMU guests (TCG, a few seconds each) and reads back what the guest kernel found: the
// structures and tables handed to QEMU with -smbios file= and -acpitable file=, built here by our
// own encoders, must reach the guest byte for byte, on both machine types and both firmwares.
import { encodeTable } from '@hvmpack/acpi';
import { decodeEntryPoint, decodeStructureTable, encodeStructure, encodeTypedStructure, type RawStructure } from '@hvmpack/smbios';
import { describe, expect, it } from 'vitest';
import { bootGuest, bootSkipReason, BootError, type BootOptions } from './support/qemu-boot.js';

const BOOT_TIMEOUT = 240_000;

/** The guest's structures by handle; a handle seen twice fails the test (OVMF asserts on duplicates). */
function byHandle(dmi: Uint8Array): Map<number, RawStructure> {
  const out = new Map<number, RawStructure>();
  for (const s of decodeStructureTable(dmi).structures) {
    expect(out.has(s.handle), `handle 0x${s.handle.toString(16)} twice`).toBe(false);
    out.set(s.handle, s);
  }
  return out;
}

/** A structure's bytes as a -smbios file holds them: formatted area then string set. */
function structureBytes(s: RawStructure): Uint8Array {
  return Uint8Array.from([...s.formatted, ...s.stringSet]);
}

function table(signature: string, body: Uint8Array, oem = { oemId: 'HVMPCK', oemTableId: 'BOOTTEST' }): Uint8Array {
  return encodeTable({
    header: { signature, length: 0, revision: 1, checksum: 0, ...oem, oemRevision: 1, creatorId: 'HVMP', creatorRevision: 1 },
    body,
  });
}

const passedSmbios = [
  encodeTypedStructure(1, { manufacturer: 'hvmpack', productName: 'boot test', serialNumber: 'S-1', uuid: '01234567-89ab-cdef-0123-456789abcdef' }, { handle: 0xa001 }),
  encodeTypedStructure(11, { count: 2, strings: ['first oem string', 'second'] }, { handle: 0xa00b }),
  // An OEM type: QEMU copies it without looking past the header.
  encodeStructure({ type: 0xc8, length: 6, handle: 0xa0c8, offset: 0, formatted: Uint8Array.from([0xc8, 6, 0xc8, 0xa0, 0x5a, 0xa5]), strings: ['oem'], stringSet: Uint8Array.from([0x6f, 0x65, 0x6d, 0, 0]) }),
];
const passedAcpi = [table('HVMT', Uint8Array.from({ length: 300 }, (_, i) => i & 0xff))];

// The other two pairs boot in qemu-boot-guest-view.test.ts.
const firmwares: { machine: 'pc' | 'q35'; firmware: 'seabios' | 'ovmf' }[] = [
  { machine: 'pc', firmware: 'seabios' },
  { machine: 'q35', firmware: 'ovmf' },
];

describe('QEMU boot harness', () => {
  describe.each(firmwares)('$machine with $firmware', ({ machine, firmware }) => {
    it.skipIf(bootSkipReason(firmware))(
      'the guest kernel reads every -smbios file= structure and -acpitable file= table byte for byte',
      async () => {
        const options: BootOptions = { machine, firmware, smbios: passedSmbios, acpi: passedAcpi };
        const r = await bootGuest(options);
        const handles = byHandle(r.dmi);
        for (const blob of passedSmbios) {
          const handle = blob[2]! | (blob[3]! << 8);
          const s = handles.get(handle);
          expect(s, `handle 0x${handle.toString(16)}`).toBeDefined();
          expect(structureBytes(s!)).toEqual(blob);
        }
        // A passed type suppresses QEMU's own: the only type 1 is ours.
        expect([...handles.values()].filter((s) => s.type === 1).map((s) => s.handle)).toEqual([0xa001]);
        expect([...handles.values()].at(-1)?.type).toBe(127);
        const ep = decodeEntryPoint(r.entryPoint);
        expect(ep.kind === '_SM3_' ? ep.tableMaxSize : ep.tableLength).toBe(r.dmi.length);
        expect(r.acpi.get('HVMT')).toEqual(passedAcpi[0]);
        expect(r.acpi.has('DSDT') && r.acpi.has('FACP')).toBe(true);
      },
      BOOT_TIMEOUT,
    );
  });

  it.skipIf(bootSkipReason())(
    "fails with QEMU's own message when QEMU refuses the arguments",
    async () => {
      const type4 = encodeTypedStructure(4, { socketDesignation: 'CPU 0' }, { handle: 0xa400 });
      const e = await bootGuest({ smp: '2,sockets=2', smbios: [type4] }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(BootError);
      expect((e as BootError).kind).toBe('refused');
      expect((e as BootError).message).toMatch(/Expected 2 SMBIOS Type 4 tables, got 1 instead/);
    },
    BOOT_TIMEOUT,
  );

  it.skipIf(bootSkipReason())(
    'fails with the last console lines when the guest does not report',
    async () => {
      const e = await bootGuest({ kernelArgs: 'rdinit=/nonexistent' }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(BootError);
      expect((e as BootError).kind).toBe('guest');
      expect((e as BootError).message).toMatch(/printed nothing[\s\S]*Last console lines:[\s\S]*Kernel panic/);
    },
    BOOT_TIMEOUT,
  );

  it.skipIf(bootSkipReason())(
    'kills a boot that runs past its timeout',
    async () => {
      const started = Date.now();
      const e = await bootGuest({ timeoutMs: 1500 }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(BootError);
      expect((e as BootError).kind).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(15_000);
    },
    BOOT_TIMEOUT,
  );
});
