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
import { ADDITIONAL_INFORMATION_FIELDS, formatAdditionalInformation } from './type40-additional-information.js';
import { ONBOARD_DEVICES_EXTENDED_FIELDS, formatOnboardDevicesExtended } from './type41-onboard-devices-extended-information.js';
import { MANAGEMENT_CONTROLLER_HOST_INTERFACE_FIELDS, formatManagementControllerHostInterface, managementControllerHostInterfaceExtras } from './type42-management-controller-host-interface.js';
import { TPM_DEVICE_FIELDS, formatTpmDevice } from './type43-tpm-device.js';
import { FIRMWARE_INVENTORY_INFORMATION_FIELDS, formatFirmwareInventoryInformation } from './type45-firmware-inventory-information.js';
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
  [5, { name: 'Memory Controller Information', fields: MEMORY_CONTROLLER_INFORMATION_FIELDS, format: formatMemoryControllerInformation }],
  [6, { name: 'Memory Module Information', fields: MEMORY_MODULE_INFORMATION_FIELDS, format: formatMemoryModuleInformation }],
  [7, { name: 'Cache Information', fields: CACHE_INFORMATION_FIELDS, format: formatCacheInformation }],
  [8, { name: 'Port Connector Information', fields: PORT_CONNECTOR_INFORMATION_FIELDS, format: formatPortConnectorInformation }],
  [9, { name: 'System Slot Information', fields: SYSTEM_SLOTS_FIELDS, format: formatSystemSlots }],
  [10, { name: 'On Board Devices Information', fields: ON_BOARD_DEVICES_FIELDS, format: formatOnBoardDevices, extras: onBoardDevicesExtras }],
  [11, { name: 'OEM Strings', fields: OEM_STRINGS_FIELDS, format: formatOemStrings, extras: oemStringsExtras }],
  [12, { name: 'System Configuration Options', fields: SYSTEM_CONFIGURATION_OPTIONS_FIELDS, format: formatSystemConfigurationOptions }],
  [13, { name: 'BIOS Language Information', fields: BIOS_LANGUAGE_INFORMATION_FIELDS, format: formatBiosLanguageInformation }],
  [14, { name: 'Group Associations', fields: GROUP_ASSOCIATIONS_FIELDS, format: formatGroupAssociations, extras: groupAssociationsExtras }],
  [15, { name: 'System Event Log', fields: SYSTEM_EVENT_LOG_FIELDS, format: formatSystemEventLog }],
  [16, { name: 'Physical Memory Array', fields: PHYSICAL_MEMORY_ARRAY_FIELDS, format: formatPhysicalMemoryArray }],
  [17, { name: 'Memory Device', fields: MEMORY_DEVICE_FIELDS, format: formatMemoryDevice }],
  [18, { name: '32-bit Memory Error Information', fields: MEMORY_ERROR_32_FIELDS, format: formatMemoryError32 }],
  [19, { name: 'Memory Array Mapped Address', fields: MEMORY_ARRAY_MAPPED_ADDRESS_FIELDS, format: formatMemoryArrayMappedAddress }],
  [20, { name: 'Memory Device Mapped Address', fields: MEMORY_DEVICE_MAPPED_ADDRESS_FIELDS, format: formatMemoryDeviceMappedAddress }],
  [21, { name: 'Built-in Pointing Device', fields: BUILT_IN_POINTING_DEVICE_FIELDS, format: formatBuiltInPointingDevice }],
  [22, { name: 'Portable Battery', fields: PORTABLE_BATTERY_FIELDS, format: formatPortableBattery }],
  [23, { name: 'System Reset', fields: SYSTEM_RESET_FIELDS, format: formatSystemReset }],
  [24, { name: 'Hardware Security', fields: HARDWARE_SECURITY_FIELDS, format: formatHardwareSecurity }],
  [25, { name: 'System Power Controls', fields: SYSTEM_POWER_CONTROLS_FIELDS, format: formatSystemPowerControls }],
  [26, { name: 'Voltage Probe', fields: VOLTAGE_PROBE_FIELDS, format: formatVoltageProbe }],
  [27, { name: 'Cooling Device', fields: COOLING_DEVICE_FIELDS, format: formatCoolingDevice }],
  [28, { name: 'Temperature Probe', fields: TEMPERATURE_PROBE_FIELDS, format: formatTemperatureProbe }],
  [29, { name: 'Electrical Current Probe', fields: ELECTRICAL_CURRENT_PROBE_FIELDS, format: formatElectricalCurrentProbe }],
  [30, { name: 'Out-of-band Remote Access', fields: OUT_OF_BAND_REMOTE_ACCESS_FIELDS, format: formatOutOfBandRemoteAccess }],
  [31, { name: 'Boot Integrity Services Entry Point', fields: BOOT_INTEGRITY_SERVICES_FIELDS, format: formatBootIntegrityServices }],
  [32, { name: 'System Boot Information', fields: SYSTEM_BOOT_INFORMATION_FIELDS, format: formatSystemBootInformation }],
  [33, { name: '64-bit Memory Error Information', fields: MEMORY_ERROR_64_FIELDS, format: formatMemoryError64 }],
  [34, { name: 'Management Device', fields: MANAGEMENT_DEVICE_FIELDS, format: formatManagementDevice }],
  [35, { name: 'Management Device Component', fields: MANAGEMENT_DEVICE_COMPONENT_FIELDS, format: formatManagementDeviceComponent }],
  [36, { name: 'Management Device Threshold Data', fields: MANAGEMENT_DEVICE_THRESHOLD_DATA_FIELDS, format: formatManagementDeviceThresholdData }],
  [37, { name: 'Memory Channel', fields: MEMORY_CHANNEL_FIELDS, format: formatMemoryChannel }],
  [38, { name: 'IPMI Device Information', fields: IPMI_DEVICE_INFORMATION_FIELDS, format: formatIpmiDeviceInformation }],
  [39, { name: 'System Power Supply', fields: SYSTEM_POWER_SUPPLY_FIELDS, format: formatSystemPowerSupply }],
  [40, { name: 'Additional Information', fields: ADDITIONAL_INFORMATION_FIELDS, format: formatAdditionalInformation }],
  [41, { name: 'Onboard Device', fields: ONBOARD_DEVICES_EXTENDED_FIELDS, format: formatOnboardDevicesExtended }],
  [42, { name: 'Management Controller Host Interface', fields: MANAGEMENT_CONTROLLER_HOST_INTERFACE_FIELDS, format: formatManagementControllerHostInterface, extras: managementControllerHostInterfaceExtras }],
  [43, { name: 'TPM Device', fields: TPM_DEVICE_FIELDS, format: formatTpmDevice }],
  [45, { name: 'Firmware Inventory Information', fields: FIRMWARE_INVENTORY_INFORMATION_FIELDS, format: formatFirmwareInventoryInformation }],
  [126, { name: 'Inactive', fields: [], format: (v) => v.title('Inactive') }],
  [127, { name: 'End Of Table', fields: [], format: (v) => v.title('End Of Table') }],
]);
