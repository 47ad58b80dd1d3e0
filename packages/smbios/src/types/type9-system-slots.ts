// DSP0134 §7.10 System Slots (Type 9). Text follows dmidecode 3.4 case 9.
import { indexFields } from './fields.js';
import { slotBusWidth, slotCharacteristics1, slotCharacteristics2, slotCurrentUsage, slotHeight, slotLength, slotType, slotTypeX30, slotTypeXA0 } from './names.js';
import { hexN, lookupName, nameOr, OUT_OF_SPEC, printBits, type FieldSpec, type StructView } from './view.js';

/** Type 9 offset table (peer groups follow at 0x13, 5 bytes each). */
export const SYSTEM_SLOTS_FIELDS = [
  { name: 'slotDesignation', offset: 0x04, kind: 'string', since: '2.0' },
  { name: 'slotType', offset: 0x05, kind: 'u8', since: '2.0' },
  { name: 'slotDataBusWidth', offset: 0x06, kind: 'u8', since: '2.0' },
  { name: 'currentUsage', offset: 0x07, kind: 'u8', since: '2.0' },
  { name: 'slotLength', offset: 0x08, kind: 'u8', since: '2.0' },
  { name: 'slotId', offset: 0x09, kind: 'u16', since: '2.0' },
  { name: 'slotCharacteristics1', offset: 0x0b, kind: 'u8', since: '2.0' },
  { name: 'slotCharacteristics2', offset: 0x0c, kind: 'u8', since: '2.1' },
  { name: 'segmentGroupNumber', offset: 0x0d, kind: 'u16', since: '2.6' },
  { name: 'busNumber', offset: 0x0f, kind: 'u8', since: '2.6' },
  { name: 'deviceFunctionNumber', offset: 0x10, kind: 'u8', since: '2.6' },
  { name: 'dataBusWidth', offset: 0x11, kind: 'u8', since: '3.2' },
  { name: 'peerGroupingCount', offset: 0x12, kind: 'u8', since: '3.2' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(SYSTEM_SLOTS_FIELDS);

/** Slot type name (§7.10.1). */
export function slotTypeName(code: number): string {
  return lookupName(slotType, code) ?? lookupName(slotTypeX30, code) ?? lookupName(slotTypeXA0, code) ?? OUT_OF_SPEC;
}

// Slot types whose Slot ID is a PCI-style number and (from 0x1F) PCIe generation is meaningful.
const PCI_ID_TYPES = new Set([0x06, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13]);
function isPcie(type: number): boolean {
  return (type >= 0x1f && type <= 0x23) || (type >= 0xa5 && type <= 0xc4 && type !== 0xb7);
}

/** Prints type 9 as dmidecode does. */
export function formatSystemSlots(v: StructView): void {
  v.title('System Slot Information');
  if (v.length < 0x0c) return;
  v.attr('Designation', v.strField(F.slotDesignation));
  const type = v.u8(F.slotType.offset);
  const widthCode = v.u8(F.slotDataBusWidth.offset);
  // Widths "Other" and "Unknown" are left out of the Type line.
  const width = widthCode >= 0x01 && widthCode <= 0x02 ? undefined : nameOr(slotBusWidth, widthCode);
  v.attr('Type', width === undefined ? slotTypeName(type) : `${width} ${slotTypeName(type)}`);
  v.attr('Current Usage', nameOr(slotCurrentUsage, v.u8(F.currentUsage.offset)));
  v.attr('Length', nameOr(slotLength, v.u8(F.slotLength.offset)));
  const id1 = v.u8(0x09);
  if (type === 0x04 || type === 0x05 || PCI_ID_TYPES.has(type) || isPcie(type)) v.attr('ID', id1);
  else if (type === 0x07) v.attr('ID', `Adapter ${id1}, Socket ${v.u8(0x0a)}`);
  const c1 = v.u8(F.slotCharacteristics1.offset);
  const c2 = v.length < 0x0d ? 0 : v.u8(F.slotCharacteristics2.offset);
  if (c1 & 1) v.attr('Characteristics', 'Unknown');
  else if ((c1 & 0xfe) === 0 && (c2 & 0x07) === 0) v.attr('Characteristics', 'None');
  else {
    v.listStart('Characteristics');
    printBits(v, slotCharacteristics1, c1, 1, 7);
    printBits(v, slotCharacteristics2, c2, 0, 6);
  }
  if (v.length < 0x11) return;
  const seg = v.u16(F.segmentGroupNumber.offset);
  const bus = v.u8(F.busNumber.offset);
  const df = v.u8(F.deviceFunctionNumber.offset);
  if (!(seg === 0xffff && bus === 0xff && df === 0xff)) v.attr('Bus Address', pciAddress(seg, bus, df));
  if (v.length < 0x13) return;
  v.attr('Data Bus Width', v.u8(F.dataBusWidth.offset));
  const peers = v.u8(F.peerGroupingCount.offset);
  v.attr('Peer Devices', peers);
  if (v.length < 0x13 + peers * 5) return;
  for (let i = 0; i < peers; i++) {
    const at = 0x13 + i * 5;
    v.attr(`Peer Device ${i + 1}`, `${pciAddress(v.u16(at), v.u8(at + 2), v.u8(at + 3))} (Width ${v.u8(at + 4)})`);
  }
  const base = 0x13 + peers * 5;
  if (v.length < base + 4) return;
  const gen = v.u8(base);
  if (isPcie(type) && gen) v.attr('PCI Express Generation', gen);
  const phys = v.u8(base + 1);
  if (phys) v.attr('Slot Physical Width', nameOr(slotBusWidth, phys));
  const pitch = v.u16(base + 2);
  if (pitch) v.attr('Pitch', `${Math.floor(pitch / 100)}.${String(pitch % 100).padStart(2, '0')} mm`);
  if (v.length < base + 5) return;
  v.attr('Height', nameOr(slotHeight, v.u8(base + 4)));
}

function pciAddress(seg: number, bus: number, devfn: number): string {
  return `${hexN(seg, 4).toLowerCase()}:${hexN(bus, 2).toLowerCase()}:${hexN(devfn >> 3, 2).toLowerCase()}.${(devfn & 7).toString(16)}`;
}
