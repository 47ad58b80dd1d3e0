import { ErrorCode, FormatError } from '@hvmpack/bytes';

/** The system firmware hvmloader hands over to (xl `bios=`); ROMBIOS and OVMF share the 0xEB000 SMBIOS window. */
export const Firmware = { SeaBIOS: 'seabios', OVMF: 'ovmf', ROMBIOS: 'rombios' } as const;
/** One of {@link Firmware}'s values. */
export type Firmware = (typeof Firmware)[keyof typeof Firmware];

/** A Xen release as hvmloader reports it: `XENVER_version` major/minor plus `XENVER_extraversion`. */
export interface XenVersion {
  major: number;
  minor: number;
  /** Extra version string, e.g. `.0` or `-unstable`; part of the generated type 0/1 version strings. */
  extra: string;
}

/** The newest Xen release (`xl info` prints the one a host runs as `xen_version`). */
export const DEFAULT_XEN_VERSION: XenVersion = { major: 4, minor: 22, extra: '.0' };

/**
 * Parses what `xl info` prints as `xen_version` (`4.17.0`, `4.21.1-pre`, `4.23-unstable`) or a
 * short form (`4.22`, taken as the `.0` release; `4.23-dev`, taken as the development tree, which
 * reports `-unstable`) into a {@link XenVersion}; pass-through exists since 4.3.
 */
export function parseXenVersion(text: string): XenVersion {
  const m = /^(\d+)\.(\d+)(.*)$/.exec(text.trim());
  if (!m) throw new FormatError(ErrorCode.BadValue, 'not a Xen version', { expected: 'MAJOR.MINOR such as 4.22', found: JSON.stringify(text) });
  const extra = m[3] === '' ? '.0' : m[3] === '-dev' ? '-unstable' : m[3]!;
  const v: XenVersion = { major: Number(m[1]), minor: Number(m[2]), extra };
  if (!atLeast(v, 4, 3)) {
    throw new FormatError(ErrorCode.BadValue, 'SMBIOS/ACPI pass-through needs Xen 4.3 or later', { found: `${v.major}.${v.minor}` });
  }
  return v;
}

/** True when `v` is at least `major.minor`. */
export function atLeast(v: XenVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

/** `maj.min` + extraversion, the string hvmloader puts in generated type 0 and type 1. */
export function xenVersionString(v: XenVersion): string {
  return `${v.major}.${v.minor}${v.extra}`;
}

/**
 * Everything about the guest that changes what hvmloader builds. Defaults are a default xl HVM
 * guest (xen.md §11: APIC, HPET, S3/S4 on, no battery, no TPM).
 */
export interface Guest {
  firmware: Firmware;
  xen: XenVersion;
  /** `hvm_info->nr_vcpus`: one generated type 4 per vCPU. */
  vcpus: number;
  /**
   * Guest RAM in MiB as hvmloader's `get_memsize()` sees it (xl `memory=` less video RAM: 1016
   * for `memory=1024` with the default VGA); one 17/19/20 set per 16 GiB of the total.
   */
  memoryMiB: number;
  /**
   * The part of {@link memoryMiB} below 4 GiB (`hvm_info->low_mem_pgend`); the rest sits above
   * 4 GiB. Null: min(memory, 3840 MiB), libxl's default 256 MiB MMIO hole. hvmloader's SMBIOS
   * adds the two halves back together, so only the total reaches the tables.
   */
  memoryBelow4GMiB: number | null;
  /** `bios-strings/<key>` values (xen.md §2.8 names, e.g. `system-manufacturer`, `oem-1`). */
  biosStrings: Readonly<Record<string, string>>;
  /** `hvm_info->apic_mode` (xl default 1): MADT is built when set or with more than one vCPU. */
  apicMode: boolean;
  /** HPET present (xl `hpet=1`, default): adds the HPET table. */
  hpet: boolean;
  /** `platform/acpi_s3` (default on): adds SSDT_S3. */
  acpiS3: boolean;
  /** `platform/acpi_s4` (default on): adds SSDT_S4. */
  acpiS4: boolean;
  /** Battery port 0x88 reads 0x1F (xl `battery=1`): adds SSDT_PM. */
  battery: boolean;
  /** `platform/acpi_laptop_slate` (default off): adds the laptop/slate SSDT. */
  laptopSlate: boolean;
  /** TPM the device model provides: 1 adds SSDT_TPM + TCPA, 2 adds SSDT_TPM2 + TPM2. */
  tpm: 0 | 1 | 2;
  /** vNUMA configured: adds SRAT + SLIT. */
  vnuma: boolean;
  /** `platform/acpi` is "1" (default); otherwise the guest gets no ACPI at all. */
  acpi: boolean;
  /** `hvmloader/smbios/default_battery` starts with "1" (libxl never writes it): generated type 22. */
  defaultBattery: boolean;
  /** Domain UUID (`XENVER_guest_handle`): type 1 UUID and default serial. */
  uuid: string;
  /**
   * What the guest's CPUID shows, for generated type 4: `vendor` is the leaf-0 vendor ID
   * (`GenuineIntel`, `AuthenticAMD`, …; hvmloader writes `Intel`, `AMD` or `unknown`),
   * `signatureEax`/`featuresEdx` leaf 1's EAX and EDX, `mhz` what `get_cpu_mhz()` measures.
   */
  cpu: { vendor: string; signatureEax: number; featuresEdx: number; mhz: number };
  /** hvmloader's build date (`__SMBIOS_DATE__`, mm/dd/yyyy) used in generated type 0 and 22. */
  buildDate: string;
}

/** A default xl HVM guest on the newest modelled Xen with SeaBIOS, 1 vCPU and 1 GiB. */
export const DEFAULT_GUEST: Guest = {
  firmware: Firmware.SeaBIOS,
  xen: DEFAULT_XEN_VERSION,
  vcpus: 1,
  memoryMiB: 1024,
  memoryBelow4GMiB: null,
  biosStrings: {},
  apicMode: true,
  hpet: true,
  acpiS3: true,
  acpiS4: true,
  battery: false,
  laptopSlate: false,
  tpm: 0,
  vnuma: false,
  acpi: true,
  defaultBattery: false,
  uuid: '00000000-0000-0000-0000-000000000000',
  cpu: { vendor: 'GenuineIntel', signatureEax: 0, featuresEdx: 0, mhz: 0 },
  buildDate: '01/01/2025',
};

/** True when `text` is a domain UUID as xl prints it: 32 hex digits, 8-4-4-4-12 (dashes optional). */
export function isDomainUuid(text: string): boolean {
  return /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/.test(text);
}

/** A full guest config from a partial one, checked for values hvmloader cannot take. */
export function resolveGuest(partial: Partial<Guest> = {}): Guest {
  const c: Guest = { ...DEFAULT_GUEST, ...partial };
  // HVM_MAX_VCPUS is 128; hvm_info_table's vcpu_online bitmap has 128 bits.
  if (!Number.isInteger(c.vcpus) || c.vcpus < 1 || c.vcpus > 128) {
    throw new FormatError(ErrorCode.BadValue, 'vCPU count out of range', { path: 'guest.vcpus', expected: '1..128', found: String(c.vcpus) });
  }
  if (!Number.isInteger(c.memoryMiB) || c.memoryMiB < 2 || c.memoryMiB > 16 * 1024 * 1024) {
    throw new FormatError(ErrorCode.BadValue, 'guest memory out of range', { path: 'guest.memoryMiB', expected: '2..16777216 MiB', found: String(c.memoryMiB) });
  }
  if (!isDomainUuid(c.uuid)) {
    throw new FormatError(ErrorCode.BadValue, 'not a domain UUID', { path: 'guest.uuid', expected: '32 hex digits, 8-4-4-4-12', found: JSON.stringify(c.uuid) });
  }
  const below = c.memoryBelow4GMiB;
  // hvmloader BUG()s below 2 MiB of low RAM; above 4096 − 16 MiB the low part would overlap the
  // fixed reserved area below 4 GiB.
  if (below !== null && (!Number.isInteger(below) || below < 2 || below > Math.min(c.memoryMiB, 4080))) {
    throw new FormatError(ErrorCode.BadValue, 'memory below 4 GiB out of range', { path: 'guest.memoryBelow4GMiB', expected: `2..${Math.min(c.memoryMiB, 4080)} MiB`, found: String(below) });
  }
  return c;
}

/** libxl's default MMIO hole below 4 GiB (`HVM_BELOW_4G_MMIO_LENGTH`, 256 MiB): RAM above 3840 MiB goes above 4 GiB. */
export const DEFAULT_LOW_MEMORY_LIMIT_MIB = 3840;

/** Guest RAM below and above 4 GiB, as `hvm_info` low_mem_pgend/high_mem_pgend describe it. */
export function memorySplit(g: Guest): { below4GMiB: number; above4GMiB: number } {
  const below = g.memoryBelow4GMiB ?? Math.min(g.memoryMiB, DEFAULT_LOW_MEMORY_LIMIT_MIB);
  return { below4GMiB: below, above4GMiB: g.memoryMiB - below };
}

/** Every `bios-strings/*` key hvmloader reads (xen.md §2.8), `oem-N` excepted. */
export const BIOS_STRING_KEYS = [
  'bios-vendor', 'bios-version',
  'system-manufacturer', 'system-product-name', 'system-version', 'system-serial-number',
  'baseboard-manufacturer', 'baseboard-product-name', 'baseboard-version', 'baseboard-serial-number',
  'baseboard-asset-tag', 'baseboard-location-in-chassis',
  'enclosure-manufacturer', 'enclosure-serial-number', 'enclosure-asset-tag',
  'battery-manufacturer', 'battery-device-name',
] as const;

/** True when `key` is a `bios-strings/*` name hvmloader reads (`oem-1`…`oem-99` included). */
export function isBiosStringKey(key: string): boolean {
  if ((BIOS_STRING_KEYS as readonly string[]).includes(key)) return true;
  const m = /^oem-([1-9]\d?)$/.exec(key);
  return m !== null;
}
