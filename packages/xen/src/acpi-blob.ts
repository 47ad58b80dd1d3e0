// Xen's `acpi_firmware` blob: the walker lives in `@hvmpack/acpi` (one reader per format); this
// module names it as the Xen target does.
import { walkAcpiBlob, type WalkAcpiBlobOptions } from '@hvmpack/acpi';

export { encodeAcpiBlob, type AcpiBlobRecord, type AcpiBlobWalk, type AcpiBlobEnd } from '@hvmpack/acpi';

/** Options for {@link decodeAcpiBlob}. */
export type DecodeAcpiBlobOptions = WalkAcpiBlobOptions;

/**
 * Walks an `acpi_firmware` blob exactly as hvmloader/libacpi `construct_passthrough_tables()`
 * does (see `walkAcpiBlob`). Never throws.
 */
export const decodeAcpiBlob: (blob: Uint8Array, options?: DecodeAcpiBlobOptions) => ReturnType<typeof walkAcpiBlob> = walkAcpiBlob;
