// hvmpack's toolstack outputs from a Node script, with no CLI: one guest description, a host's
// identity strings copied into bios-strings, the SMBIOS blob, its placement, then the xl.cfg
// settings, the xenstore keys and the xenstore-write script a toolstack would run (dry run).
// Run: node toolstack.mjs   (after `pnpm install`, which builds the packages)
import { hasErrors } from '@hvmpack/bytes';
import { buildTable, encodeTyped } from '@hvmpack/smbios';
import { resolveGuest } from '@hvmpack/guest';
import { biosStringsFromHost, encodeSmbiosBlob, formatXlCfg, guestHvmInfo, xenstoreEntries, xenstoreScript, xlCfgSettings } from '@hvmpack/xen';
import { loaderFromSize, planLayout } from '@hvmpack/layout';

// 1. A host table (a real script reads it with readSmbiosInput from @hvmpack/host).
const v = { version: { major: 3, minor: 4 } };
const host = buildTable(
  [
    encodeTyped(1, { manufacturer: 'Example Computers', productName: 'Model 9', serialNumber: 'DEMO-SERIAL' }, v),
    encodeTyped(3, { manufacturer: 'Example Computers', chassisType: 3 }, v),
    { type: 0x88, data: Uint8Array.of(0x01, 0x02, 0x03, 0x04) },
  ],
  v,
);

// 2. The guest: the host's names through bios-strings (no structure passed), and only the OEM
//    structure passed through, so no key is overridden.
const { biosStrings } = biosStringsFromHost(host.table.structures);
const guest = resolveGuest({ vcpus: 2, memoryMiB: 2048, biosStrings: { ...biosStrings, 'oem-1': "it's \"quoted\"" } });
const blob = encodeSmbiosBlob(host.table.structures.filter((s) => s.type >= 128 && s.type !== 127));

// 3. Where libxenguest 4.8+ puts the blob (after a 0x60000-byte hvmloader and SeaBIOS).
const plan = planLayout({ profile: 'xen-4.8', loader: loaderFromSize(0x60000n), modules: [{ name: 'firmware', size: 0x20000n }, { name: 'smbios', size: BigInt(blob.length) }], guest: { memoryMiB: 2056 } });
const smbios = { address: plan.regions.find((r) => r.name === 'smbios').start, length: blob.length };

// 4. The outputs.
const keys = xenstoreEntries({ guest, smbios, smbiosBlob: blob, hvmInfo: guestHvmInfo(guest) });
const xl = xlCfgSettings({ guest, smbiosFirmware: '/srv/guests/web1/smbios.bin', smbiosBlob: blob });
console.log(`findings: ${[...keys.findings, ...xl.findings].map((f) => f.code).join(', ') || 'none'}`);
if (hasErrors(keys.findings) || hasErrors(plan.findings)) process.exit(1);
console.log('--- xl.cfg settings');
process.stdout.write(formatXlCfg(xl.settings));
console.log('--- xenstore.sh');
process.stdout.write(xenstoreScript(keys.entries));
