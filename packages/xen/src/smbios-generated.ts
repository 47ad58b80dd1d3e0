import { xenVersionString, type Guest } from '@hvmpack/guest';
import { encodeTypedStructure, encodeUuid, versionCode, type SmbiosVersion, type TypedFieldInput, type TypedType } from '@hvmpack/smbios';
import { hasChange, XenChange } from './versions.js';

/**
 * The structures hvmloader writes itself (`smbios.c` `smbios_type_N_init`), byte for byte as far
 * as xen.md §3.2 and `smbios_types.h` describe them, each from its type's field declaration in
 * `@hvmpack/smbios`. Strings come from `bios-strings/*`, with hvmloader's defaults; an empty
 * value counts as missing (xl rejects empty values anyway). Fields not named are 0, as
 * hvmloader's `memset` leaves them. The lengths are hvmloader's struct sizes, which are not a
 * version's declared length (before 4.10, type 4 was 2.0-sized while type 3 was 2.1-sized).
 */

// hvmloader's entry point says 2.4: below 2.6 the UUID is stored in text order, which is how it
// `memcpy`s `xen_domain_handle_t`.
const HVMLOADER_SMBIOS: SmbiosVersion = { major: 2, minor: 4 };

function key(cfg: Guest, name: string): string | undefined {
  const v = cfg.biosStrings[name];
  return v === undefined || v === '' ? undefined : v;
}

/**
 * One generated structure. hvmloader `strcpy`s one string per string field in field order, so
 * repeated texts are not shared (distinct strings); absent ones are string 0.
 */
function generate<T extends TypedType>(type: T, handle: number, length: number, fields: TypedFieldInput<T>): Uint8Array {
  return encodeTypedStructure(type, fields, { handle, length, version: HVMLOADER_SMBIOS, distinctStrings: true });
}

/** Generated type 0 (24-byte formatted area, handle 0x0000). */
export function generateType0(cfg: Guest): Uint8Array {
  return generate(0, 0x0000, 24, {
    vendor: key(cfg, 'bios-vendor') ?? 'Xen',
    version: key(cfg, 'bios-version') ?? xenVersionString(cfg.xen),
    startingAddressSegment: 0xe800,
    releaseDate: cfg.buildDate,
    // PCI (bit 7) and EDD (bit 19); extension byte 2: targeted content distribution.
    characteristics: 0x80080n,
    characteristicsExt2: 0x04,
    biosMajorRelease: cfg.xen.major & 0xff,
    biosMinorRelease: cfg.xen.minor & 0xff,
    firmwareMajorRelease: 0xff,
    firmwareMinorRelease: 0xff,
  });
}

/** hvmloader's `uuid_to_string`: the 16 handle bytes in order, lower-case hex, 8-4-4-4-12. */
export function uuidText(bytes: Uint8Array): string {
  const h = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Generated type 1 (27 bytes, handle 0x0100): serial defaults to the domain UUID string. */
export function generateType1(cfg: Guest): Uint8Array {
  return generate(1, 0x0100, 27, {
    manufacturer: key(cfg, 'system-manufacturer') ?? 'Xen',
    productName: key(cfg, 'system-product-name') ?? 'HVM domU',
    version: key(cfg, 'system-version') ?? xenVersionString(cfg.xen),
    // The handle's bytes as text, also for the all-zero handle (which dmidecode calls Not Settable).
    serialNumber: key(cfg, 'system-serial-number') ?? uuidText(encodeUuid(cfg.uuid, versionCode(HVMLOADER_SMBIOS), 'guest.uuid')),
    uuid: cfg.uuid,
    wakeUpType: 0x06,
  });
}

/** xl's `bios-strings` key for each type 2 string field hvmloader fills (704caeb93c). */
const BASEBOARD_KEYS = {
  manufacturer: 'baseboard-manufacturer',
  product: 'baseboard-product-name',
  version: 'baseboard-version',
  serialNumber: 'baseboard-serial-number',
  assetTag: 'baseboard-asset-tag',
  locationInChassis: 'baseboard-location-in-chassis',
} as const;

/** True when hvmloader generates a type 2: Xen 4.13+ (704caeb93c) and a non-empty `baseboard-*` key. */
export function generatesType2(cfg: Guest): boolean {
  return hasChange(cfg.xen, XenChange.BaseboardFromKeys) && Object.values(BASEBOARD_KEYS).some((k) => key(cfg, k) !== undefined);
}

/**
 * Generated type 2 (15 bytes, handle 0x0200, feature flags 0x09, board type 0x0A, chassis
 * 0x0300); each non-empty key gets the next string number (string layout inferred, xen.md §3.2).
 */
export function generateType2(cfg: Guest): Uint8Array {
  const strings: TypedFieldInput<2> = {};
  for (const [field, name] of Object.entries(BASEBOARD_KEYS)) strings[field as keyof typeof BASEBOARD_KEYS] = key(cfg, name) ?? null;
  return generate(2, 0x0200, 15, { ...strings, featureFlags: 0x09, chassisHandle: 0x0300, boardType: 0x0a });
}

/**
 * Generated type 3 (handle 0x0300): manufacturer, optional serial and (4.10+) asset tag; 13
 * bytes, 21 from 4.10 (OEM-defined, height, power cords and contained-element fields, all 0).
 */
export function generateType3(cfg: Guest): Uint8Array {
  const v24 = hasChange(cfg.xen, XenChange.Smbios24Fields);
  return generate(3, 0x0300, v24 ? 21 : 13, {
    manufacturer: key(cfg, 'enclosure-manufacturer') ?? 'Xen',
    chassisType: 0x01,
    serialNumber: key(cfg, 'enclosure-serial-number') ?? null,
    assetTag: (hasChange(cfg.xen, XenChange.EnclosureAssetTag) ? key(cfg, 'enclosure-asset-tag') : undefined) ?? null,
    bootUpState: 0x03,
    powerSupplyState: 0x03,
    thermalState: 0x03,
    securityStatus: 0x02,
  });
}

/** The manufacturer string `get_cpu_manufacturer()` derives from the CPUID leaf-0 vendor ID. */
export function cpuManufacturer(vendorId: string): string {
  return vendorId === 'GenuineIntel' ? 'Intel' : vendorId === 'AuthenticAMD' ? 'AMD' : 'unknown';
}

/**
 * Generated type 4 for vCPU `n` (1-based, handle 0x0400 + n): 26 bytes, 35 from 4.10 (cache
 * handles 0xFFFF, no serial/asset/part strings). Processor ID = CPUID leaf 1 EAX then EDX.
 */
export function generateType4(cfg: Guest, n: number): Uint8Array {
  const v24 = hasChange(cfg.xen, XenChange.Smbios24Fields);
  const mhz = cfg.cpu.mhz & 0xffff;
  const fields: TypedFieldInput<4> = {
    socketDesignation: `CPU ${n}`,
    processorType: 0x03,
    processorFamily: 0x01,
    processorManufacturer: cpuManufacturer(cfg.cpu.vendor),
    processorId: (BigInt(cfg.cpu.featuresEdx >>> 0) << 32n) | BigInt(cfg.cpu.signatureEax >>> 0),
    maxSpeed: mhz,
    currentSpeed: mhz,
    status: 0x41,
    processorUpgrade: 0x01,
  };
  // The cache handles are past the 26 bytes before 4.10; the encoder refuses fields a length cannot hold.
  if (v24) fields.l1CacheHandle = fields.l2CacheHandle = fields.l3CacheHandle = 0xffff;
  return generate(4, 0x0400 + n, v24 ? 35 : 26, fields);
}

/**
 * The `oem-1`… strings hvmloader reads: it stops at the first missing or empty key (max 99).
 * Xen 4.3.0 asked for `oem-01`…, names xl never writes.
 */
export function oemStrings(cfg: Guest): string[] {
  const out: string[] = [];
  const padded = !hasChange(cfg.xen, XenChange.OemKeysUnpadded);
  for (let i = 1; i < 100; i++) {
    const v = key(cfg, `oem-${padded ? String(i).padStart(2, '0') : i}`);
    if (v === undefined) break;
    out.push(v);
  }
  return out;
}

/** Generated type 11 (5 bytes, handle 0x0B00): `oem-N` strings, or the single string "Xen". */
export function generateType11(cfg: Guest): Uint8Array {
  const strings = oemStrings(cfg);
  if (strings.length === 0) strings.push('Xen');
  return generate(11, 0x0b00, 5, { count: strings.length, strings });
}

/** Number of 17/19/20 sets: one per started 16 GiB (`(memsize + 0x3fff) >> 14`, memsize in MiB). */
export function memoryDeviceCount(memoryMiB: number): number {
  return Math.floor((memoryMiB + 0x3fff) / 0x4000);
}

/** Generated type 16 (15 bytes, handle 0x1000). */
export function generateType16(cfg: Guest): Uint8Array {
  return generate(16, 0x1000, 15, {
    location: 0x01,
    use: 0x03,
    memoryErrorCorrection: 0x06,
    maximumCapacity: (cfg.memoryMiB * 1024) >>> 0,
    memoryErrorInformationHandle: 0xfffe,
    numberOfMemoryDevices: memoryDeviceCount(cfg.memoryMiB) & 0xffff,
  });
}

/** MiB covered by memory device `i`: 16 GiB each, the last one the remainder. */
export function deviceMiB(memoryMiB: number, i: number): number {
  const n = memoryDeviceCount(memoryMiB);
  return i === n - 1 && memoryMiB % 0x4000 !== 0 ? memoryMiB % 0x4000 : 0x4000;
}

/** Generated type 17 for device `i` (handle 0x1100 + i): 21 bytes, 27 from 4.10 (speed and strings 0). */
export function generateType17(cfg: Guest, i: number): Uint8Array {
  return generate(17, 0x1100 + i, hasChange(cfg.xen, XenChange.Smbios24Fields) ? 27 : 21, {
    physicalMemoryArrayHandle: 0x1000,
    totalWidth: 64,
    dataWidth: 64,
    size: deviceMiB(cfg.memoryMiB, i),
    formFactor: 0x09,
    deviceLocator: `DIMM ${i}`,
    memoryType: 0x07,
  });
}

/** The KiB range device `i` maps (32-bit, as types 19 and 20 hold it): 16 GiB steps from 0. */
function deviceRange(cfg: Guest, i: number): [start: number, end: number] {
  const start = (i << 24) >>> 0;
  return [start, (start + deviceMiB(cfg.memoryMiB, i) * 1024 - 1) >>> 0];
}

/** Generated type 19 for device `i` (15 bytes, handle 0x1300 + i). */
export function generateType19(cfg: Guest, i: number): Uint8Array {
  const [startingAddress, endingAddress] = deviceRange(cfg, i);
  return generate(19, 0x1300 + i, 15, { startingAddress, endingAddress, memoryArrayHandle: 0x1000, partitionWidth: 1 });
}

/** Generated type 20 for device `i` (19 bytes, handle 0x1400 + i). */
export function generateType20(cfg: Guest, i: number): Uint8Array {
  const [startingAddress, endingAddress] = deviceRange(cfg, i);
  return generate(20, 0x1400 + i, 19, { startingAddress, endingAddress, memoryDeviceHandle: 0x1100 + i, memoryArrayMappedAddressHandle: 0x1300 + i, partitionRowPosition: 1 });
}

/** Generated type 22 (26 bytes, handle 0x1600), only with `hvmloader/smbios/default_battery` = 1. */
export function generateType22(cfg: Guest): Uint8Array {
  return generate(22, 0x1600, 26, {
    location: 'Primary',
    manufacturer: key(cfg, 'battery-manufacturer') ?? 'Xen',
    manufactureDate: cfg.buildDate,
    deviceName: key(cfg, 'battery-device-name') ?? 'XEN-VBAT',
    deviceChemistry: 0x02,
    maximumErrorInBatteryData: 0xff,
  });
}

/** Generated type 32 (11 bytes, handle 0x2000): no errors detected. */
export function generateType32(): Uint8Array {
  return generate(32, 0x2000, 11, { bootStatus: 0 });
}

/** Generated type 127 (4 bytes, handle 0x7F00): end of table. */
export function generateType127(): Uint8Array {
  return generate(127, 0x7f00, 4, {});
}
