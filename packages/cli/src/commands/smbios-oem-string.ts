// dmidecode's `--oem-string N|count`, shared by `smbios decode` and `smbios get`: what dmidecode
// 3.4 prints (dmidecode.c `dmi_table_string`, dmiopt.c `parse_opt_oem_string`), stream for stream
// and with its exit code.
import { readSmbiosSource, resolveSmbiosSource } from '@hvmpack/host';
import type { RawStructure } from '@hvmpack/smbios';
import type { CommandContext } from '../command.js';
import { ExitCode, UsageError } from '../errors.js';
import { printJson } from '../json.js';

/**
 * The OEM string number as dmidecode reads it (`strtoul(arg, &next, 10)`, then 1-255, or `count`):
 * leading white space, a `+` and leading zeros are accepted; 0 stands for `count`. A number
 * dmidecode refuses ("Invalid OEM string number") is a usage error.
 */
export function parseOemStringNumber(which: string): number {
  if (which === 'count') return 0;
  const m = /^[ \t\n\v\f\r]*\+?(\d+)$/.exec(which);
  const n = m ? Number(m[1]) : NaN;
  if (!(n >= 1 && n <= 255)) throw new UsageError(`invalid OEM string number ${JSON.stringify(which)}: use 1-255 or count`);
  return n;
}

/** What `--oem-string` finds: one line per type 11 structure that has string N, and how many lack it. */
export interface OemStrings {
  values: string[];
  /** Type 11 structures too short for a count, or whose count is below N: a stderr line each. */
  missing: number;
}

/**
 * `--oem-string N|count` for every type 11 structure, in table order, as dmidecode does: string N
 * (control characters as `.`, `<BAD INDEX>` for a string the set lacks) or the count byte; a
 * structure too short for a count, or a number past its count, is missing. Neither is an error to
 * dmidecode (exit 0), nor is a table without type 11 (nothing printed).
 */
export function oemStrings(structures: readonly RawStructure[], n: number): OemStrings {
  const out: OemStrings = { values: [], missing: 0 };
  for (const s of structures) {
    if (s.type !== 11) continue;
    const count = s.length >= 5 ? s.formatted[4]! : undefined;
    if (count === undefined || n > count) out.missing++;
    else out.values.push(n === 0 ? String(count) : s.strings[n - 1] === undefined ? '<BAD INDEX>' : s.strings[n - 1]!.replace(/[\u0000-\u001f\u007f]/g, '.'));
  }
  return out;
}

/** Reads `input` and prints its `--oem-string` lines (JSON with `--json`: `keyword` `oem-string`, `oemString`, `values`, `missing`); exit 0 as dmidecode. */
export async function printOemString(input: string, which: string, verifyChecksums: boolean, ctx: CommandContext): Promise<number> {
  const n = parseOemStringNumber(which);
  const t = await readSmbiosSource(await resolveSmbiosSource(input, ctx.io), { verifyChecksums }, ctx.io);
  const found = oemStrings(t.structures, n);
  if (ctx.json) {
    printJson(ctx, { input, keyword: 'oem-string', oemString: which, values: found.values, missing: found.missing });
    return ExitCode.Ok;
  }
  // dmidecode prints the lines in table order; each stream keeps its own order here.
  for (let k = 0; k < found.missing; k++) ctx.io.stderr(`hvmpack: ${input}: no OEM string number ${n}\n`);
  for (const v of found.values) ctx.io.stdout(v + '\n');
  return ExitCode.Ok;
}
