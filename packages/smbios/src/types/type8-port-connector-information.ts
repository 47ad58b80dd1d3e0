// DSP0134 §7.9 Port Connector Information (Type 8). Text follows dmidecode 3.4 case 8.
import { indexFields } from './fields.js';
import { portConnectorType, portConnectorTypeXA0, portType, portTypeXA0 } from './names.js';
import { lookupName, OUT_OF_SPEC, type FieldSpec, type StructView } from './view.js';

/** Type 8 offset table. */
export const PORT_CONNECTOR_INFORMATION_FIELDS = [
  { name: 'internalReferenceDesignator', offset: 0x04, kind: 'string' },
  { name: 'internalConnectorType', offset: 0x05, kind: 'u8' },
  { name: 'externalReferenceDesignator', offset: 0x06, kind: 'string' },
  { name: 'externalConnectorType', offset: 0x07, kind: 'u8' },
  { name: 'portType', offset: 0x08, kind: 'u8' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(PORT_CONNECTOR_INFORMATION_FIELDS);

/** Connector type name (§7.9.2); 0xFF is "Other". */
export function portConnectorTypeName(code: number): string {
  if (code === 0xff) return 'Other';
  return lookupName(portConnectorType, code) ?? lookupName(portConnectorTypeXA0, code) ?? OUT_OF_SPEC;
}

/** Port type name (§7.9.3); 0xFF is "Other". */
export function portTypeName(code: number): string {
  if (code === 0xff) return 'Other';
  return lookupName(portType, code) ?? lookupName(portTypeXA0, code) ?? OUT_OF_SPEC;
}

/** Prints type 8 as dmidecode does. */
export function formatPortConnectorInformation(v: StructView): void {
  v.title('Port Connector Information');
  if (v.length < 0x09) return;
  v.attr('Internal Reference Designator', v.strField(F.internalReferenceDesignator));
  v.attr('Internal Connector Type', portConnectorTypeName(v.u8(F.internalConnectorType.offset)));
  v.attr('External Reference Designator', v.strField(F.externalReferenceDesignator));
  v.attr('External Connector Type', portConnectorTypeName(v.u8(F.externalConnectorType.offset)));
  v.attr('Port Type', portTypeName(v.u8(F.portType.offset)));
}
