// Which decoder handles which structure type.
import { BIOS_INFORMATION_FIELDS, formatBiosInformation } from './type0-bios-information.js';
import { SYSTEM_INFORMATION_FIELDS, formatSystemInformation, systemInformationExtras } from './type1-system-information.js';
import { BASEBOARD_INFORMATION_FIELDS, baseboardInformationExtras, formatBaseboardInformation } from './type2-baseboard-information.js';
import { CHASSIS_INFORMATION_FIELDS, chassisInformationExtras, formatChassisInformation } from './type3-chassis-information.js';
import { PROCESSOR_INFORMATION_FIELDS, formatProcessorInformation } from './type4-processor-information.js';
import type { FieldSpec, StructView } from './view.js';

/** One typed decoder: its display name, offset table, text printer and any fields the table cannot express. */
export interface TypeDecoder {
  readonly name: string;
  readonly fields: readonly FieldSpec[];
  readonly format: (v: StructView) => void;
  readonly extras?: (v: StructView, fields: Record<string, unknown>) => void;
}

/** Typed decoders by structure type; types not listed use the generic view. */
export const TYPE_DECODERS: ReadonlyMap<number, TypeDecoder> = new Map<number, TypeDecoder>([
  [0, { name: 'BIOS Information', fields: BIOS_INFORMATION_FIELDS, format: formatBiosInformation }],
  [1, { name: 'System Information', fields: SYSTEM_INFORMATION_FIELDS, format: formatSystemInformation, extras: systemInformationExtras }],
  [2, { name: 'Base Board Information', fields: BASEBOARD_INFORMATION_FIELDS, format: formatBaseboardInformation, extras: baseboardInformationExtras }],
  [3, { name: 'Chassis Information', fields: CHASSIS_INFORMATION_FIELDS, format: formatChassisInformation, extras: chassisInformationExtras }],
  [4, { name: 'Processor Information', fields: PROCESSOR_INFORMATION_FIELDS, format: formatProcessorInformation }],
  [126, { name: 'Inactive', fields: [], format: (v) => v.title('Inactive') }],
  [127, { name: 'End Of Table', fields: [], format: (v) => v.title('End Of Table') }],
]);
