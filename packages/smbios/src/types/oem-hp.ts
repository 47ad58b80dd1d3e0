// HP and HPE ProLiant OEM types as dmidecode 3.4 prints them (`dmioem.c`, `dmi_decode_hp`; the
// layouts come from HPE's SMBIOS documentation and the Linux hpwdt driver). dmidecode decodes
// none of them unless the product name marks a ProLiant-class server, and some only from Gen9 on.
import type { RawStructure } from '../model.js';
import type { OemContext } from './oem-vendor.js';
import { CpuidType, cpuidSignature } from './type4-processor-information.js';
import { formatMemorySize, hexN, type StructView } from './view.js';

/** Server generations as dmidecode numbers them (`dmi_hpegen_t`); Gen10 Plus comes after Gen10. */
const Gen = { G6: 6, G7: 7, G8: 8, G9: 9, G10: 10, G10Plus: 11 } as const;

// First match wins, so "Gen10 Plus" is looked for before "Gen10".
const GENERATION_NAMES: readonly [string, number][] = [
  ['Gen10 Plus', Gen.G10Plus],
  ['Gen10', Gen.G10],
  ['Gen9', Gen.G9],
  ['Gen8', Gen.G8],
  ['G7', Gen.G7],
  ['G6', Gen.G6],
];

/**
 * dmidecode's `dmi_hpegen`: the server generation named in `product`, -1 when the product is no
 * ProLiant, Apollo, Synergy or Edgeline (or is missing, where dmidecode 3.4 would crash). A
 * product naming no generation counts as the newest (HPE) or oldest (HP) dmidecode knows.
 */
export function hpGeneration(product: string | null, hpe: boolean): number {
  if (product === null || !['ProLiant', 'Apollo', 'Synergy', 'Edgeline'].some((n) => product.includes(n))) return -1;
  for (const [name, gen] of GENERATION_NAMES) if (product.includes(name)) return gen;
  return hpe ? Gen.G10Plus : Gen.G6;
}

/** Port number dmidecode reads for a type 233 record: the byte at 0x28 when the record reaches past it, else 0xFF. */
function nicPort(s: RawStructure): number {
  return s.length > 0x28 ? s.formatted[0x28]! : 0xff;
}

/**
 * The NIC numbers dmidecode gives type 233 records whose port number is 0xFF: a counter (one
 * byte, static in dmidecode) incremented for each such record in table order.
 */
export function hpNicNumbers(structures: readonly RawStructure[]): Map<number, number> {
  const out = new Map<number, number>();
  let counter = 0;
  for (const s of structures) {
    if (s.type !== 233 || s.length < 0x0e || nicPort(s) !== 0xff) continue;
    counter = (counter + 1) & 0xff;
    out.set(s.offset, counter);
  }
  return out;
}

const hex2 = (n: number): string => hexN(n, 2).toLowerCase();
const lowerHex = (n: number, width: number): string => hexN(n, width).toLowerCase();
const enabled = (set: number): string => (set ? 'Enabled' : 'Disabled');
const yesNo = (set: number): string => (set ? 'Yes' : 'No');

/** `bus:device.function` from a bus byte and a device/function byte. */
function pciAddress(bus: number, devfn: number): string {
  return `${hex2(bus)}:${hex2(devfn >> 3)}.${(devfn & 7).toString(16)}`;
}

function nameOrReserved(names: readonly string[], code: number): string {
  return names[code] ?? 'Reserved';
}

/** One NIC line (`dmi_print_hp_net_iface_rec`): bus 0 device 0 is disabled, 0xFF/0xFF not installed. */
function printNic(v: StructView, id: number, bus: number, devfn: number, macAt: number): void {
  const name = `NIC ${id}`;
  if (devfn === 0 && bus === 0) v.attr(name, 'Disabled');
  else if (devfn === 0xff && bus === 0xff) v.attr(name, 'Not Installed');
  else {
    const mac = Array.from({ length: 6 }, (_, i) => hexN(v.u8(macAt + i), 2)).join(':');
    v.attr(name, `PCI device ${pciAddress(bus, devfn)}, MAC address ${mac}`);
  }
}

/** A handle reference of type 203: 0xFFFE means none. */
function printAssociated(v: StructView, name: string, handle: number): void {
  v.attr(name, handle === 0xfffe ? 'N/A' : `0x${hexN(handle, 4)}`);
}

/** A PCI ID of type 203: 0xFFFF means no device. */
function printPciId(v: StructView, name: string, id: number): void {
  v.attr(name, id === 0xffff ? 'Device Not Present' : `0x${lowerHex(id, 4)}`);
}

/** A bay or enclosure number of type 203. */
function bayText(n: number): string {
  return n === 0 ? 'Unknown' : n === 0xff ? 'Do Not Display' : String(n);
}

const DEVICE_TYPES = [
  'Unknown', 'Reserved', 'Reserved', 'Flexible LOM', 'Embedded LOM', 'NIC in a Slot', 'Storage Controller', 'Smart Array Storage Controller', 'USB Hard Disk',
  'Other PCI Device', 'RAM Disk', 'Firmware Volume', 'UEFI Shell', 'Generic UEFI USB Boot Entry', 'Dynamic Smart Array Controller', 'File', 'NVME Hard Drive', 'NVDIMM',
];
// "Virutal" is dmidecode 3.4's spelling.
const DEVICE_LOCATIONS = [
  'Unknown', 'Embedded', 'iLO Virtual Media', 'Front USB Port', 'Rear USB Port', 'Internal USB', 'Internal SD Card', 'Internal Virutal USB (Embedded NAND)',
  'Embedded SATA Port', 'Embedded Smart Array', 'PCI Slot', 'RAM Memory', 'USB', 'Dynamic Smart Array Controller', 'URL', 'NVMe Drive Bay',
];
const USB_LOCATIONS = ['Internal', 'Front of Server', 'Rear of Server', 'Embedded internal SD Card', 'iLO USB', 'HP NAND Controller (USX 2065 or other)', 'Reserved', 'Debug Port'];
const USB_MANAGEMENT = ['Not Shared', 'Shared with physical switch', 'Shared with automatic control'];
const USB_SPEEDS = ['Reserved', 'USB 1.1 Full Speed', 'USB 2.0 High Speed', 'USB 3.0 Super Speed'];
const FIRMWARE_ATTRIBUTES = ['Updatable', 'Reset Required', 'Authentication Required', 'In Use', 'UEFI Image'];

/** Prints an HP/HPE OEM structure and returns true, or returns false when dmidecode prints the generic view. */
export function formatHpOem(v: StructView, ctx: OemContext): boolean {
  const gen = ctx.hpGeneration;
  if (gen < 0) return false;
  const company = ctx.vendor === 'hp' ? 'HP' : 'HPE';
  switch (v.s.type) {
    case 194:
      formatSuperIo(v, company);
      return true;
    case 199:
      if (gen < Gen.G9) return false;
      formatMicrocodePatches(v, company, ctx.cpuid);
      return true;
    case 203:
      if (gen < Gen.G9) return false;
      formatDeviceCorrelation(v, company);
      return true;
    case 204:
      formatRackLocator(v, company);
      return true;
    case 209:
    case 221:
      v.title(`${company} ${v.s.type === 221 ? 'BIOS iSCSI NIC PCI and MAC Information' : 'BIOS PXE NIC PCI and MAC Information'}`);
      // Eight-byte records from 0x04: device/function, bus, MAC address.
      for (let at = 4, nic = 1; at + 8 <= v.length; at += 8, nic++) printNic(v, nic, v.u8(at + 1), v.u8(at), at + 2);
      return true;
    case 212:
      formatCru(v, company);
      return true;
    case 219:
      formatProLiantInformation(v, company);
      return true;
    case 233:
      v.title(`${company} BIOS PXE NIC PCI and MAC Information`);
      if (v.length < 0x0e) return true;
      printNic(v, nicPort(v.s) === 0xff ? (ctx.nicNumbers.get(v.s.offset) ?? 1) : nicPort(v.s), v.u8(0x06), v.u8(0x07), 0x08);
      return true;
    case 236:
      formatBackplane(v, company, gen);
      return true;
    case 237:
      if (gen < Gen.G9) return false;
      formatDimmVendor(v, company);
      return true;
    case 238:
      if (gen < Gen.G9) return false;
      formatUsbPort(v, company);
      return true;
    case 240:
      formatInventory(v, company);
      return true;
    default:
      return false;
  }
}

/** Type 194: Super I/O enable/disable indicator. */
function formatSuperIo(v: StructView, company: string): void {
  v.title(`${company} ProLiant Super IO Enable/Disable Indicator`);
  if (v.length < 0x05) return;
  const feat = v.u8(0x04);
  ['Serial Port A', 'Serial Port B', 'Parallel Port', 'Floppy Disk Port', 'Virtual Serial Port'].forEach((name, bit) => v.attr(name, enabled(feat & (1 << bit))));
}

/** Type 199: 12-byte records of patch ID, date and CPUID from 0x04. */
function formatMicrocodePatches(v: StructView, company: string, sig: CpuidType): void {
  v.title(`${company} ProLiant CPU Microcode Patch Support Info`);
  for (let at = 0x04; at + 12 <= v.length; at += 12) {
    let cpuid = v.u32(at + 8);
    // AMD records leave out the base family; dmidecode puts back 0xF (right from family 15 on).
    if (sig === CpuidType.X86Amd) cpuid = (((cpuid & 0xfff00) << 8) | 0x0f00 | (cpuid & 0xff)) >>> 0;
    // dmidecode hands its signature printer the 4-byte value; only an ARM SoC ID reads past it
    // (its SoC revision, from whatever lies beside on dmidecode's stack: printed here as 0).
    const id = new Uint8Array(8);
    new DataView(id.buffer).setUint32(0, cpuid, true);
    const text = cpuidSignature(sig, id);
    if (text !== undefined) v.attr(sig === CpuidType.ArmSocId ? 'Signature' : 'CPU ID', text);
    const date = v.u32(at + 4);
    v.subattr('Date', `${lowerHex(date & 0xffff, 4)}-${hex2(date >>> 24)}-${hex2((date >>> 16) & 0xff)}`);
    v.subattr('Patch', `0x${hexN(v.u32(at), 1)}`);
  }
}

/** Type 203: which SMBIOS, PCI and UEFI records describe one device. */
function formatDeviceCorrelation(v: StructView, company: string): void {
  v.title(`${company} Device Correlation Record`);
  if (v.length < 0x1f) return;
  printAssociated(v, 'Associated Device Record', v.u16(0x04));
  printAssociated(v, 'Associated SMBus Record', v.u16(0x06));
  const ids = [v.u16(0x08), v.u16(0x0a), v.u16(0x0c), v.u16(0x0e)];
  if (ids.every((id) => id === 0xffff) && v.u8(0x10) === 0xff && v.u8(0x11) === 0xff) v.attr('PCI Device Info', 'Device Not Present');
  else {
    ['PCI Vendor ID', 'PCI Device ID', 'PCI Sub Vendor ID', 'PCI Sub Device ID'].forEach((name, i) => printPciId(v, name, ids[i]!));
    // dmidecode passes the class bytes through a signed char: 0x80 and up widen to 0xFF80…0xFFFF.
    const widened = (b: number): number => (b >= 0x80 ? 0xff00 | b : b);
    printPciId(v, 'PCI Class Code', widened(v.u8(0x10)));
    printPciId(v, 'PCI Sub Class Code', widened(v.u8(0x11)));
  }
  printAssociated(v, 'Parent Handle', v.u16(0x12));
  const flags = v.u16(0x14);
  v.attr('Flags', `0x${hexN(flags, 4)}`);
  v.attr('Device Type', nameOrReserved(DEVICE_TYPES, v.u8(0x16)));
  v.attr('Device Location', nameOrReserved(DEVICE_LOCATIONS, v.u8(0x17)));
  v.attr('Device Instance', v.u8(0x18));
  v.attr('Device Sub-Instance', v.u8(0x19));
  v.attr('Bay', bayText(v.u8(0x1a)));
  v.attr('Enclosure', bayText(v.u8(0x1b)));
  v.attr('Device Path', v.strAt(0x1c, 'devicePath'));
  v.attr('Structured Name', v.strAt(0x1d, 'structuredName'));
  v.attr('Device Name', v.strAt(0x1e, 'deviceName'));
  if (v.length < 0x22) return;
  v.attr('UEFI Location', v.strAt(0x1f, 'uefiLocation'));
  v.attr('Associated Real/Phys Handle', flags & 1 ? `0x${hexN(v.u16(0x20), 4)}` : 'N/A');
  if (v.length < 0x24) return;
  v.attr('PCI Part Number', v.strAt(0x22, 'partNumber'));
  v.attr('Serial Number', v.strAt(0x23, 'serialNumber'));
  if (v.length < 0x28) return;
  v.attr('Segment Group Number', `0x${lowerHex(v.u16(0x24), 4)}`);
  v.attr('PCI Device', pciAddress(v.u8(0x26), v.u8(0x27)));
}

/** Type 204: rack and enclosure the server sits in. */
function formatRackLocator(v: StructView, company: string): void {
  v.title(`${company} ProLiant System/Rack Locator`);
  if (v.length < 0x0b) return;
  v.attr('Rack Name', v.strAt(0x04, 'rackName'));
  v.attr('Enclosure Name', v.strAt(0x05, 'enclosureName'));
  v.attr('Enclosure Model', v.strAt(0x06, 'enclosureModel'));
  v.attr('Enclosure Serial', v.strAt(0x0a, 'enclosureSerial'));
  v.attr('Enclosure Bays', v.u8(0x08));
  v.attr('Server Bay', v.strAt(0x07, 'serverBay'));
  v.attr('Bays Filled', v.u8(0x09));
}

/** Type 212: where the 64-bit Compaq ROM-based Utility (CRU) service lives. */
function formatCru(v: StructView, company: string): void {
  v.title(`${company} 64-bit CRU Information`);
  if (v.length < 0x18) return;
  const signature = v.u32(0x04);
  const chars = [0, 1, 2, 3].map((i) => v.u8(0x04 + i));
  const sigHex = `0x${lowerHex(signature, 8)}`;
  v.attr('Signature', chars.every((c) => c >= 32 && c < 127) ? `${sigHex} (${String.fromCharCode(...chars)})` : sigHex);
  if (signature !== 0x55524324) return; // "$CRU"
  // Base address plus the entry-point offset, a 64-bit sum.
  const address = (v.u64(0x08) + BigInt(v.u32(0x14))) & 0xffffffffffffffffn;
  v.attr('Physical Address', `0x${address.toString(16).padStart(16, '0')}`);
  v.attr('Length', `0x${lowerHex(v.u32(0x10), 8)}`);
}

/** Type 219: ProLiant feature words. */
function formatProLiantInformation(v: StructView, company: string): void {
  v.title(`${company} ProLiant Information`);
  if (v.length < 0x08) return;
  v.attr('Power Features', `0x${lowerHex(v.u32(0x04), 8)}`);
  if (v.length < 0x0c) return;
  v.attr('Omega Features', `0x${lowerHex(v.u32(0x08), 8)}`);
  if (v.length < 0x14) return;
  const feat = v.u32(0x10);
  v.attr('Misc. Features', `0x${lowerHex(feat, 8)}`);
  v.subattr('iCRU', yesNo(feat & 0x0001));
  v.subattr('UEFI', yesNo(feat & 0x1400));
}

/** Type 236: HDD backplane FRU information. */
function formatBackplane(v: StructView, company: string, gen: number): void {
  v.title(`${company} HDD Backplane FRU Information`);
  if (v.length < 0x08) return;
  const i2c = v.u8(0x04);
  v.attr('FRU I2C Address', `0x${hexN(i2c >> 1, 1)} raw(0x${hexN(i2c, 1)})`);
  v.attr('Box Number', v.u16(0x05));
  // A structure of exactly 8 bytes ends inside this word: dmidecode reads on into the strings.
  v.attr('NVRAM ID', `0x${hexN(v.looseU8(0x07) | (v.looseU8(0x08) << 8), 1)}`);
  if (v.length < 0x11) return;
  // dmidecode hands its two-word 64-bit value to a 32-bit `%X`, which on x86-64 prints the low word.
  v.attr('SAS Expander WWID', `0x${hexN(v.u32(0x09), 1)}`);
  if (v.length < 0x12) return;
  v.attr('Total SAS Bays', v.u8(0x11));
  if (v.length < 0x15 || gen >= Gen.G10Plus) return;
  v.attr('A0 Bay Count', v.u8(0x12));
  v.attr('A2 Bay Count', v.u8(0x13));
  v.attr('Backplane Name', v.strAt(0x14, 'backplaneName'));
}

/** Type 237: DIMM vendor part numbers for a type 17. */
function formatDimmVendor(v: StructView, company: string): void {
  v.title(`${company} DIMM Vendor Information`);
  if (v.length < 0x08) return;
  v.attr('Associated Handle', `0x${hexN(v.u16(0x04), 4)}`);
  v.attr('DIMM Manufacturer', v.strAt(0x06, 'dimmManufacturer'));
  v.attr('DIMM Manufacturer Part Number', v.strAt(0x07, 'dimmPartNumber'));
  if (v.length < 0x09) return;
  v.attr('DIMM Vendor Serial Number', v.strAt(0x08, 'dimmSerialNumber'));
  if (v.length < 0x0a) return;
  v.attr('DIMM Spare Part Number', v.strAt(0x09, 'dimmSparePartNumber'));
}

/** Type 238: USB port connector correlation for a type 8. */
function formatUsbPort(v: StructView, company: string): void {
  v.title(`${company} Proliant USB Port Connector Correlation Record`);
  if (v.length < 0x0f) return;
  v.attr('Associated Handle', `0x${hexN(v.u16(0x04), 4)}`);
  v.attr('PCI Device', pciAddress(v.u8(0x06), v.u8(0x07)));
  v.attr('Location', nameOrReserved(USB_LOCATIONS, v.u8(0x08)));
  v.attr('Management Port', nameOrReserved(USB_MANAGEMENT, v.u16(0x09)));
  v.attr('Port Instance', v.u8(0x0b));
  const hub = v.u8(0x0c);
  v.attr('Parent Hub Port Instance', hub === 0xfe ? 'N/A' : hub);
  v.attr('Port Speed Capability', nameOrReserved(USB_SPEEDS, v.u8(0x0d)));
  v.attr('Device Path', v.strAt(0x0e, 'devicePath'));
}

/** Type 240: firmware inventory of a device (linked to a type 203). */
function formatInventory(v: StructView, company: string): void {
  v.title(`${company} Proliant Inventory Record`);
  if (v.length < 0x27) return;
  v.attr('Associated Handle', `0x${hexN(v.u16(0x04), 4)}`);
  v.attr('Package Version', `0x${hexN(v.u32(0x06), 8)}`);
  v.attr('Version String', v.strAt(0x0a, 'versionString'));
  // dmidecode tests only the low half of the 64-bit size for "not available".
  v.attr('Image Size', v.u32(0x0b) !== 0 ? formatMemorySize(v.u64(0x0b), 0) : 'Not Available');
  // Attribute bits: only the low 32 bits of the defined/set words count.
  const defined = v.u32(0x13);
  const set = v.u32(0x1b);
  // dmidecode prints this heading through pr_attr with no format, which leaves "name: " and nothing after.
  v.attr('Attributes Defined/Set', '');
  FIRMWARE_ATTRIBUTES.forEach((name, bit) => {
    if (defined & (1 << bit)) v.subattr(name, yesNo(set & (1 << bit)));
  });
  const lowest = v.u32(0x23);
  v.attr('Lowest Supported Version', lowest !== 0 ? `0x${hexN(lowest, 8)}` : 'Not Available');
}
