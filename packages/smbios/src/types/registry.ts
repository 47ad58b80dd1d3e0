// Which decoder handles which structure type.
import { BIOS_INFORMATION_FIELDS, formatBiosInformation } from './type0-bios-information.js';
import { SYSTEM_INFORMATION_FIELDS, formatSystemInformation, systemInformationExtras } from './type1-system-information.js';
import { BASEBOARD_INFORMATION_FIELDS, baseboardInformationExtras, formatBaseboardInformation } from './type2-baseboard-information.js';
import { CHASSIS_INFORMATION_FIELDS, chassisInformationExtras, formatChassisInformation } from './type3-chassis-information.js';
import { PROCESSOR_INFORMATION_FIELDS, formatProcessorInformation } from './type4-processor-information.js';
import { CACHE_INFORMATION_FIELDS, formatCacheInformation } from './type7-cache-information.js';
import { PORT_CONNECTOR_INFORMATION_FIELDS, formatPortConnectorInformation } from './type8-port-connector-information.js';
import { SYSTEM_SLOTS_FIELDS, formatSystemSlots } from './type9-system-slots.js';
import { OEM_STRINGS_FIELDS, formatOemStrings, oemStringsExtras } from './type11-oem-strings.js';
import { PHYSICAL_MEMORY_ARRAY_FIELDS, formatPhysicalMemoryArray } from './type16-physical-memory-array.js';
import { MEMORY_DEVICE_FIELDS, formatMemoryDevice } from './type17-memory-device.js';
import { MEMORY_ARRAY_MAPPED_ADDRESS_FIELDS, formatMemoryArrayMappedAddress } from './type19-memory-array-mapped-address.js';
import { MEMORY_DEVICE_MAPPED_ADDRESS_FIELDS, formatMemoryDeviceMappedAddress } from './type20-memory-device-mapped-address.js';
import { PORTABLE_BATTERY_FIELDS, formatPortableBattery } from './type22-portable-battery.js';
import { VOLTAGE_PROBE_FIELDS, formatVoltageProbe } from './type26-voltage-probe.js';
import { COOLING_DEVICE_FIELDS, formatCoolingDevice } from './type27-cooling-device.js';
import { TEMPERATURE_PROBE_FIELDS, formatTemperatureProbe } from './type28-temperature-probe.js';
import { ELECTRICAL_CURRENT_PROBE_FIELDS, formatElectricalCurrentProbe } from './type29-electrical-current-probe.js';
import { SYSTEM_BOOT_INFORMATION_FIELDS, formatSystemBootInformation } from './type32-system-boot-information.js';
import { SYSTEM_POWER_SUPPLY_FIELDS, formatSystemPowerSupply } from './type39-system-power-supply.js';
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
  [7, { name: 'Cache Information', fields: CACHE_INFORMATION_FIELDS, format: formatCacheInformation }],
  [8, { name: 'Port Connector Information', fields: PORT_CONNECTOR_INFORMATION_FIELDS, format: formatPortConnectorInformation }],
  [9, { name: 'System Slot Information', fields: SYSTEM_SLOTS_FIELDS, format: formatSystemSlots }],
  [11, { name: 'OEM Strings', fields: OEM_STRINGS_FIELDS, format: formatOemStrings, extras: oemStringsExtras }],
  [16, { name: 'Physical Memory Array', fields: PHYSICAL_MEMORY_ARRAY_FIELDS, format: formatPhysicalMemoryArray }],
  [17, { name: 'Memory Device', fields: MEMORY_DEVICE_FIELDS, format: formatMemoryDevice }],
  [19, { name: 'Memory Array Mapped Address', fields: MEMORY_ARRAY_MAPPED_ADDRESS_FIELDS, format: formatMemoryArrayMappedAddress }],
  [20, { name: 'Memory Device Mapped Address', fields: MEMORY_DEVICE_MAPPED_ADDRESS_FIELDS, format: formatMemoryDeviceMappedAddress }],
  [22, { name: 'Portable Battery', fields: PORTABLE_BATTERY_FIELDS, format: formatPortableBattery }],
  [26, { name: 'Voltage Probe', fields: VOLTAGE_PROBE_FIELDS, format: formatVoltageProbe }],
  [27, { name: 'Cooling Device', fields: COOLING_DEVICE_FIELDS, format: formatCoolingDevice }],
  [28, { name: 'Temperature Probe', fields: TEMPERATURE_PROBE_FIELDS, format: formatTemperatureProbe }],
  [29, { name: 'Electrical Current Probe', fields: ELECTRICAL_CURRENT_PROBE_FIELDS, format: formatElectricalCurrentProbe }],
  [32, { name: 'System Boot Information', fields: SYSTEM_BOOT_INFORMATION_FIELDS, format: formatSystemBootInformation }],
  [39, { name: 'System Power Supply', fields: SYSTEM_POWER_SUPPLY_FIELDS, format: formatSystemPowerSupply }],
  [126, { name: 'Inactive', fields: [], format: (v) => v.title('Inactive') }],
  [127, { name: 'End Of Table', fields: [], format: (v) => v.title('End Of Table') }],
]);
