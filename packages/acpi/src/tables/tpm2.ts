// TPM2, TCG ACPI Specification 1.3 §8.3: the control area, the start method and, in revision 4
// tables long enough to hold them, the event log area (LAML/LASA).
import type { AcpiHeader, AcpiTable } from '../model.js';
import { openTable, readFields, type FieldLayout, type LayoutFields, type TableDecodeOptions } from './common.js';

/** TPM2 fixed-field declaration (parameters and log area are handled separately). `platformClass` 0 client, 1 server. */
export const TPM2_LAYOUT = [['platformClass', 36, 'u16'], ['controlAddress', 40, 'u64'], ['startMethod', 48, 'u32']] as const satisfies FieldLayout;

const PARAMS_OFFSET = 52;
const PARAMS_MAX = 12;
/** Log Area Minimum Length and Start Address (revision 4, when long enough). */
const LOG_LAYOUT = [['logAreaMinimumLength', 64, 'u32'], ['logAreaStartAddress', 68, 'u64']] as const satisfies FieldLayout;

/** A decoded TPM2 table; fields past the table's length are absent. */
export type Tpm2 = { header: AcpiHeader } & LayoutFields<typeof TPM2_LAYOUT> & {
  /** Start-method specific parameters (up to 12 bytes, as present; a view). */
  startMethodParameters?: Uint8Array;
} & LayoutFields<typeof LOG_LAYOUT>;

const START_METHODS: Record<number, string> = {
  1: 'Legacy', 2: 'ACPI Start Method', 6: 'Memory Mapped I/O', 7: 'Command Response Buffer', 8: 'Command Response Buffer with ACPI Start Method',
  11: 'Command Response Buffer with ARM SMC', 12: 'FIFO over I2C', 13: 'AMD Mailbox', 15: 'Command Response Buffer with ARM FF-A',
};

/** Display name of a TPM2 start method, or undefined for values the TCG spec does not define. */
export function tpm2StartMethodName(v: number): string | undefined {
  return START_METHODS[v];
}

/** Decodes a TPM2 table. */
export function decodeTpm2(table: Uint8Array | AcpiTable, options: TableDecodeOptions = {}): Tpm2 {
  const { header, r } = openTable(table, ['TPM2'], options);
  const out: Tpm2 = { header, ...readFields(r, TPM2_LAYOUT, header.length) };
  if (header.length > PARAMS_OFFSET) {
    out.startMethodParameters = r.bytesAt(PARAMS_OFFSET, Math.min(PARAMS_MAX, header.length - PARAMS_OFFSET));
  }
  return Object.assign(out, readFields(r, LOG_LAYOUT, header.length));
}
