/**
 * @hvmpack/modules — what HVMLOADER consumes: Xen's smbios_firmware/acpi_firmware blobs and
 * hvmloader's rules for them, the guest's view, the RFC module container, hvm_start_info and
 * hvm_info_table. No Node APIs.
 */
// The module container, hvm_start_info, hvm_info_table, format detection.
export * from './container/index.js';
export * from './start-info.js';
export * from './hvm-info.js';
export { InputFormat, detectFormats, inspectBytes, type Detection, type InspectResult } from './detect.js';
// Xen's smbios_firmware/acpi_firmware blobs, hvmloader's acceptance checks, the guest view.
export * from './xen/index.js';
