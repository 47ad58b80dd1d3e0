// How free text is classed (type 11/12 strings, OEM types' strings) and which values are firmware
// placeholders. The placeholder list is what the corpus and the BIOS kits ship (AMI's "To Be
// Filled By O.E.M.", "Default string", Dell's "No Asset Information", AMI's sample UUID
// 03000200-0400-0500-0006-000700080009); a value on it is still inventoried, only flagged.
import type { IdentifierClass, Severity } from './model.js';

const PLACEHOLDER_TEXT: ReadonlySet<string> = new Set(
  [
    'to be filled by o.e.m.', 'to be filled by o.e.m', 'fill by oem', 'default string', 'default_string', 'not specified', 'not applicable',
    'not available', 'not provided', 'not present', 'not settable', 'not_supported', 'none', 'null', 'n/a', 'na', 'unknown', 'oem', 'o.e.m.',
    'system serial number', 'chassis serial number', 'base board serial number', 'board serial number', 'serial number', 'sernum0',
    'asset tag', 'asset-tag', 'no asset tag', 'no asset information', 'chassis asset tag', 'asset tag#', 'part number', 'sku', 'system sku number',
    'type2 - board serial number', 'type2 - board asset tag', 'empty', '0123456789', '123456789', '1234567890', '9876543210', 'xxxxxxxxxx',
  ],
);

// AMI's sample UUID, left in place by many boards (the corpus has one).
const PLACEHOLDER_UUIDS: ReadonlySet<string> = new Set(['03000200-0400-0500-0006-000700080009']);

/**
 * True for a value firmware ships unfilled: a known placeholder text, blanks, or one character
 * repeated (`00000000`, `FFFFFFFF`, `........`); for UUIDs also all-zero, all-FF and AMI's sample.
 */
export function isPlaceholder(value: string, kind: 'string' | 'uuid' = 'string'): boolean {
  const v = value.trim().toLowerCase();
  if (kind === 'uuid') return v === 'not present' || v === 'not settable' || /^[0-]+$/.test(v) || /^[f-]+$/.test(v) || PLACEHOLDER_UUIDS.has(v);
  if (v === '' || PLACEHOLDER_TEXT.has(v)) return true;
  // One character repeated (0xFF bytes decode as ÿ), the way unprogrammed EEPROM fields read.
  if (v.length < 2) return false;
  for (let i = 1; i < v.length; i++) if (v.charCodeAt(i) !== v.charCodeAt(0)) return false;
  return true;
}

/** What a free-text pattern found: its class, severity and the matching part. */
export interface TextMatch {
  class: IdentifierClass;
  severity: Severity;
  match: string;
}

const MAC = /(?<![0-9a-f])(?:[0-9a-f]{2}[:-]){5}[0-9a-f]{2}(?![0-9a-f])|(?<![0-9a-f.])[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}(?![0-9a-f.])/i;
const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/i;
// A dotted name whose last label is letters: three labels or more, or two with a TLD that names
// networks. Two labels alone are too often file names or versions ("BIOS.ROM").
const HOSTNAME = /(?<![\w.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?![\w-])/i;
const NETWORK_TLDS: ReadonlySet<string> = new Set(['com', 'net', 'org', 'local', 'lan', 'corp', 'internal', 'intranet', 'home', 'io', 'edu', 'gov', 'mil']);
// A token of letters and digits, both present, at least 8 long (serials, service tags in OEM
// strings: "B85DD5313CC8D460", "90NB08T5-M04040"), or 10+ digits.
const TOKEN_SPLIT = /[\s[\](){}<>/\\,;:"'=*#|]+/;
const SERIAL_LIKE = /^(?=[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9-]{6,}[A-Za-z0-9]$|^\d{10,}$/;
// Lenovo ThinkPad firmware image IDs, eight characters: a 2-3 character model code, the image
// letter (E: BIOS, H: embedded controller), T, a two-digit build, W or WW (N22ET52W, N22HT26W,
// G1HT29WW). Lenovo's OEM type 140 and type 0's BIOS version hold them; they name a firmware build
// every machine of a model runs, not a machine. No corpus serial has this shape.
const LENOVO_FIRMWARE_ID = /^(?=.{8}$)[0-9A-Z]{2,3}[A-Z]T\d{2}WW?$/;

const HOSTNAMES = new RegExp(HOSTNAME.source, 'gi');

function hostname(text: string): string | undefined {
  const re = HOSTNAMES;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const labels = m[0].split('.');
    if (labels.length >= 3 || NETWORK_TLDS.has(labels[labels.length - 1]!.toLowerCase())) return m[0];
  }
  return undefined;
}

/**
 * The strongest identifier pattern in free text, or undefined: a MAC address, then an e-mail
 * address, then a host name, then a serial-like token. Placeholders never match.
 */
export function matchText(text: string): TextMatch | undefined {
  if (isPlaceholder(text)) return undefined;
  const mac = MAC.exec(text);
  if (mac) return { class: 'mac-address', severity: 'high', match: mac[0] };
  const email = EMAIL.exec(text);
  if (email) return { class: 'email', severity: 'high', match: email[0] };
  const host = hostname(text);
  if (host !== undefined) return { class: 'hostname', severity: 'medium', match: host };
  const token = text.split(TOKEN_SPLIT).find((t) => SERIAL_LIKE.test(t) && !isPlaceholder(t) && !LENOVO_FIRMWARE_ID.test(t));
  if (token !== undefined) return { class: 'serial-like', severity: 'medium', match: token };
  return undefined;
}

/** Severity of each declared class (a placeholder is always `low`). */
export const CLASS_SEVERITY: Readonly<Record<IdentifierClass, Severity>> = {
  serial: 'high',
  uuid: 'high',
  'product-key': 'high',
  'mac-address': 'high',
  email: 'high',
  'asset-tag': 'medium',
  sku: 'medium',
  hostname: 'medium',
  'serial-like': 'medium',
  'part-number': 'low',
  'oem-id': 'low',
  'oem-string': 'low',
};
