import type { XenVersion } from '@hvmpack/guest';

/**
 * Every change to what hvmloader builds from the pass-through blobs and the guest settings, from
 * Xen 4.3 (where pass-through landed) on, keyed by the release that first shipped it. The rules in
 * `smbios-*.ts` and `acpi-guest.ts` ask {@link hasChange} instead of comparing version numbers, so
 * this table is the one place that says which release behaves how. Release = the first
 * `RELEASE-x.y.0` tag containing the commit (`git tag --contains`); backports to point releases
 * of older branches are listed with the change (three 2013 fixes reached 4.3.1, the 2025 length
 * checks 4.19.4 and 4.20.2), so `--xen` wants the full `xl info` version, point release included.
 */

/** The behaviour changes hvmpack models, by stable name. */
export const XenChange = {
  /** SMBIOS pass-through of 0, 1, 2, 3, 11, 22, 39 and every OEM type; ACPI pass-through. */
  Passthrough: 'passthrough',
  /** `do_struct()` counts a generator call only when it wrote bytes (4.3.0 counted every call). */
  CountWrittenOnly: 'count-written-only',
  /** OEM strings are read from `bios-strings/oem-1`… (4.3.0 read `oem-01`…, which libxl never writes). */
  OemKeysUnpadded: 'oem-keys-unpadded',
  /** The HPET table follows the HPET's presence (4.3 built it always). */
  HpetOptional: 'hpet-optional',
  /** vNUMA adds SRAT and SLIT. */
  VnumaTables: 'vnuma-tables',
  /** MADT lists `nr_vcpus` local APICs (before: one per DSDT processor object, 128 or 15). */
  MadtPerVcpu: 'madt-per-vcpu',
  /** `platform/acpi_laptop_slate` adds the laptop/slate SSDT. */
  LaptopSlateSsdt: 'laptop-slate-ssdt',
  /** libxl builds the e820 before placing the ACPI blob: an NVS entry at address 0 (code reading). */
  E820BeforeModules: 'e820-before-modules',
  /** Generated type 3 reads `enclosure-asset-tag`. */
  EnclosureAssetTag: 'enclosure-asset-tag',
  /** Generated type 3 is 21 bytes, type 4 35, type 17 27 (SMBIOS 2.4 fields). */
  Smbios24Fields: 'smbios-2.4-fields',
  /** Type 2 is generated from `baseboard-*` keys when none is passed through. */
  BaseboardFromKeys: 'baseboard-from-keys',
  /** `platform/tpm_version` 2 gives SSDT_TPM2 + TPM2 (before: TPM 1.2 only). */
  Tpm2: 'tpm2',
  /** Minimum pass-through lengths per type; type 2 chassis handle rewritten at header length ≥ 13 (was > 13). */
  MinimumLengths: 'minimum-lengths',
  /** Pass-through of the first structure of types 7, 8, 9, 26, 27 and 28. */
  MoreSmbiosTypes: 'more-smbios-types',
} as const;
/** One of {@link XenChange}'s values. */
export type XenChange = (typeof XenChange)[keyof typeof XenChange];

/** How a change's release and effect are known. */
export type XenChangeEvidence =
  /** Reproduced by the hvmloader oracle (Xen's own code run at 4.17, 4.20, 4.21, 4.22, 4.23-dev). */
  | 'oracle'
  /** Xen's own `smbios.c` at every release tag run on the corpus blobs (docs/xen-passthrough.md). */
  | 'run'
  /** Read from the commit and the code at the release tags; not run. */
  | 'code';

/** A release number `major.minor.patch`. */
export interface XenRelease {
  major: number;
  minor: number;
  patch: number;
}

/** One row of the table: a commit, the release that first has it, and what it changes for the guest. */
export interface XenBehaviourChange {
  change: XenChange;
  /** The first release of the main line with the change. */
  since: XenRelease;
  /** Point releases of older branches that got it as a backport (that branch from then on). */
  backports?: readonly XenRelease[];
  /** Abbreviated xen.git commit id(s). */
  commits: readonly string[];
  /** The commit title. */
  title: string;
  /** What a guest sees differently from this release on. */
  effect: string;
  evidence: XenChangeEvidence;
}

/** The behaviour changes in release order. */
export const XEN_BEHAVIOUR_CHANGES: readonly XenBehaviourChange[] = [
  {
    change: XenChange.Passthrough, since: { major: 4, minor: 3, patch: 0 }, commits: ['4d23036e70', '4a281d45f5'],
    title: 'HVM firmware passthrough SMBIOS processing / ACPI processing',
    effect: 'smbios_firmware: first structure of types 0, 1, 2, 3, 11, 22, 39 and every type ≥ 128; acpi_firmware: tables after the built-ins, 16-entry cap',
    evidence: 'code',
  },
  {
    change: XenChange.CountWrittenOnly, since: { major: 4, minor: 4, patch: 0 }, backports: [{ major: 4, minor: 3, patch: 1 }], commits: ['4aa19549e1', '7ccd12c64b'],
    title: 'hvmloader/smbios: Correctly count the number of tables written',
    effect: 'the entry point no longer counts generators that wrote nothing (absent 2, 22, 39, no OEM); 4.4, backported to 4.3.1',
    evidence: 'run',
  },
  {
    change: XenChange.OemKeysUnpadded, since: { major: 4, minor: 4, patch: 0 }, backports: [{ major: 4, minor: 3, patch: 1 }], commits: ['0f4cb23c3e', '3aa502a031'],
    title: 'public/hvm_xs_strings.h: Fix ABI regression for OEM SMBios strings',
    effect: 'generated type 11 reads bios-strings/oem-1, oem-2, … as libxl writes them; 4.3.0 looked for oem-01 and so always wrote "Xen"; 4.4, backported to 4.3.1',
    evidence: 'run',
  },
  {
    change: XenChange.HpetOptional, since: { major: 4, minor: 4, patch: 0 }, backports: [{ major: 4, minor: 3, patch: 1 }], commits: ['4867685f79', 'ee38571a76'],
    title: 'Revert "hvmloader: always include HPET table"',
    effect: 'HPET table only when the HPET is present (4.3.0 always built it: one pass-through slot fewer with hpet=0); 4.4, backported to 4.3.1',
    evidence: 'code',
  },
  {
    change: XenChange.VnumaTables, since: { major: 4, minor: 6, patch: 0 }, commits: ['e9c8ef535b', '4677e007d7'],
    title: 'hvmloader: construct SRAT / construct SLIT',
    effect: 'vNUMA guests get SRAT and SLIT, two built-ins more',
    evidence: 'code',
  },
  {
    change: XenChange.MadtPerVcpu, since: { major: 4, minor: 8, patch: 0 }, commits: ['0875433389'],
    title: 'hvmloader: limit CPUs exposed to guests',
    effect: 'MADT is 96 + 8 × vCPUs bytes; before, SeaBIOS/OVMF guests got 128 local APIC entries (1120 bytes) and ROMBIOS guests with ≤ 15 vCPUs 15 (216)',
    evidence: 'code',
  },
  {
    change: XenChange.LaptopSlateSsdt, since: { major: 4, minor: 9, patch: 0 }, commits: ['4c8153d97e'],
    title: 'tools/firmware: add ACPI device for Windows laptop/slate mode switch',
    effect: 'acpi_laptop_slate=1 adds an SSDT, one built-in more',
    evidence: 'code',
  },
  {
    change: XenChange.EnclosureAssetTag, since: { major: 4, minor: 10, patch: 0 }, commits: ['cd3ed39b9d'],
    title: 'hvmloader: support system enclosure asset tag (SMBIOS type 3)',
    effect: 'generated type 3 carries bios-strings/enclosure-asset-tag',
    evidence: 'run',
  },
  {
    change: XenChange.Smbios24Fields, since: { major: 4, minor: 10, patch: 0 }, commits: ['98df75f278'],
    title: 'hvmloader: add fields for SMBIOS 2.4 compliance',
    effect: 'generated type 3 grows 13 → 21 bytes, type 4 26 → 35 (cache handles 0xFFFF), type 17 21 → 27',
    evidence: 'run',
  },
  {
    change: XenChange.E820BeforeModules, since: { major: 4, minor: 11, patch: 0 }, commits: ['f76d81d6e8'],
    title: 'libxl/x86: Build e820 map earlier for HVM/PVH guests',
    effect: 'with acpi_firmware=, the e820 may get an NVS entry at address 0 of the blob\'s length (the blob has no address yet); UNVERIFIED at runtime',
    evidence: 'code',
  },
  {
    change: XenChange.BaseboardFromKeys, since: { major: 4, minor: 13, patch: 0 }, commits: ['704caeb93c'],
    title: 'hvmloader: add SMBIOS type 2 info for customized string',
    effect: 'a 15-byte type 2 is generated when a baseboard-* key is set and no type 2 is passed',
    evidence: 'run',
  },
  {
    change: XenChange.Tpm2, since: { major: 4, minor: 18, patch: 0 }, commits: ['5828b94b25', 'fb751d9a24'],
    title: 'acpi: make TPM version configurable / acpi: add TPM2 interface definition',
    effect: 'platform/tpm_version=2 with a CRB TPM gives SSDT_TPM2 + TPM2; before, only TPM 1.2 (TIS) was described',
    evidence: 'code',
  },
  {
    change: XenChange.MinimumLengths, since: { major: 4, minor: 21, patch: 0 },
    backports: [{ major: 4, minor: 19, patch: 4 }, { major: 4, minor: 20, patch: 2 }], commits: ['2f7d52f016', 'c275e90b3c', '9eb436c461'],
    title: 'hvmloader: fix SMBIOS table length checks',
    effect: 'a passed structure shorter (separator length) than its type minimum is ignored; type 2 chassis handle rewritten at header length ≥ 13 instead of > 13',
    evidence: 'run',
  },
  {
    change: XenChange.MoreSmbiosTypes, since: { major: 4, minor: 21, patch: 0 }, commits: ['9f114abb37'],
    title: 'hvmloader: add new SMBIOS tables (7, 8, 9, 26, 27, 28)',
    effect: 'first structure of types 7, 8, 9, 26, 27, 28 passed through with handle type << 8',
    evidence: 'run',
  },
];

/** The point release in a version's extra string: `.1` → 1; `-unstable`, `-rc1` → 0. */
function patchOf(xen: XenVersion): number {
  const m = /^\.(\d+)/.exec(xen.extra);
  return m ? Number(m[1]) : 0;
}

function atOrAfter(xen: XenVersion, r: XenRelease): boolean {
  if (xen.major !== r.major) return xen.major > r.major;
  if (xen.minor !== r.minor) return xen.minor > r.minor;
  return patchOf(xen) >= r.patch;
}

function reached(xen: XenVersion, row: XenBehaviourChange): boolean {
  return atOrAfter(xen, row.since) || (row.backports ?? []).some((b) => xen.major === b.major && xen.minor === b.minor && patchOf(xen) >= b.patch);
}

/** True when Xen `xen` has behaviour change `change` (unknown names never match). */
export function hasChange(xen: XenVersion, change: XenChange): boolean {
  const row = XEN_BEHAVIOUR_CHANGES.find((c) => c.change === change);
  return row !== undefined && reached(xen, row);
}

/** The behaviour changes in force for `xen`, oldest first. */
export function changesIn(xen: XenVersion): XenBehaviourChange[] {
  return XEN_BEHAVIOUR_CHANGES.filter((c) => reached(xen, c));
}

/** The releases `--xen` names (`xl info` prints the running one as `xen_version`), oldest first. */
export const XEN_RELEASES: readonly string[] = [
  '4.3', '4.4', '4.5', '4.6', '4.7', '4.8', '4.9', '4.10', '4.11', '4.12', '4.13', '4.14', '4.15', '4.16',
  '4.17', '4.18', '4.19', '4.20', '4.21', '4.22', '4.23-dev',
];
