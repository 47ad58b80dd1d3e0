// Which decoder handles which structure type.
import { BIOS_INFORMATION_FIELDS, formatBiosInformation } from './type0-bios-information.js';
import { SYSTEM_INFORMATION_FIELDS, formatSystemInformation } from './type1-system-information.js';
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
import { MEMORY_CONTROLLER_INFORMATION_FIELDS, formatMemoryControllerInformation } from './type5-memory-controller-information.js';
import { MEMORY_MODULE_INFORMATION_FIELDS, formatMemoryModuleInformation } from './type6-memory-module-information.js';
import { ON_BOARD_DEVICES_FIELDS, formatOnBoardDevices, onBoardDevicesExtras } from './type10-on-board-devices.js';
import { SYSTEM_CONFIGURATION_OPTIONS_FIELDS, formatSystemConfigurationOptions } from './type12-system-configuration-options.js';
import { BIOS_LANGUAGE_INFORMATION_FIELDS, formatBiosLanguageInformation } from './type13-bios-language-information.js';
import { GROUP_ASSOCIATIONS_FIELDS, formatGroupAssociations, groupAssociationsExtras } from './type14-group-associations.js';
import { SYSTEM_EVENT_LOG_FIELDS, formatSystemEventLog } from './type15-system-event-log.js';
import { MEMORY_ERROR_32_FIELDS, formatMemoryError32 } from './type18-32bit-memory-error-information.js';
import { BUILT_IN_POINTING_DEVICE_FIELDS, formatBuiltInPointingDevice } from './type21-built-in-pointing-device.js';
import { SYSTEM_RESET_FIELDS, formatSystemReset } from './type23-system-reset.js';
import { HARDWARE_SECURITY_FIELDS, formatHardwareSecurity } from './type24-hardware-security.js';
import { SYSTEM_POWER_CONTROLS_FIELDS, formatSystemPowerControls } from './type25-system-power-controls.js';
import { OUT_OF_BAND_REMOTE_ACCESS_FIELDS, formatOutOfBandRemoteAccess } from './type30-out-of-band-remote-access.js';
import { BOOT_INTEGRITY_SERVICES_FIELDS, formatBootIntegrityServices } from './type31-boot-integrity-services.js';
import { MEMORY_ERROR_64_FIELDS, formatMemoryError64 } from './type33-64bit-memory-error-information.js';
import { MANAGEMENT_DEVICE_FIELDS, formatManagementDevice } from './type34-management-device.js';
import { MANAGEMENT_DEVICE_COMPONENT_FIELDS, formatManagementDeviceComponent } from './type35-management-device-component.js';
import { MANAGEMENT_DEVICE_THRESHOLD_DATA_FIELDS, formatManagementDeviceThresholdData } from './type36-management-device-threshold-data.js';
import { MEMORY_CHANNEL_FIELDS, formatMemoryChannel } from './type37-memory-channel.js';
import { IPMI_DEVICE_INFORMATION_FIELDS, formatIpmiDeviceInformation } from './type38-ipmi-device-information.js';
import { ADDITIONAL_INFORMATION_FIELDS, additionalInformationExtras, formatAdditionalInformation } from './type40-additional-information.js';
import { ONBOARD_DEVICES_EXTENDED_FIELDS, formatOnboardDevicesExtended } from './type41-onboard-devices-extended-information.js';
import { MANAGEMENT_CONTROLLER_HOST_INTERFACE_FIELDS, formatManagementControllerHostInterface, managementControllerHostInterfaceExtras } from './type42-management-controller-host-interface.js';
import { TPM_DEVICE_FIELDS, formatTpmDevice } from './type43-tpm-device.js';
import { FIRMWARE_INVENTORY_INFORMATION_FIELDS, formatFirmwareInventoryInformation } from './type45-firmware-inventory-information.js';
import { sensitiveOf, type FieldInputOf, type FieldSpec, type FieldsOf, type SensitiveField } from './fields.js';
import type { StructView } from './view.js';

/**
 * One structure type: its display name, its field declaration, its text printer, and the members
 * the declaration cannot express (variable-length parts), which `extras` adds after the fields.
 */
export interface TypeDecoder<D extends readonly FieldSpec[] = readonly FieldSpec[], X extends object = object> {
  readonly name: string;
  readonly fields: D;
  readonly format: (v: StructView) => void;
  extras?(v: StructView, fields: X): void;
}

function decl<const D extends readonly FieldSpec[], X extends object = Record<never, never>>(name: string, fields: D, format: (v: StructView) => void, extras?: (v: StructView, fields: X) => void): TypeDecoder<D, X> {
  return extras === undefined ? { name, fields, format } : { name, fields, format, extras };
}

const NO_FIELDS = [] as const satisfies readonly FieldSpec[];

/** Every typed structure type's declaration; types not listed use the generic view. */
export const TYPE_DECLARATIONS = {
  0: decl('BIOS Information', BIOS_INFORMATION_FIELDS, formatBiosInformation),
  1: decl('System Information', SYSTEM_INFORMATION_FIELDS, formatSystemInformation),
  2: decl('Base Board Information', BASEBOARD_INFORMATION_FIELDS, formatBaseboardInformation, baseboardInformationExtras),
  3: decl('Chassis Information', CHASSIS_INFORMATION_FIELDS, formatChassisInformation, chassisInformationExtras),
  4: decl('Processor Information', PROCESSOR_INFORMATION_FIELDS, formatProcessorInformation),
  5: decl('Memory Controller Information', MEMORY_CONTROLLER_INFORMATION_FIELDS, formatMemoryControllerInformation),
  6: decl('Memory Module Information', MEMORY_MODULE_INFORMATION_FIELDS, formatMemoryModuleInformation),
  7: decl('Cache Information', CACHE_INFORMATION_FIELDS, formatCacheInformation),
  8: decl('Port Connector Information', PORT_CONNECTOR_INFORMATION_FIELDS, formatPortConnectorInformation),
  9: decl('System Slot Information', SYSTEM_SLOTS_FIELDS, formatSystemSlots),
  10: decl('On Board Devices Information', ON_BOARD_DEVICES_FIELDS, formatOnBoardDevices, onBoardDevicesExtras),
  11: decl('OEM Strings', OEM_STRINGS_FIELDS, formatOemStrings, oemStringsExtras),
  12: decl('System Configuration Options', SYSTEM_CONFIGURATION_OPTIONS_FIELDS, formatSystemConfigurationOptions),
  13: decl('BIOS Language Information', BIOS_LANGUAGE_INFORMATION_FIELDS, formatBiosLanguageInformation),
  14: decl('Group Associations', GROUP_ASSOCIATIONS_FIELDS, formatGroupAssociations, groupAssociationsExtras),
  15: decl('System Event Log', SYSTEM_EVENT_LOG_FIELDS, formatSystemEventLog),
  16: decl('Physical Memory Array', PHYSICAL_MEMORY_ARRAY_FIELDS, formatPhysicalMemoryArray),
  17: decl('Memory Device', MEMORY_DEVICE_FIELDS, formatMemoryDevice),
  18: decl('32-bit Memory Error Information', MEMORY_ERROR_32_FIELDS, formatMemoryError32),
  19: decl('Memory Array Mapped Address', MEMORY_ARRAY_MAPPED_ADDRESS_FIELDS, formatMemoryArrayMappedAddress),
  20: decl('Memory Device Mapped Address', MEMORY_DEVICE_MAPPED_ADDRESS_FIELDS, formatMemoryDeviceMappedAddress),
  21: decl('Built-in Pointing Device', BUILT_IN_POINTING_DEVICE_FIELDS, formatBuiltInPointingDevice),
  22: decl('Portable Battery', PORTABLE_BATTERY_FIELDS, formatPortableBattery),
  23: decl('System Reset', SYSTEM_RESET_FIELDS, formatSystemReset),
  24: decl('Hardware Security', HARDWARE_SECURITY_FIELDS, formatHardwareSecurity),
  25: decl('System Power Controls', SYSTEM_POWER_CONTROLS_FIELDS, formatSystemPowerControls),
  26: decl('Voltage Probe', VOLTAGE_PROBE_FIELDS, formatVoltageProbe),
  27: decl('Cooling Device', COOLING_DEVICE_FIELDS, formatCoolingDevice),
  28: decl('Temperature Probe', TEMPERATURE_PROBE_FIELDS, formatTemperatureProbe),
  29: decl('Electrical Current Probe', ELECTRICAL_CURRENT_PROBE_FIELDS, formatElectricalCurrentProbe),
  30: decl('Out-of-band Remote Access', OUT_OF_BAND_REMOTE_ACCESS_FIELDS, formatOutOfBandRemoteAccess),
  31: decl('Boot Integrity Services Entry Point', BOOT_INTEGRITY_SERVICES_FIELDS, formatBootIntegrityServices),
  32: decl('System Boot Information', SYSTEM_BOOT_INFORMATION_FIELDS, formatSystemBootInformation),
  33: decl('64-bit Memory Error Information', MEMORY_ERROR_64_FIELDS, formatMemoryError64),
  34: decl('Management Device', MANAGEMENT_DEVICE_FIELDS, formatManagementDevice),
  35: decl('Management Device Component', MANAGEMENT_DEVICE_COMPONENT_FIELDS, formatManagementDeviceComponent),
  36: decl('Management Device Threshold Data', MANAGEMENT_DEVICE_THRESHOLD_DATA_FIELDS, formatManagementDeviceThresholdData),
  37: decl('Memory Channel', MEMORY_CHANNEL_FIELDS, formatMemoryChannel),
  38: decl('IPMI Device Information', IPMI_DEVICE_INFORMATION_FIELDS, formatIpmiDeviceInformation),
  39: decl('System Power Supply', SYSTEM_POWER_SUPPLY_FIELDS, formatSystemPowerSupply),
  40: decl('Additional Information', ADDITIONAL_INFORMATION_FIELDS, formatAdditionalInformation, additionalInformationExtras),
  41: decl('Onboard Device', ONBOARD_DEVICES_EXTENDED_FIELDS, formatOnboardDevicesExtended),
  42: decl('Management Controller Host Interface', MANAGEMENT_CONTROLLER_HOST_INTERFACE_FIELDS, formatManagementControllerHostInterface, managementControllerHostInterfaceExtras),
  43: decl('TPM Device', TPM_DEVICE_FIELDS, formatTpmDevice),
  45: decl('Firmware Inventory Information', FIRMWARE_INVENTORY_INFORMATION_FIELDS, formatFirmwareInventoryInformation),
  126: decl('Inactive', NO_FIELDS, (v) => v.title('Inactive')),
  127: decl('End Of Table', NO_FIELDS, (v) => v.title('End Of Table')),
} as const;

/** The structure types with a declaration. */
export type TypedType = keyof typeof TYPE_DECLARATIONS;

type ExtrasOf<C> = C extends TypeDecoder<readonly FieldSpec[], infer X> ? X : never;

/** The typed fields of a structure of type `T`: its declared fields, then its extra members. */
export type TypedFields<T extends TypedType> = FieldsOf<(typeof TYPE_DECLARATIONS)[T]['fields']> & ExtrasOf<(typeof TYPE_DECLARATIONS)[T]>;

/** What the encoder takes for type `T`: {@link TypedFields}, 64-bit values also as `0x…` text. */
export type TypedFieldInput<T extends TypedType> = FieldInputOf<(typeof TYPE_DECLARATIONS)[T]['fields']> & ExtrasOf<(typeof TYPE_DECLARATIONS)[T]>;

// By type, for a lookup per structure without a Map.
const BY_TYPE: (TypeDecoder | undefined)[] = new Array<TypeDecoder | undefined>(256);
for (const [t, d] of Object.entries(TYPE_DECLARATIONS)) BY_TYPE[Number(t)] = d as TypeDecoder;

/** The declaration of structure type `type`, or undefined when it has none (generic view). */
export function typeDecoder(type: number): TypeDecoder | undefined {
  return BY_TYPE[type];
}

/** True when `type` has a declaration. */
export function isTypedType(type: number): type is TypedType {
  return BY_TYPE[type] !== undefined;
}

/**
 * The fields of structure type `type` that identify a machine (serial numbers, UUID, asset tags,
 * part numbers), with their class; [] for a type without a declaration or without identifiers.
 */
export function sensitiveFields(type: number): SensitiveField[] {
  const d = BY_TYPE[type];
  return d === undefined ? [] : sensitiveOf(d.fields);
}
