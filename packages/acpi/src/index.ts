/** @hvmpack/acpi — ACPI tables: header, raw layer, root walk, acpidump text, typed views. No Node APIs. */
export type { AcpiHeader, AcpiTable, AcpiTableSet } from './model.js';
