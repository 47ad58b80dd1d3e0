export {};
// Helper G: Xen's smbios_firmware/acpi_firmware blobs, hvmloader's acceptance checks, the guest view.
export * from './xen/index.js';
