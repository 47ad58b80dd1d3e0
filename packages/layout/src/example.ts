// The built-in example behind `hvmpack plan --example` and docs/layout-example.svg: a synthetic
// hvmloader-shaped ELF32 (built by our writer, read back by our reader) and typical blob sizes.
import { ELF, buildElf32, decodeElf32 } from './elf.js';
import { loaderFromElf } from './evaluate.js';
import type { ProfileName } from './profiles.js';
import type { ModuleSpec, PlanInput } from './types.js';

/** A synthetic hvmloader image: 0x3A000 bytes of code and data linked at 0x100000, `.bss` to 0x14B2C0. */
export function exampleLoaderElf(): Uint8Array {
  return buildElf32({
    entry: 0x100000,
    segments: [
      { paddr: 0x100000, data: new Uint8Array(0x30000) },
      { paddr: 0x130000, data: new Uint8Array(0xa000), memSize: 0x1b2c0, flags: ELF.PF_R | ELF.PF_W },
    ],
  });
}

/** The example modules: a 128 KiB SeaBIOS, a 4.5 KiB ACPI blob, a 2 KiB SMBIOS blob. */
export const EXAMPLE_MODULES: readonly ModuleSpec[] = [
  { name: 'firmware', kind: 'firmware', size: 0x20000n, source: 'example SeaBIOS (128 KiB)' },
  { name: 'acpi', kind: 'acpi', size: 0x1234n, source: 'example acpi_firmware blob' },
  { name: 'smbios', kind: 'smbios', size: 0x800n, source: 'example smbios_firmware blob' },
];

/** The example plan input for a profile (firmware only for xen-4.8: before 4.8 the BIOS was built into hvmloader). */
export function examplePlanInput(profile: ProfileName, memoryMiB = 1024): PlanInput {
  const loader = loaderFromElf(decodeElf32(exampleLoaderElf()), 'built-in example ELF32 (pstart..pend incl. .bss)');
  const modules = profile !== 'xen-4.8' ? EXAMPLE_MODULES.filter((m) => m.kind !== 'firmware') : EXAMPLE_MODULES;
  return { profile, loader, modules, guest: { memoryMiB } };
}
