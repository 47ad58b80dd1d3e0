// A guest described in a file (schemas/guest.schema.json): every field optional, checked one by
// one so an error names the field, the rest taken from DEFAULT_GUEST by resolveGuest.
import { ErrorCode, FormatError } from '@hvmpack/bytes';
import { Firmware, isBiosStringKey, parseXenVersion, type Guest, type XenVersion } from './guest.js';

type Check = (v: unknown, path: string) => unknown;

/** A `BAD_VALUE` FormatError for value `v` at `path` of a description file (guest, policy), saying what was expected. */
export function badField(path: string, expected: string, v: unknown): never {
  throw new FormatError(ErrorCode.BadValue, `${path}: expected ${expected}`, { path, expected, found: describe(v) });
}
const fail = badField;

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : String(v);
}

const boolean: Check = (v, p) => (typeof v === 'boolean' ? v : fail(p, 'true or false', v));
const string: Check = (v, p) => (typeof v === 'string' ? v : fail(p, 'a string', v));
const integer = (min: number, max: number): Check => (v, p) =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : fail(p, `a whole number ${min}..${max}`, v);
const oneOf = (values: readonly (string | number)[]): Check => (v, p) =>
  values.includes(v as string | number) ? v : fail(p, `one of ${values.map((x) => JSON.stringify(x)).join(', ')}`, v);
const pattern = (re: RegExp, what: string): Check => (v, p) => (typeof v === 'string' && re.test(v) ? v : fail(p, what, v));

function object(v: unknown, p: string): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(p, 'an object', v);
}

const xen: Check = (v, p): XenVersion => {
  // YAML reads an unquoted 4.10 as the number 4.1: only a string keeps the version exact.
  if (typeof v === 'number') return fail(p, 'a quoted version string such as "4.21" (as a number, 4.10 would read as 4.1)', v);
  if (typeof v === 'string') {
    try {
      return parseXenVersion(v);
    } catch (e) {
      return fail(p, `a Xen version 4.3 or later such as "4.21" (${e instanceof Error ? e.message : String(e)})`, v);
    }
  }
  const o = object(v, p);
  return { major: integer(4, 99)(o['major'], `${p}.major`) as number, minor: integer(0, 99)(o['minor'], `${p}.minor`) as number, extra: o['extra'] === undefined ? '.0' : (string(o['extra'], `${p}.extra`) as string) };
};

const biosStrings: Check = (v, p) => {
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(object(v, p))) {
    // xl's smbios= names use underscores; libxl turns them into the hyphenated keys.
    const key = k.replace(/_/g, '-');
    if (!isBiosStringKey(key)) fail(`${p}.${k}`, 'a bios-strings key hvmloader reads (bios-vendor, system-manufacturer, …, oem-1 … oem-99)', k);
    out[key] = string(value, `${p}.${k}`) as string;
  }
  return out;
};

const cpu: Check = (v, p) => {
  const o = object(v, p);
  const fields: Record<string, Check> = { vendor: string, signatureEax: integer(0, 0xffffffff), featuresEdx: integer(0, 0xffffffff), mhz: integer(0, 0xffff) };
  return checkFields(o, fields, p, true);
};

/** Each field of a guest file and its check; names are `Guest`'s own. */
const GUEST_FIELDS: { readonly [K in keyof Guest]?: Check } = {
  firmware: oneOf(Object.values(Firmware)),
  xen,
  vcpus: integer(1, 128),
  memoryMiB: integer(2, 16 * 1024 * 1024),
  // null: hvmloader's own split (min(memory, 3840 MiB) below 4 GiB); resolveGuest checks it against memoryMiB.
  memoryBelow4GMiB: (v, p) => (v === null ? null : integer(2, 4080)(v, p)),
  biosStrings,
  apicMode: boolean,
  hpet: boolean,
  acpiS3: boolean,
  acpiS4: boolean,
  battery: boolean,
  laptopSlate: boolean,
  tpm: oneOf([0, 1, 2]),
  vnuma: boolean,
  acpi: boolean,
  defaultBattery: boolean,
  uuid: pattern(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'a UUID such as 4c4c4544-0000-1000-8000-00000000d3e0'),
  cpu,
  buildDate: pattern(/^\d\d\/\d\d\/\d{4}$/, 'a date mm/dd/yyyy'),
};

/** The fields a guest file may set (schemas/guest.schema.json lists the same). */
export const GUEST_FILE_FIELDS: readonly string[] = Object.keys(GUEST_FIELDS);

function checkFields(o: Record<string, unknown>, fields: Record<string, Check>, p: string, all: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    const check = fields[k];
    if (check === undefined) {
      if (p === 'guest' && k === '$schema') continue;
      throw new FormatError(ErrorCode.BadValue, `${p}.${k}: unknown field`, { path: `${p}.${k}`, expected: `one of ${Object.keys(fields).join(', ')}` });
    }
    out[k] = check(v, `${p}.${k}`);
  }
  if (all) for (const k of Object.keys(fields)) if (!(k in o)) fail(`${p}.${k}`, 'a value (the field is required here)', undefined);
  return out;
}

/** A guest from a parsed guest file: the fields it sets, each checked (FormatError naming the field). */
export function guestFromObject(value: unknown): Partial<Guest> {
  return checkFields(object(value, 'guest'), GUEST_FIELDS as Record<string, Check>, 'guest', false) as Partial<Guest>;
}

/** A guest from JSON text; a syntax error names the line and column. */
export function parseGuestJson(text: string): Partial<Guest> {
  return guestFromObject(parseJsonText(text, 'guest file', 'guest'));
}

/** Parses the JSON text of a description file (`what`: `guest file`); a syntax error names its line and column. */
export function parseJsonText(text: string, what: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // V8 says "at position N" (older) or "(line L column C)" (newer).
    const lc = /line (\d+) column (\d+)/.exec(msg);
    const pos = /position (\d+)/.exec(msg);
    const at = lc ? { line: Number(lc[1]), column: Number(lc[2]) } : pos ? lineColumn(text, Number(pos[1])) : {};
    // V8 quotes the text around the error, newlines included: the message stays one line.
    throw new FormatError(ErrorCode.BadValue, `${what} is not valid JSON`, { path, ...at, found: msg.split('\n')[0] ?? '' });
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/**
 * A guest file's fields under explicit overrides (command-line flags): scalars replaced,
 * bios-strings merged key by key.
 */
export function overrideGuest(file: Partial<Guest>, flags: Partial<Guest>): Partial<Guest> {
  const out: Partial<Guest> = { ...file, ...flags };
  if (file.biosStrings && flags.biosStrings) out.biosStrings = { ...file.biosStrings, ...flags.biosStrings };
  return out;
}
