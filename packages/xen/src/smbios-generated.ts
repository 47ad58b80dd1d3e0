import { ByteWriter } from '@hvmpack/bytes';
import { xenVersionString, type Guest } from '@hvmpack/guest';
import { encodeUuid } from '@hvmpack/smbios';
import { hasChange, XenChange } from './versions.js';

// hvmloader `memcpy`s `xen_domain_handle_t` unswapped: the bytes in text order, which is how
// encodeUuid stores a UUID for versions before 2.6.
const DOMAIN_HANDLE_ORDER = 0x0205;

/**
 * The structures hvmloader writes itself (`smbios.c` `smbios_type_N_init`), byte for byte as far
 * as xen.md §3.2 and `smbios_types.h` describe them. Strings come from `bios-strings/*`, with
 * hvmloader's defaults; an empty value counts as missing (xl rejects empty values anyway).
 */

function key(cfg: Guest, name: string): string | undefined {
  const v = cfg.biosStrings[name];
  return v === undefined || v === '' ? undefined : v;
}

/** Header + formatted fields via `fill`, then the string set (two NULs when empty). */
function structure(type: number, length: number, handle: number, fill: (w: ByteWriter) => void, strings: readonly string[]): Uint8Array {
  const w = new ByteWriter(64);
  w.u8(type).u8(length).u16(handle);
  fill(w);
  if (w.length !== length) throw new Error(`internal: type ${type} formatted area is ${w.length}, expected ${length}`);
  if (strings.length === 0) w.u16(0);
  else {
    for (const s of strings) w.cstring(s);
    w.u8(0);
  }
  return w.finish();
}

/** Generated type 0 (24-byte formatted area, handle 0x0000). */
export function generateType0(cfg: Guest): Uint8Array {
  return structure(0, 24, 0x0000, (w) => {
    w.u8(1).u8(2).u16(0xe800).u8(3).u8(0);
    // Characteristics: PCI (byte 0 bit 7) and EDD (byte 2 bit 3); extension byte 2: targeted content distribution.
    w.bytes(Uint8Array.of(0x80, 0, 0x08, 0, 0, 0, 0, 0)).u8(0).u8(0x04);
    w.u8(cfg.xen.major & 0xff).u8(cfg.xen.minor & 0xff).u8(0xff).u8(0xff);
  }, [key(cfg, 'bios-vendor') ?? 'Xen', key(cfg, 'bios-version') ?? xenVersionString(cfg.xen), cfg.buildDate]);
}

/** hvmloader's `uuid_to_string`: the 16 handle bytes in order, lower-case hex, 8-4-4-4-12. */
export function uuidText(bytes: Uint8Array): string {
  const h = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Generated type 1 (27 bytes, handle 0x0100): serial defaults to the domain UUID string. */
export function generateType1(cfg: Guest): Uint8Array {
  const uuid = encodeUuid(cfg.uuid, DOMAIN_HANDLE_ORDER, 'guest.uuid');
  return structure(1, 27, 0x0100, (w) => {
    w.u8(1).u8(2).u8(3).u8(4).bytes(uuid).u8(0x06).u8(0).u8(0);
  }, [
    key(cfg, 'system-manufacturer') ?? 'Xen',
    key(cfg, 'system-product-name') ?? 'HVM domU',
    key(cfg, 'system-version') ?? xenVersionString(cfg.xen),
    key(cfg, 'system-serial-number') ?? uuidText(uuid),
  ]);
}

const BASEBOARD_KEYS = ['baseboard-manufacturer', 'baseboard-product-name', 'baseboard-version', 'baseboard-serial-number', 'baseboard-asset-tag'] as const;

/** True when hvmloader generates a type 2: Xen 4.13+ (704caeb93c) and a non-empty `baseboard-*` key. */
export function generatesType2(cfg: Guest): boolean {
  return hasChange(cfg.xen, XenChange.BaseboardFromKeys) && [...BASEBOARD_KEYS, 'baseboard-location-in-chassis'].some((k) => key(cfg, k) !== undefined);
}

/**
 * Generated type 2 (15 bytes, handle 0x0200, feature flags 0x09, board type 0x0A, chassis
 * 0x0300); each non-empty key gets the next string number (string layout inferred, xen.md §3.2).
 */
export function generateType2(cfg: Guest): Uint8Array {
  const strings: string[] = [];
  const ref = (name: string): number => {
    const v = key(cfg, name);
    if (v === undefined) return 0;
    strings.push(v);
    return strings.length;
  };
  const refs = BASEBOARD_KEYS.map(ref);
  const location = ref('baseboard-location-in-chassis');
  return structure(2, 15, 0x0200, (w) => {
    for (const r of refs) w.u8(r);
    w.u8(0x09).u8(location).u16(0x0300).u8(0x0a).u8(0);
  }, strings);
}

/**
 * Generated type 3 (handle 0x0300): manufacturer, optional serial and (4.10+) asset tag; 13
 * bytes, 21 from 4.10 (OEM-defined, height, power cords and contained-element fields, all 0).
 */
export function generateType3(cfg: Guest): Uint8Array {
  const strings = [key(cfg, 'enclosure-manufacturer') ?? 'Xen'];
  const serial = key(cfg, 'enclosure-serial-number');
  const serialRef = serial === undefined ? 0 : strings.push(serial);
  const asset = hasChange(cfg.xen, XenChange.EnclosureAssetTag) ? key(cfg, 'enclosure-asset-tag') : undefined;
  const assetRef = asset === undefined ? 0 : strings.push(asset);
  const v24 = hasChange(cfg.xen, XenChange.Smbios24Fields);
  return structure(3, v24 ? 21 : 13, 0x0300, (w) => {
    w.u8(1).u8(0x01).u8(0).u8(serialRef).u8(assetRef).u8(0x03).u8(0x03).u8(0x03).u8(0x02);
    if (v24) w.fill(8);
  }, strings);
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
  return structure(4, v24 ? 35 : 26, 0x0400 + n, (w) => {
    w.u8(1).u8(0x03).u8(0x01).u8(2).u32(cfg.cpu.signatureEax >>> 0).u32(cfg.cpu.featuresEdx >>> 0);
    w.u8(0).u8(0).u16(0).u16(cfg.cpu.mhz & 0xffff).u16(cfg.cpu.mhz & 0xffff).u8(0x41).u8(0x01);
    if (v24) w.u16(0xffff).u16(0xffff).u16(0xffff).u8(0).u8(0).u8(0);
  }, [`CPU ${n}`, cpuManufacturer(cfg.cpu.vendor)]);
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
  return structure(11, 5, 0x0b00, (w) => void w.u8(strings.length), strings);
}

/** Number of 17/19/20 sets: one per started 16 GiB (`(memsize + 0x3fff) >> 14`, memsize in MiB). */
export function memoryDeviceCount(memoryMiB: number): number {
  return Math.floor((memoryMiB + 0x3fff) / 0x4000);
}

/** Generated type 16 (15 bytes, handle 0x1000). */
export function generateType16(cfg: Guest): Uint8Array {
  return structure(16, 15, 0x1000, (w) => {
    w.u8(0x01).u8(0x03).u8(0x06).u32((cfg.memoryMiB * 1024) >>> 0).u16(0xfffe).u16(memoryDeviceCount(cfg.memoryMiB) & 0xffff);
  }, []);
}

/** MiB covered by memory device `i`: 16 GiB each, the last one the remainder. */
export function deviceMiB(memoryMiB: number, i: number): number {
  const n = memoryDeviceCount(memoryMiB);
  return i === n - 1 && memoryMiB % 0x4000 !== 0 ? memoryMiB % 0x4000 : 0x4000;
}

/** Generated type 17 for device `i` (handle 0x1100 + i): 21 bytes, 27 from 4.10 (speed and strings 0). */
export function generateType17(cfg: Guest, i: number): Uint8Array {
  const v24 = hasChange(cfg.xen, XenChange.Smbios24Fields);
  return structure(17, v24 ? 27 : 21, 0x1100 + i, (w) => {
    w.u16(0x1000).u16(0).u16(64).u16(64).u16(deviceMiB(cfg.memoryMiB, i)).u8(0x09).u8(0).u8(1).u8(0).u8(0x07).u16(0);
    if (v24) w.fill(6);
  }, [`DIMM ${i}`]);
}

/** Generated type 19 for device `i` (15 bytes, handle 0x1300 + i); addresses in KiB, 32-bit. */
export function generateType19(cfg: Guest, i: number): Uint8Array {
  const start = (i << 24) >>> 0;
  return structure(19, 15, 0x1300 + i, (w) => {
    w.u32(start).u32((start + deviceMiB(cfg.memoryMiB, i) * 1024 - 1) >>> 0).u16(0x1000).u8(1);
  }, []);
}

/** Generated type 20 for device `i` (19 bytes, handle 0x1400 + i). */
export function generateType20(cfg: Guest, i: number): Uint8Array {
  const start = (i << 24) >>> 0;
  return structure(20, 19, 0x1400 + i, (w) => {
    w.u32(start).u32((start + deviceMiB(cfg.memoryMiB, i) * 1024 - 1) >>> 0).u16(0x1100 + i).u16(0x1300 + i).u8(1).u8(0).u8(0);
  }, []);
}

/** Generated type 22 (26 bytes, handle 0x1600), only with `hvmloader/smbios/default_battery` = 1. */
export function generateType22(cfg: Guest): Uint8Array {
  return structure(22, 26, 0x1600, (w) => {
    w.u8(1).u8(2).u8(3).u8(0).u8(4).u8(0x02).u16(0).u16(0).u8(0).u8(0xff).u16(0).u16(0).u8(0).u8(0).u32(0);
  }, ['Primary', key(cfg, 'battery-manufacturer') ?? 'Xen', cfg.buildDate, key(cfg, 'battery-device-name') ?? 'XEN-VBAT']);
}

/** Generated type 32 (11 bytes, handle 0x2000): no errors detected. */
export function generateType32(): Uint8Array {
  return structure(32, 11, 0x2000, (w) => void w.fill(7), []);
}

/** Generated type 127 (4 bytes, handle 0x7F00): end of table. */
export function generateType127(): Uint8Array {
  return structure(127, 4, 0x7f00, () => undefined, []);
}
