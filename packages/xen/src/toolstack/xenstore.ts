// The xenstore keys a toolstack writes for hvmloader (research xen.md §2.4, §2.8): what libxl's
// hvm_build_set_xs_values() and libxl_create.c write for a guest, in libxl's value formats, plus
// hvmpack's proposals (docs/module-format.md §8, docs/toolstack.md), each marked as such.
import { ErrorCode, FormatError, finding, type Finding } from '@hvmpack/bytes';
import { BIOS_STRING_KEYS, isBiosStringKey, type Guest } from '@hvmpack/guest';
import { decodeSmbiosBlob } from '../smbios-blob.js';
import { lengthAccepted, ruleFor } from '../smbios-rules.js';
import type { HvmInfoTable } from '../hvm-info.js';

/** `XENSTORE_PAYLOAD_MAX` (xs_wire.h): a request's payload, here path + NUL + value, is at most this long. */
export const XENSTORE_PAYLOAD_MAX = 4096;
/** `XENSTORE_ABS_PATH_MAX` (xs_wire.h). */
export const XENSTORE_ABS_PATH_MAX = 3072;
/** `DOMID_FIRST_RESERVED` (xen.h): domids from here on are not guests. */
export const DOMID_FIRST_RESERVED = 0x7ff0;
/** hvmloader's `smbios_type_11_init` reads `bios-strings/oem-1` … `oem-99` (libxl's cap, `ERROR_INVAL` past it). */
export const MAX_OEM_STRINGS = 99;

/** Who reads a key: stock hvmloader, or nobody yet (an hvmpack proposal for a patched loader). */
export type XenstoreReader = 'hvmloader' | 'proposal';

/** One key under the guest's home `/local/domain/<domid>/`. */
export interface XenstoreEntry {
  /** Path relative to the domain's home, e.g. `hvmloader/smbios/address`. */
  path: string;
  value: string;
  reader: XenstoreReader;
}

/** Where the toolstack loaded a blob in guest memory. */
export interface BlobPlacement {
  address: bigint;
  length: number;
}

/** What {@link xenstoreEntries} builds keys from. */
export interface XenstoreInput {
  guest: Guest;
  /** The `smbios_firmware` blob's placement; no keys when absent or empty (as libxl). */
  smbios?: BlobPlacement;
  /** The `acpi_firmware` blob's placement; no keys when absent or empty. */
  acpi?: BlobPlacement;
  /** An hvmpack module set's placement: `hvmloader/modules/*` (a proposal). */
  modules?: BlobPlacement;
  /** The SMBIOS blob itself: its structures tell which bios-strings keys hvmloader will ignore. */
  smbiosBlob?: Uint8Array;
  /** The guest's hvm_info_table: its values as `hvmloader/hvm-info/*` keys (a proposal). */
  hvmInfo?: HvmInfoTable;
}

/** The keys, in the order a toolstack writes them, and what is wrong or ignored among them. */
export interface XenstoreKeys {
  entries: XenstoreEntry[];
  findings: Finding[];
}

/** Namespace of the hvm_info_table proposal (docs/toolstack.md). */
export const HVM_INFO_XS_PREFIX = 'hvmloader/hvm-info';

// libxl_dm.c writes hvmloader/bios in lower case; hvmloader's detect_bios() compares it so.
const hvmloaderBios = (g: Guest): string => g.firmware;

/** libxl's `"0x%"PRIx64` for addresses (hvm_build_set_xs_values). */
export function formatXsAddress(address: bigint): string {
  return `0x${address.toString(16)}`;
}

/** libxl's `"0x%x"` for lengths. */
export function formatXsLength(length: number): string {
  return `0x${length.toString(16)}`;
}

/**
 * Which bios-strings keys feed the structure hvmloader generates for each type; a pass-through
 * structure of that type replaces the generated one, keys and all (xen.md §11).
 */
const KEY_TYPES: readonly { prefix: string; type: number }[] = [
  { prefix: 'bios-', type: 0 },
  { prefix: 'system-', type: 1 },
  { prefix: 'baseboard-', type: 2 },
  { prefix: 'enclosure-', type: 3 },
  { prefix: 'oem-', type: 11 },
  { prefix: 'battery-', type: 22 },
];

/** The SMBIOS type whose generated structure reads `key`. */
export function biosStringType(key: string): number | undefined {
  return KEY_TYPES.find((k) => key.startsWith(k.prefix))?.type;
}

const VALID_NODE = /^[A-Za-z0-9_@/-]+$/;

/**
 * Checks an absolute xenstore path as xenstored's is_valid_path() does: `/` first, only
 * `A-Z a-z 0-9 - / _ @`, no empty component, no trailing `/`, at most XENSTORE_ABS_PATH_MAX.
 */
export function checkXenstorePath(path: string): void {
  const bad = (why: string): never => {
    throw new FormatError(ErrorCode.BadValue, `not a valid xenstore path: ${why}`, { path: 'xenstore', found: JSON.stringify(path) });
  };
  if (!path.startsWith('/')) bad('it must start with /');
  if (path.length > XENSTORE_ABS_PATH_MAX) bad(`longer than ${XENSTORE_ABS_PATH_MAX} characters`);
  if (!VALID_NODE.test(path)) bad('only A-Z a-z 0-9 - / _ @ are allowed');
  if (path.includes('//') || (path.length > 1 && path.endsWith('/'))) bad('empty path component');
}

/** Checks a domid a guest can have (0 is dom0; DOMID_FIRST_RESERVED and above are not domains). */
export function checkDomid(domid: number): void {
  if (!Number.isInteger(domid) || domid < 0 || domid >= DOMID_FIRST_RESERVED) {
    throw new FormatError(ErrorCode.BadValue, 'domid out of range', { expected: `0..${DOMID_FIRST_RESERVED - 1}`, found: String(domid) });
  }
}

/** The domain's home, `/local/domain/<domid>`. */
export function domainHome(domid: number): string {
  checkDomid(domid);
  return `/local/domain/${domid}`;
}

/** Bytes `s` takes as UTF-8 (a lone surrogate counts as the 3-byte U+FFFD it becomes). */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

// The longest home a domid can give, so limits hold whatever domid the script is run with.
const LONGEST_HOME = `/local/domain/${DOMID_FIRST_RESERVED - 1}`;

/** Checks that a key can be written and read back whole: path rules and the payload cap. */
function checkEntry(e: XenstoreEntry, out: Finding[]): boolean {
  const where = { path: `xenstore.${e.path}` };
  try {
    checkXenstorePath(`${LONGEST_HOME}/${e.path}`);
  } catch (err) {
    out.push(finding('XENSTORE_BAD_PATH', 'error', err instanceof Error ? err.message : String(err), where));
    return false;
  }
  if (e.value.includes('\0')) {
    out.push(finding('XENSTORE_VALUE_NUL', 'error', 'the value holds a NUL byte: hvmloader reads values as C strings and a command line cannot carry it', where));
    return false;
  }
  const payload = utf8Length(`${LONGEST_HOME}/${e.path}`) + 1 + utf8Length(e.value);
  if (payload > XENSTORE_PAYLOAD_MAX) {
    out.push(finding('XENSTORE_VALUE_TOO_LONG', 'error', `path and value take ${payload} bytes; xenstore messages carry at most ${XENSTORE_PAYLOAD_MAX} (XENSTORE_PAYLOAD_MAX)`, where));
    return false;
  }
  return true;
}

/** The pass-through types hvmloader will take from the blob (first instance, long enough). */
function passedTypes(blob: Uint8Array, guest: Guest): Set<number> {
  const taken = new Set<number>();
  for (const r of decodeSmbiosBlob(blob).records) {
    const rule = ruleFor(guest.xen, r.type);
    if (rule && !taken.has(r.type) && lengthAccepted(guest.xen, rule, r.length)) taken.add(r.type);
  }
  return taken;
}

/**
 * The bios-strings keys of a guest (findings appended to `out`), validated as hvmloader reads them: known names only, no
 * empty values (hvmloader treats them as absent), OEM strings numbered from 1 without gaps
 * (smbios_type_11_init stops at the first missing one), at most 99.
 */
export function biosStringEntries(guest: Guest, blob: Uint8Array | undefined, out: Finding[]): XenstoreEntry[] {
  const keys = Object.keys(guest.biosStrings);
  const passed = blob ? passedTypes(blob, guest) : new Set<number>();
  const entries: XenstoreEntry[] = [];
  const oem: number[] = [];
  for (const key of keys) {
    const where = { path: `guest.biosStrings.${key}` };
    const value = guest.biosStrings[key]!;
    const oemNumber = /^oem-(\d+)$/.exec(key);
    if (oemNumber && Number(oemNumber[1]) > MAX_OEM_STRINGS) {
      out.push(finding('XENSTORE_TOO_MANY_OEM_STRINGS', 'error', `${key}: hvmloader reads oem-1 … oem-${MAX_OEM_STRINGS} only (libxl refuses more)`, where));
      continue;
    }
    if (!isBiosStringKey(key)) {
      out.push(finding('XENSTORE_UNKNOWN_BIOS_STRING', 'error', `${key} is not a bios-strings key hvmloader reads (${BIOS_STRING_KEYS.slice(0, 3).join(', ')}, …, oem-1)`, where));
      continue;
    }
    if (value === '') {
      out.push(finding('XENSTORE_EMPTY_VALUE', 'warning', `${key} is empty: hvmloader treats an empty key as absent and uses its default (xl refuses empty smbios= values); not written`, where));
      continue;
    }
    const type = biosStringType(key);
    if (type !== undefined && passed.has(type)) {
      out.push(finding('XENSTORE_KEY_OVERRIDDEN', 'warning', `${key} is ignored: the SMBIOS blob passes a type ${type} structure, which replaces the one hvmloader would build from this key`, where));
    } else if (type === 22 && !guest.defaultBattery) {
      out.push(finding('XENSTORE_KEY_UNUSED', 'info', `${key} is read only when hvmloader builds a battery (hvmloader/smbios/default_battery, or a type 22 in the blob)`, where));
    }
    if (oemNumber) oem.push(Number(oemNumber[1]));
    entries.push({ path: `bios-strings/${key}`, value, reader: 'hvmloader' });
  }
  oem.sort((a, b) => a - b);
  const gap = oem.findIndex((n, i) => n !== i + 1);
  if (gap >= 0) {
    const missing = gap + 1;
    out.push(finding('XENSTORE_OEM_GAP', 'error', `oem-${missing} is missing: hvmloader stops at the first missing OEM string, so ${oem.slice(gap).map((n) => `oem-${n}`).join(', ')} ${oem.length - gap === 1 ? 'never reaches' : 'never reach'} the guest`, { path: `guest.biosStrings.oem-${missing}` }));
  }
  // Fixed names in hvm_xs_strings.h order, then oem-1, oem-2, … numerically.
  const rank = (p: string): number => {
    const k = p.slice('bios-strings/'.length);
    const i = (BIOS_STRING_KEYS as readonly string[]).indexOf(k);
    return i >= 0 ? i : BIOS_STRING_KEYS.length + Number(k.slice(4));
  };
  return entries.sort((a, b) => rank(a.path) - rank(b.path)).filter((e) => checkEntry(e, out));
}

/** The hvm_info_table fields as keys (docs/toolstack.md); stock hvmloader reads the table, not these. */
export function hvmInfoEntries(t: HvmInfoTable): XenstoreEntry[] {
  const online = Array.from(t.vcpuOnline, (b) => b.toString(16).padStart(2, '0')).join('');
  const fields: [string, string][] = [
    ['apic-mode', String(t.apicMode)],
    ['nr-vcpus', String(t.nrVcpus)],
    ['low-mem-pgend', formatXsLength(t.lowMemPgend)],
    ['reserved-mem-pgstart', formatXsLength(t.reservedMemPgstart)],
    ['high-mem-pgend', formatXsLength(t.highMemPgend)],
    ['vcpu-online', online],
  ];
  return fields.map(([k, v]) => ({ path: `${HVM_INFO_XS_PREFIX}/${k}`, value: v, reader: 'proposal' }));
}

function placementEntries(name: string, p: BlobPlacement | undefined, reader: XenstoreReader, out: Finding[]): XenstoreEntry[] {
  if (!p || p.length === 0) return [];
  const where = { path: `xenstore.hvmloader/${name}` };
  if (!Number.isInteger(p.length) || p.length < 0 || p.length > 0xffffffff) {
    throw new FormatError(ErrorCode.BadValue, `${name} blob length out of range`, { ...where, expected: '0..0xffffffff', found: String(p.length) });
  }
  // hvmloader parses with strtoll() and keeps 32 bits; libxenguest refuses modules past mmio_start.
  if (p.address <= 0n || p.address + BigInt(p.length) > 0x1_0000_0000n) {
    out.push(finding('XENSTORE_ADDRESS_OUT_OF_RANGE', 'error', `the ${name} blob at ${formatXsAddress(p.address)} (+${formatXsLength(p.length)}) is not inside 32-bit guest memory, where hvmloader can read it`, where));
  }
  return [
    { path: `hvmloader/${name}/address`, value: formatXsAddress(p.address), reader },
    { path: `hvmloader/${name}/length`, value: formatXsLength(p.length), reader },
  ];
}

const flag = (b: boolean): string => (b ? '1' : '0');

/**
 * Every key a toolstack writes for this guest's hvmloader, in libxl's formats: the firmware
 * choice, the blob placements, the `platform/*` switches, `default_battery`, the bios-strings,
 * then the proposals. Invalid keys are left out with an error finding; never throws on the
 * guest's strings.
 */
export function xenstoreEntries(input: XenstoreInput): XenstoreKeys {
  const { guest } = input;
  const findings: Finding[] = [];
  const entries: XenstoreEntry[] = [
    { path: 'hvmloader/bios', value: hvmloaderBios(guest), reader: 'hvmloader' },
    ...placementEntries('acpi', input.acpi, 'hvmloader', findings),
    ...placementEntries('smbios', input.smbios, 'hvmloader', findings),
    { path: 'platform/acpi', value: flag(guest.acpi), reader: 'hvmloader' },
    { path: 'platform/acpi_s3', value: flag(guest.acpiS3), reader: 'hvmloader' },
    { path: 'platform/acpi_s4', value: flag(guest.acpiS4), reader: 'hvmloader' },
    { path: 'platform/acpi_laptop_slate', value: flag(guest.laptopSlate), reader: 'hvmloader' },
    // libxl never writes it and hvmloader's default is "1" (probe a TPM 1.2): say 0 explicitly.
    { path: 'platform/tpm_version', value: String(guest.tpm), reader: 'hvmloader' },
  ];
  if (guest.defaultBattery) entries.push({ path: 'hvmloader/smbios/default_battery', value: '1', reader: 'hvmloader' });
  entries.push(...placementEntries('modules', input.modules, 'proposal', findings));
  if (input.hvmInfo) entries.push(...hvmInfoEntries(input.hvmInfo));
  const checked = entries.filter((e) => checkEntry(e, findings));
  // The bios-strings sit before the proposals, as a reader of the keys expects them.
  const firstProposal = checked.findIndex((e) => e.reader === 'proposal');
  checked.splice(firstProposal < 0 ? checked.length : firstProposal, 0, ...biosStringEntries(guest, input.smbiosBlob, findings));
  return { entries: checked, findings };
}

/** Absolute paths for one domain: `[{ path: '/local/domain/7/…', value }]`. */
export function absoluteEntries(entries: readonly XenstoreEntry[], domid: number): XenstoreEntry[] {
  const home = domainHome(domid);
  return entries.map((e) => ({ ...e, path: `${home}/${e.path}` }));
}

// The only named escapes xenstore-write's unsanitising knows (checked against Xen 4.17's client:
// `\a \b \f \v` come out as the bare letter), so other controls are written as `\xNN`.
const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\' };

/**
 * A value as xenstore-write (without `-R`) unescapes it back: backslash and control characters
 * escaped, everything else, non-ASCII included, as it is.
 */
export function escapeXenstoreValue(value: string): string {
  let out = '';
  for (const ch of value) {
    const named = NAMED_ESCAPES[ch];
    const c = ch.codePointAt(0)!;
    if (named !== undefined) out += named;
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}

/** `path=value` lines, one per key, values escaped by {@link escapeXenstoreValue}. */
export function formatXenstoreLines(entries: readonly XenstoreEntry[]): string {
  return entries.map((e) => `${e.path}=${escapeXenstoreValue(e.value)}\n`).join('');
}
