// DSP0134 §7.18 Memory Device (Type 17). Text follows dmidecode 3.4 case 17.
import { indexFields } from './fields.js';
import { memoryDeviceFormFactor, memoryDeviceType, memoryDeviceTypeDetail, memoryOperatingModeCapability, memoryTechnology } from './names.js';
import { errorHandleText } from './type16-physical-memory-array.js';
import { formatMemorySize, hexN, lookupName, nameOr, OUT_OF_SPEC, printFlags, type FieldSpec, type StructView } from './view.js';

/** Type 17 offset table. */
export const MEMORY_DEVICE_FIELDS = [
  { name: 'physicalMemoryArrayHandle', offset: 0x04, kind: 'handle', since: '2.1' },
  { name: 'memoryErrorInformationHandle', offset: 0x06, kind: 'handle', since: '2.1' },
  { name: 'totalWidth', offset: 0x08, kind: 'u16', since: '2.1' },
  { name: 'dataWidth', offset: 0x0a, kind: 'u16', since: '2.1' },
  { name: 'size', offset: 0x0c, kind: 'u16', since: '2.1' },
  { name: 'formFactor', offset: 0x0e, kind: 'u8', since: '2.1' },
  { name: 'deviceSet', offset: 0x0f, kind: 'u8', since: '2.1' },
  { name: 'deviceLocator', offset: 0x10, kind: 'string', since: '2.1' },
  { name: 'bankLocator', offset: 0x11, kind: 'string', since: '2.1' },
  { name: 'memoryType', offset: 0x12, kind: 'u8', since: '2.1' },
  { name: 'typeDetail', offset: 0x13, kind: 'u16', since: '2.1' },
  { name: 'speed', offset: 0x15, kind: 'u16', since: '2.3' },
  { name: 'manufacturer', offset: 0x17, kind: 'string', since: '2.3' },
  { name: 'serialNumber', offset: 0x18, kind: 'string', since: '2.3', sensitive: 'serial' },
  { name: 'assetTag', offset: 0x19, kind: 'string', since: '2.3', sensitive: 'asset-tag' },
  { name: 'partNumber', offset: 0x1a, kind: 'string', since: '2.3', sensitive: 'part-number' },
  { name: 'attributes', offset: 0x1b, kind: 'u8', since: '2.6' },
  { name: 'extendedSize', offset: 0x1c, kind: 'u32', since: '2.7' },
  { name: 'configuredMemorySpeed', offset: 0x20, kind: 'u16', since: '2.7' },
  { name: 'minimumVoltage', offset: 0x22, kind: 'u16', since: '2.8' },
  { name: 'maximumVoltage', offset: 0x24, kind: 'u16', since: '2.8' },
  { name: 'configuredVoltage', offset: 0x26, kind: 'u16', since: '2.8' },
  { name: 'memoryTechnology', offset: 0x28, kind: 'u8', since: '3.2' },
  { name: 'memoryOperatingModeCapability', offset: 0x29, kind: 'u16', since: '3.2' },
  { name: 'firmwareVersion', offset: 0x2b, kind: 'string', since: '3.2' },
  { name: 'moduleManufacturerId', offset: 0x2c, kind: 'u16', since: '3.2' },
  { name: 'moduleProductId', offset: 0x2e, kind: 'u16', since: '3.2' },
  { name: 'memorySubsystemControllerManufacturerId', offset: 0x30, kind: 'u16', since: '3.2' },
  { name: 'memorySubsystemControllerProductId', offset: 0x32, kind: 'u16', since: '3.2' },
  { name: 'nonVolatileSize', offset: 0x34, kind: 'u64', since: '3.2' },
  { name: 'volatileSize', offset: 0x3c, kind: 'u64', since: '3.2' },
  { name: 'cacheSize', offset: 0x44, kind: 'u64', since: '3.2' },
  { name: 'logicalSize', offset: 0x4c, kind: 'u64', since: '3.2' },
  { name: 'extendedSpeed', offset: 0x54, kind: 'u32', since: '3.3' },
  { name: 'extendedConfiguredMemorySpeed', offset: 0x58, kind: 'u32', since: '3.3' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(MEMORY_DEVICE_FIELDS);

function width(code: number): string {
  // No module installed may read 0.
  return code === 0xffff || code === 0 ? 'Unknown' : `${code} bits`;
}

function deviceSize(code: number): string {
  if (code === 0) return 'No Module Installed';
  if (code === 0xffff) return 'Unknown';
  // Bit 15 set: the value is in kB, else in MB.
  const kb = code & 0x8000 ? code & 0x7fff : (code & 0x7fff) << 10;
  return formatMemorySize(BigInt(kb), 1);
}

function extendedSize(code: number): string {
  const mb = code & 0x7fffffff;
  // The largest unit that shows the value exactly.
  if (mb & 0x3ff) return `${mb} MB`;
  if (mb & 0xffc00) return `${mb >>> 10} GB`;
  return `${mb >>> 20} TB`;
}

function speed(code1: number, code2: number): string {
  if (code1 === 0xffff) return code2 === 0 ? 'Unknown' : `${code2} MT/s`;
  return code1 === 0 ? 'Unknown' : `${code1} MT/s`;
}

/** dmidecode's `dmi_memory_voltage_value` (millivolts shown as volts, C `%g` or `%.1f`). */
export function voltage(code: number): string {
  if (code === 0) return 'Unknown';
  const volts = code / 1000;
  return code % 100 ? `${Number(volts.toPrecision(6))} V` : `${volts.toFixed(1)} V`;
}

function manufacturerId(code: number): string {
  // Low byte: JEDEC continuation count (7 bits + parity); high byte: the manufacturer code.
  return code === 0 ? 'Unknown' : `Bank ${(code & 0x7f) + 1}, Hex 0x${hexN(code >> 8, 2)}`;
}

function productId(code: number): string {
  return code === 0 ? 'Unknown' : `0x${hexN(code, 4)}`;
}

/** dmidecode's `dmi_memory_size`: all ones Unknown, 0 None, else bytes in the largest unit(s). */
export function memorySize(code: bigint): string {
  if (code === 0xffffffffffffffffn) return 'Unknown';
  if (code === 0n) return 'None';
  return formatMemorySize(code, 0);
}

/** Prints type 17 as dmidecode does. */
export function formatMemoryDevice(v: StructView): void {
  v.title('Memory Device');
  if (v.length < 0x15) return;
  v.attr('Array Handle', `0x${hexN(v.u16(F.physicalMemoryArrayHandle.offset), 4)}`);
  v.attr('Error Information Handle', errorHandleText(v.u16(F.memoryErrorInformationHandle.offset)));
  v.attr('Total Width', width(v.u16(F.totalWidth.offset)));
  v.attr('Data Width', width(v.u16(F.dataWidth.offset)));
  const size = v.u16(F.size.offset);
  v.attr('Size', v.length >= 0x20 && size === 0x7fff ? extendedSize(v.u32(F.extendedSize.offset)) : deviceSize(size));
  v.attr('Form Factor', nameOr(memoryDeviceFormFactor, v.u8(F.formFactor.offset)));
  const set = v.u8(F.deviceSet.offset);
  v.attr('Set', set === 0 ? 'None' : set === 0xff ? 'Unknown' : set);
  v.attr('Locator', v.strField(F.deviceLocator));
  v.attr('Bank Locator', v.strField(F.bankLocator));
  v.attr('Type', nameOr(memoryDeviceType, v.u8(F.memoryType.offset)));
  printFlags(v, 'Type Detail', memoryDeviceTypeDetail, v.u16(F.typeDetail.offset), { mask: 0xfffe, from: 1, to: 15, flat: true });
  if (v.length < 0x17) return;
  // With no module present the remaining fields are irrelevant.
  if (size === 0) return;
  v.attr('Speed', speed(v.u16(F.speed.offset), v.length >= 0x5c ? v.u32(F.extendedSpeed.offset) : 0));
  if (v.length < 0x1b) return;
  v.attr('Manufacturer', v.strField(F.manufacturer));
  v.attr('Serial Number', v.strField(F.serialNumber));
  v.attr('Asset Tag', v.strField(F.assetTag));
  v.attr('Part Number', v.strField(F.partNumber));
  if (v.length < 0x1c) return;
  const rank = v.u8(F.attributes.offset) & 0x0f;
  v.attr('Rank', rank === 0 ? 'Unknown' : rank);
  if (v.length < 0x22) return;
  v.attr('Configured Memory Speed', speed(v.u16(F.configuredMemorySpeed.offset), v.length >= 0x5c ? v.u32(F.extendedConfiguredMemorySpeed.offset) : 0));
  if (v.length < 0x28) return;
  v.attr('Minimum Voltage', voltage(v.u16(F.minimumVoltage.offset)));
  v.attr('Maximum Voltage', voltage(v.u16(F.maximumVoltage.offset)));
  v.attr('Configured Voltage', voltage(v.u16(F.configuredVoltage.offset)));
  if (v.length < 0x34) return;
  v.attr('Memory Technology', lookupName(memoryTechnology, v.u8(F.memoryTechnology.offset)) ?? OUT_OF_SPEC);
  printFlags(v, 'Memory Operating Mode Capability', memoryOperatingModeCapability, v.u16(F.memoryOperatingModeCapability.offset), { mask: 0xfffe, from: 1, to: 5, flat: true });
  v.attr('Firmware Version', v.strField(F.firmwareVersion));
  v.attr('Module Manufacturer ID', manufacturerId(v.u16(F.moduleManufacturerId.offset)));
  v.attr('Module Product ID', productId(v.u16(F.moduleProductId.offset)));
  v.attr('Memory Subsystem Controller Manufacturer ID', manufacturerId(v.u16(F.memorySubsystemControllerManufacturerId.offset)));
  v.attr('Memory Subsystem Controller Product ID', productId(v.u16(F.memorySubsystemControllerProductId.offset)));
  if (v.length < 0x3c) return;
  v.attr('Non-Volatile Size', memorySize(v.u64(F.nonVolatileSize.offset)));
  if (v.length < 0x44) return;
  v.attr('Volatile Size', memorySize(v.u64(F.volatileSize.offset)));
  if (v.length < 0x4c) return;
  v.attr('Cache Size', memorySize(v.u64(F.cacheSize.offset)));
  if (v.length < 0x54) return;
  v.attr('Logical Size', memorySize(v.u64(F.logicalSize.offset)));
}
