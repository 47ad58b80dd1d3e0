/**
 * Signatures of the tables hvmloader always builds itself and the root tables point to (libacpi
 * `acpi_build_tables`): a blob cannot replace them; a copy in the blob is listed as one more
 * secondary table. `RSDP` is how host inputs name the RSDP; `RSD ` is how a blob walk reads the
 * first four bytes of `RSD PTR `.
 */
export const HVMLOADER_OWN_TABLES: ReadonlySet<string> = new Set(['RSDP', 'RSD ', 'RSDT', 'XSDT', 'FACP', 'DSDT', 'FACS']);
