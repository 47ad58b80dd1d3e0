// A host's identity strings as bios-strings keys: the guest gets the host's names in the
// structures hvmloader generates, without passing any structure through.
import { finding, type Finding } from '@hvmpack/bytes';
import { structureString, type RawStructure } from '@hvmpack/smbios';

/** String fields (DSP0134 offsets in the formatted area) that have a bios-strings key (xen.md §2.8). */
const STRING_FIELDS: readonly { type: number; offset: number; key: string }[] = [
  // DSP0134 §7.1 BIOS Information
  { type: 0, offset: 0x04, key: 'bios-vendor' },
  { type: 0, offset: 0x05, key: 'bios-version' },
  // §7.2 System Information
  { type: 1, offset: 0x04, key: 'system-manufacturer' },
  { type: 1, offset: 0x05, key: 'system-product-name' },
  { type: 1, offset: 0x06, key: 'system-version' },
  { type: 1, offset: 0x07, key: 'system-serial-number' },
  // §7.3 Baseboard Information
  { type: 2, offset: 0x04, key: 'baseboard-manufacturer' },
  { type: 2, offset: 0x05, key: 'baseboard-product-name' },
  { type: 2, offset: 0x06, key: 'baseboard-version' },
  { type: 2, offset: 0x07, key: 'baseboard-serial-number' },
  { type: 2, offset: 0x08, key: 'baseboard-asset-tag' },
  { type: 2, offset: 0x0a, key: 'baseboard-location-in-chassis' },
  // §7.4 System Enclosure
  { type: 3, offset: 0x04, key: 'enclosure-manufacturer' },
  { type: 3, offset: 0x07, key: 'enclosure-serial-number' },
  { type: 3, offset: 0x08, key: 'enclosure-asset-tag' },
  // §7.23 Portable Battery
  { type: 22, offset: 0x05, key: 'battery-manufacturer' },
  { type: 22, offset: 0x08, key: 'battery-device-name' },
];

/** Which host types to copy; the default copies 0, 1, 2, 3 (identity) and 11 (OEM strings). */
export interface HostBiosStringsOptions {
  types?: readonly number[];
}

/**
 * bios-strings from a host's SMBIOS structures: the first structure of each wanted type, the
 * fields hvmloader has a key for, skipping absent and empty strings (hvmloader would treat an
 * empty key as absent). Type 11's strings become `oem-1` … in order, capped at 99.
 */
export function biosStringsFromHost(structures: readonly RawStructure[], options: HostBiosStringsOptions = {}): { biosStrings: Record<string, string>; findings: Finding[] } {
  const types = new Set(options.types ?? [0, 1, 2, 3, 11]);
  const out: Record<string, string> = {};
  const findings: Finding[] = [];
  const seen = new Set<number>();
  structures.forEach((s, i) => {
    if (!types.has(s.type) || seen.has(s.type)) return;
    seen.add(s.type);
    if (s.type === 11) {
      const count = s.formatted[4] ?? 0;
      const strings: string[] = [];
      for (let n = 1; n <= count; n++) {
        const v = structureString(s, n);
        // hvmloader stops at the first missing or empty oem-N: stop there too rather than renumber.
        if (v === undefined || v === '') break;
        strings.push(v);
      }
      if (strings.length > 99) findings.push(finding('HOST_OEM_STRINGS_CAPPED', 'warning', `the host has ${strings.length} OEM strings; bios-strings carry the first 99`, { path: `input.structures[${i}]` }));
      strings.slice(0, 99).forEach((v, k) => (out[`oem-${k + 1}`] = v));
      return;
    }
    for (const f of STRING_FIELDS) {
      if (f.type !== s.type || f.offset >= s.formatted.length) continue;
      const v = structureString(s, s.formatted[f.offset]!);
      if (v !== undefined && v !== '') out[f.key] = v;
    }
  });
  return { biosStrings: out, findings };
}
