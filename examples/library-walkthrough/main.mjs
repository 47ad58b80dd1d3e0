// hvmpack used as a library, the way a toolstack script would: build (or read) a host SMBIOS
// table, keep what the guest's OEM software needs, turn it into Xen's smbios_firmware blob, ask
// what hvmloader will make of it, and find the smallest guest the blob fits in, per layout profile.
// Run: node main.mjs   (after `pnpm install`, which builds the packages)
import { hasErrors } from '@hvmpack/bytes';
import { buildTable, encodeTyped } from '@hvmpack/smbios';
import { DEFAULT_GUEST } from '@hvmpack/guest';
import { computeGuestView, encodeSmbiosBlob } from '@hvmpack/xen';
import { loaderFromSize, planLayout } from '@hvmpack/layout';

// 1. A host table. A real script would call readSmbiosInput('/sys/firmware/dmi/tables') from @hvmpack/host.
const v = { version: { major: 3, minor: 4 } };
const host = buildTable(
  [
    encodeTyped(1, { manufacturer: 'Example Computers', productName: 'Model 9', serialNumber: 'DEMO-SERIAL' }, v),
    encodeTyped(11, { strings: ['OEM feature set 9'] }, v),
    { type: 0x88, data: Uint8Array.of(0x01, 0x02, 0x03, 0x04) },
  ],
  { version: { major: 3, minor: 4 } },
);

// 2. Keep what OEM drivers look for (system identity, OEM strings, OEM types); never the end marker.
const keep = host.table.structures.filter((s) => s.type === 1 || s.type === 11 || s.type >= 128);
const blob = encodeSmbiosBlob(keep);

// 3. What hvmloader builds from it for a 2-vCPU, 2 GiB OVMF guest on Xen 4.21.
const config = { ...DEFAULT_GUEST, firmware: 'ovmf', vcpus: 2, memoryMiB: 2048 };
const view = computeGuestView({ smbios: blob, acpi: null, config });
console.log(`blob: ${keep.length} structures, ${blob.length} bytes`);
console.log(`guest SMBIOS: ${view.smbios.structures.length} structures, entry point ${view.smbios.entryPoint.major}.${view.smbios.entryPoint.minor}`);
for (const s of view.smbios.structures) console.log(`  handle 0x${s.handle.toString(16).padStart(4, '0')} type ${s.type}`);
console.log(`findings: ${view.findings.map((f) => f.code).join(', ') || 'none'}`);

// 4. The RFC's first open question: the minimum guest size, per profile, for this blob.
for (const profile of ['rfc', 'xen-4.3', 'xen-4.8']) {
  const plan = planLayout({
    profile,
    loader: loaderFromSize(0x60000n),
    modules: [{ name: 'smbios', size: BigInt(blob.length) }],
    guest: { memoryMiB: 2048, firmware: 'ovmf' },
  });
  console.log(`${profile.padEnd(8)} smbios at 0x${plan.regions.find((r) => r.name.startsWith('smbios'))?.start.toString(16)}, minimum memory ${plan.minimumMemoryMiB} MiB, ${hasErrors(plan.findings) ? 'collides' : 'fits'}`);
}
