// File names for tables: the ones `acpixtract -a` writes and the ones Linux gives them in
// /sys/firmware/acpi/tables, and reading both back.

/** Anything with a signature, in input order. */
export interface Named {
  signature: string;
}

function countBySignature(tables: readonly Named[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tables) counts.set(t.signature, (counts.get(t.signature) ?? 0) + 1);
  return counts;
}

/** Lower-cases A–Z only, as C `tolower` in the C locale (ACPICA `AcpiUtStrlwr`). */
function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) | 0x20));
}

/**
 * The names `acpixtract -a` (20200925) gives the tables, in order: lower-case signature plus
 * `.dat`; when the input holds more than one table with a signature, every one of them is numbered
 * from 1 in order of appearance (`ssdt1.dat`, `ssdt2.dat`, …) (acpixtract.c `AxExtractTables`,
 * axutils.c `AxGetNextInstance`). The signature is the one from the dump's header line, with
 * `RSD ` already normalised to RSDP. For acpidump text, pass {@link acpixtractCounts} of the text:
 * acpixtract decides whether to number by counting every unindented line that starts with the
 * signature, not only header lines.
 */
export function acpixtractNames(tables: readonly Named[], textCounts?: ReadonlyMap<string, number>): string[] {
  const counts = textCounts ? new Map([...countBySignature(tables), ...textCounts]) : countBySignature(tables);
  const next = new Map<string, number>();
  return tables.map((t) => {
    // `%4.4s` stops at a NUL.
    const sig = t.signature.slice(0, 4).split('\0')[0]!;
    if ((counts.get(t.signature) ?? 0) > 1) {
      const n = (next.get(t.signature) ?? 0) + 1;
      next.set(t.signature, n);
      return asciiLower(`${sig}${n}.dat`);
    }
    return asciiLower(`${sig}.dat`);
  });
}

/**
 * The names Linux gives the tables under /sys/firmware/acpi/tables (drivers/acpi/sysfs.c
 * `acpi_table_attr_init`): the signature, and when it occurs more than once a 1-based instance
 * number on every instance, the first included (`SSDT1`, `SSDT2`, …).
 */
export function sysfsNames(tables: readonly Named[]): string[] {
  const counts = countBySignature(tables);
  const next = new Map<string, number>();
  return tables.map((t) => {
    if ((counts.get(t.signature) ?? 0) > 1) {
      const n = (next.get(t.signature) ?? 0) + 1;
      next.set(t.signature, n);
      return `${t.signature}${n}`;
    }
    return t.signature;
  });
}

/** What a table file's name says about the table in it. */
export interface TableFileName {
  signature: string;
  /** The instance number in the name, when it has one. */
  instance?: number;
  /** Which convention the name follows. */
  style: 'sysfs' | 'acpixtract';
}

/**
 * Reads a table file name: sysfs style (`DSDT`, `SSDT12`, as acpidump's `OslTableNameFromFile`
 * reads them: four signature characters, then digits) or acpixtract style (`dsdt.dat`,
 * `ssdt3.dat`). Returns undefined for any other name (the bytes then tell the signature).
 */
export function parseTableFileName(name: string): TableFileName | undefined {
  let m = /^([A-Z0-9_]{3}[A-Z0-9_!])([0-9]{1,4})?$/.exec(name);
  if (m) return { signature: m[1]!, ...(m[2] !== undefined && { instance: Number(m[2]) }), style: 'sysfs' };
  m = /^([a-z0-9_]{3}[a-z0-9_!])([0-9]{1,4})?\.dat$/.exec(name);
  if (m) return { signature: m[1]!.toUpperCase(), ...(m[2] !== undefined && { instance: Number(m[2]) }), style: 'acpixtract' };
  return undefined;
}

/**
 * True when `name` is safe to create inside an output folder: not empty, not `.`/`..`, and free of
 * path separators and control characters. acpixtract would happily follow a signature such as
 * `../x` out of the folder; we refuse such names.
 */
export function isSafeFileName(name: string): boolean {
  if (name === '' || name === '.' || name === '..' || name.startsWith('.')) return false;
  // eslint-disable-next-line no-control-regex
  return !/[/\\\x00-\x1f\x7f]/.test(name);
}

/**
 * The per-signature counts acpixtract bases its numbering on (axutils.c `AxCountTableInstances`):
 * every line that is not blank and does not start with a space counts for its first four
 * characters (`RSD ` as RSDP), so a stray `SSDT …` text line makes a lone SSDT `ssdt1.dat`.
 */
export function acpixtractCounts(text: Uint8Array): Map<string, number> {
  const counts = new Map<string, number>();
  let pos = 0;
  while (pos < text.length) {
    let eol = text.indexOf(10, pos);
    if (eol < 0) eol = text.length;
    let i = pos;
    while (i < eol && text[i] === 0x20) i++;
    const blank = i === eol || text[i] === 0x0d; // AxIsEmptyLine: spaces, then CR or LF
    if (!blank && text[pos] !== 0x20) {
      let sig = '';
      for (let k = pos; k < pos + 4; k++) sig += String.fromCharCode(k < text.length ? text[k]! : 0);
      if (sig === 'RSD ') sig = 'RSDP';
      counts.set(sig, (counts.get(sig) ?? 0) + 1);
    }
    pos = eol + 1;
  }
  return counts;
}
