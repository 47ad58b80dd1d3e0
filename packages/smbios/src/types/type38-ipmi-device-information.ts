// DSP0134 §7.39 IPMI Device Information (Type 38). Text follows dmidecode 3.4 case 38.
import { indexFields } from './fields.js';
import { ipmiInterfaceType, ipmiRegisterSpacing } from './names.js';
import { hexN, nameOr, type FieldSpec, type StructView } from './view.js';

/** Type 38 offset table. */
export const IPMI_DEVICE_INFORMATION_FIELDS = [
  { name: 'interfaceType', offset: 0x04, kind: 'u8' },
  { name: 'ipmiSpecificationRevision', offset: 0x05, kind: 'u8' },
  { name: 'i2cTargetAddress', offset: 0x06, kind: 'u8' },
  { name: 'nvStorageDeviceAddress', offset: 0x07, kind: 'u8' },
  { name: 'baseAddress', offset: 0x08, kind: 'u64' },
  { name: 'baseAddressModifier', offset: 0x10, kind: 'u8' },
  { name: 'interruptNumber', offset: 0x11, kind: 'u8' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(IPMI_DEVICE_INFORMATION_FIELDS);

/** Prints type 38 as dmidecode does. */
export function formatIpmiDeviceInformation(v: StructView): void {
  v.title('IPMI Device Information');
  if (v.length < 0x10) return;
  const type = v.u8(F.interfaceType.offset);
  v.attr('Interface Type', nameOr(ipmiInterfaceType, type));
  v.attr('Specification Version', `${v.u8(F.ipmiSpecificationRevision.offset) >> 4}.${v.u8(F.ipmiSpecificationRevision.offset) & 0x0f}`);
  v.attr('I2C Slave Address', `0x${hexN(v.u8(F.i2cTargetAddress.offset) >> 1, 2).toLowerCase()}`);
  if (v.u8(F.nvStorageDeviceAddress.offset) !== 0xff) v.attr('NV Storage Device Address', v.u8(F.nvStorageDeviceAddress.offset));
  else v.attr('NV Storage Device', 'Not Present');
  const mod = v.length < 0x11 ? 0 : v.u8(F.baseAddressModifier.offset);
  if (type === 0x04) v.attr('Base Address', `0x${hexN(v.u8(0x08) >> 1, 2)} (SMBus)`);
  else {
    // Bit 0 of the address says I/O vs memory; bit 4 of the modifier is the real address LSB.
    const lo = v.u32(0x08);
    const hi = v.u32(0x0c);
    v.attr('Base Address', `0x${hexN(hi, 8)}${hexN(((lo & ~1) | ((mod >> 4) & 1)) >>> 0, 8)} (${lo & 1 ? 'I/O' : 'Memory-mapped'})`);
  }
  if (v.length < 0x12) return;
  if (type !== 0x04) {
    v.attr('Register Spacing', nameOr(ipmiRegisterSpacing, mod >> 6));
    if (mod & (1 << 3)) {
      v.attr('Interrupt Polarity', mod & 2 ? 'Active High' : 'Active Low');
      v.attr('Interrupt Trigger Mode', mod & 1 ? 'Level' : 'Edge');
    }
  }
  if (v.u8(F.interruptNumber.offset) !== 0) v.attr('Interrupt Number', v.u8(F.interruptNumber.offset));
}
