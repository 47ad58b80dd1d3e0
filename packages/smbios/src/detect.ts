// Whether bytes with no entry point and no RSMB header really are an SMBIOS structure table. A
// bare table has no magic of its own: any file whose second byte is 4 or more walks as one (a JPEG
// as an OEM structure, a DSDT as 35 structures of type 68), so the guess needs positive evidence.
import { ErrorCode, FormatError } from '@hvmpack/bytes';
import type { IndexedSmbios } from './model.js';
import { END_OF_TABLE_TYPE, INACTIVE_TYPE } from './table.js';

/** Highest structure type DSP0134 defines (3.8: type 46, String Property); 47–125 are reserved. */
export const SMBIOS_DEFINED_TYPE_MAX = 46;

/** Why a walked bare table is not SMBIOS, or undefined when it passes (see {@link checkBareTableGuess}). */
export function bareTableRefusal(t: IndexedSmbios): { reason: string; offset: number } | undefined {
  const { table, starts, count } = t.index;
  const types: number[] = [];
  for (let i = 0; i < count; i++) types.push(table[starts[i]!]!);
  const real = types.filter((x) => x !== INACTIVE_TYPE && x !== END_OF_TABLE_TYPE);
  const broke = t.findings.find((f) => f.severity === 'error');
  if (real.length === 0) {
    return { reason: count > 0 ? 'only an end-of-table or inactive structure could be read' : 'no complete structure could be read', offset: broke?.offset ?? 0 };
  }
  // Firmware normally writes type 0 (BIOS Information) first, though some open with an OEM
  // structure (a Dell PowerEdge R630 table starts with type 218). Such a table must then read
  // cleanly to its end-of-table structure: ACPI tables, images and text never do.
  const first = types[0]!;
  if (first > SMBIOS_DEFINED_TYPE_MAX && first !== INACTIVE_TYPE && (broke !== undefined || !types.includes(END_OF_TABLE_TYPE))) {
    return { reason: `the first structure's type ${first} is ${first >= 128 ? 'an OEM type' : 'reserved'} and the walk does not reach an end-of-table structure cleanly`, offset: 0 };
  }
  return undefined;
}

/**
 * Refuses a bare-table guess that is not SMBIOS (`UNKNOWN_FORMAT`, "not an SMBIOS table: …"):
 * no structure besides end-of-table or inactive ones (an ELF file's 0x7F reads as end-of-table),
 * or a first structure of a reserved or OEM type without a clean walk to end-of-table (JPEG, ACPI
 * tables, text). A table that opens with a defined type is read as far as it goes, with findings. A table with an entry point, an RSMB header or a forced container never
 * comes here.
 */
export function checkBareTableGuess(t: IndexedSmbios): IndexedSmbios {
  const no = bareTableRefusal(t);
  if (no === undefined) return t;
  throw new FormatError(ErrorCode.UnknownFormat, `not an SMBIOS table: no entry point or RSMB header, and ${no.reason}`, {
    offset: no.offset,
    path: 'smbios.table',
    expected: 'an entry point, an RSMB header or a structure table',
  });
}
