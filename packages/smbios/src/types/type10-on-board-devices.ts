// DSP0134 §7.11 On Board Devices Information (Type 10, obsolete since 2.6). Text follows dmidecode 3.4.
import { onBoardDevicesType } from './names.js';
import { nameOr, type FieldSpec, type StructView } from './view.js';

/** Type 10 has only repeated (type, description) pairs from 0x04; its fields come from {@link onBoardDevicesExtras}. */
export const ON_BOARD_DEVICES_FIELDS = [] as const satisfies readonly FieldSpec[];

/** Prints type 10 as dmidecode does: one titled block per device, none at all when there are none. */
export function formatOnBoardDevices(v: StructView): void {
  const count = (v.length - 4) >> 1;
  for (let i = 0; i < count; i++) {
    v.title(count === 1 ? 'On Board Device Information' : `On Board Device ${i + 1} Information`);
    const t = v.u8(4 + 2 * i);
    v.attr('Type', nameOr(onBoardDevicesType, t & 0x7f));
    v.attr('Status', t & 0x80 ? 'Enabled' : 'Disabled');
    v.attr('Description', v.str(v.u8(5 + 2 * i), `devices[${i}].description`, 5 + 2 * i));
  }
}

/** One device of type 10. */
export interface OnBoardDevice {
  type: number;
  enabled: boolean;
  description: string | null;
}

/** Typed fields of type 10: the devices. */
export function onBoardDevicesExtras(v: StructView, fields: { devices?: OnBoardDevice[] }): void {
  const count = (v.length - 4) >> 1;
  fields.devices = Array.from({ length: count }, (_, i) => ({
    type: v.u8(4 + 2 * i) & 0x7f,
    enabled: (v.u8(4 + 2 * i) & 0x80) !== 0,
    description: v.rawString(v.u8(5 + 2 * i), `devices[${i}].description`, 5 + 2 * i),
  }));
}
