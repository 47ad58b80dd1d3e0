// The identifier inventory: every field of a host's SMBIOS and ACPI data that identifies a machine
// or a person, where it sits, its class and severity. Declared fields come from the codecs'
// declarations (`sensitiveFields`, `sensitiveTableFields`), so a field newly marked there is
// inventoried without a change here; free text (types 11, 12, OEM types) is classed by patterns.
import { finding, isFormatError, latin1, type Finding } from '@hvmpack/bytes';
import { decodeMsdm, decodeSlic, MSDM_DATA_OFFSET, sensitiveTableFields, slicSensitiveFields, type AcpiTable } from '@hvmpack/acpi';
import { formatUuid, sensitiveFields, versionCode, type RawStructure, type SensitiveField, type SmbiosVersion } from '@hvmpack/smbios';
import type { HostTables, Identifier, IdentifierClass, IdentifierPlace, Severity } from './model.js';
import { CLASS_SEVERITY, isPlaceholder, matchText } from './patterns.js';

/** SMBIOS types whose every string is free text an owner may fill (OEM strings, configuration options). */
export const FREE_TEXT_TYPES: ReadonlySet<number> = new Set([11, 12]);
/** The first OEM-specific SMBIOS type; its strings are inventoried when a pattern matches. */
export const OEM_TYPE_MIN = 128;

const NO_REACH = { reaches: 'unknown', why: 'no guest given' } as const;

/** What {@link inventory} returns: the identifiers in input order, and what could not be read. */
export interface Inventory {
  identifiers: Identifier[];
  findings: Finding[];
}

/** Where string number `n` (1-based) starts in the structure's string set, or -1. */
function stringStart(s: RawStructure, n: number): number {
  let at = 0;
  for (let k = 1; k < n; k++) {
    const nul = s.stringSet.indexOf(0, at);
    if (nul < 0) return -1;
    at = nul + 1;
  }
  return at < s.stringSet.length ? at : -1;
}

function item(id: string, cls: IdentifierClass, place: IdentifierPlace, value: string, bytes: Uint8Array, placeholder: boolean, extra: { severity?: Severity; match?: string } = {}): Identifier {
  return {
    id,
    class: cls,
    severity: placeholder ? 'low' : (extra.severity ?? CLASS_SEVERITY[cls]),
    place,
    value,
    bytes,
    placeholder,
    ...(extra.match !== undefined && { match: extra.match }),
    reach: NO_REACH,
  };
}

/** The `smbios.<type>` part of an id: the first structure of a type is `smbios.17`, the next `smbios.17[2]`. */
function smbiosStem(type: number, instance: number): string {
  return `smbios.${type}${instance > 1 ? `[${instance}]` : ''}`;
}

/** A string-valued identifier of structure `s` whose string number sits at `offset` (or a free string, offset -1). */
function stringIdentifier(s: RawStructure, index: number, stem: string, field: string, offset: number, n: number, cls: IdentifierClass, placeholder: boolean, extra: { severity?: Severity; match?: string } = {}): Identifier | undefined {
  const value = s.strings[n - 1];
  const start = stringStart(s, n);
  if (value === undefined || start < 0) return undefined;
  const bytes = s.stringSet.subarray(start, start + value.length);
  const place: IdentifierPlace = {
    source: 'smbios', structureIndex: index, type: s.type, handle: s.handle, field, offset, stringNumber: n,
    structureOffset: s.offset, valueOffset: s.offset + s.length + start, length: value.length,
  };
  return item(`${stem}.${field}`, cls, place, value, bytes, placeholder, extra);
}

// The declarations do not change: read once per type, not once per structure.
const DECLARED: (SensitiveField[] | undefined)[] = new Array<SensitiveField[] | undefined>(256);
function declared(type: number): SensitiveField[] {
  return (DECLARED[type] ??= sensitiveFields(type));
}

/** The identifiers of one SMBIOS structure (`instance`: 1-based among structures of its type). */
export function structureIdentifiers(s: RawStructure, index: number, instance: number, version: SmbiosVersion | null): Identifier[] {
  const out: Identifier[] = [];
  const stem = smbiosStem(s.type, instance);
  for (const f of declared(s.type)) {
    if (f.kind === 'string') {
      // A field is there when the structure is long enough to hold it, as the typed decoder reads it.
      if (f.offset + 1 > s.length) continue;
      const n = s.formatted[f.offset]!;
      if (n === 0) continue;
      const value = s.strings[n - 1];
      if (value === undefined) continue;
      const id = stringIdentifier(s, index, stem, f.field, f.offset, n, f.class, isPlaceholder(value));
      if (id) out.push(id);
    } else if (f.kind === 'uuid') {
      if (f.offset + 16 > s.length) continue;
      const bytes = s.formatted.subarray(f.offset, f.offset + 16);
      const value = formatUuid(bytes, versionCode(version));
      const place: IdentifierPlace = { source: 'smbios', structureIndex: index, type: s.type, handle: s.handle, field: f.field, offset: f.offset, structureOffset: s.offset, valueOffset: s.offset + f.offset, length: 16 };
      out.push(item(`${stem}.${f.field}`, f.class, place, value, bytes, isPlaceholder(value, 'uuid')));
    } else {
      // Integer serials (type 22's SBDS serial number): zero means "use the string field".
      const size = f.kind === 'u8' ? 1 : f.kind === 'u16' || f.kind === 'handle' ? 2 : f.kind === 'u32' ? 4 : 8;
      if (f.offset + size > s.length) continue;
      const bytes = s.formatted.subarray(f.offset, f.offset + size);
      if (bytes.every((b) => b === 0)) continue;
      let v = 0n;
      for (let k = size - 1; k >= 0; k--) v = (v << 8n) | BigInt(bytes[k]!);
      const place: IdentifierPlace = { source: 'smbios', structureIndex: index, type: s.type, handle: s.handle, field: f.field, offset: f.offset, structureOffset: s.offset, valueOffset: s.offset + f.offset, length: size };
      out.push(item(`${stem}.${f.field}`, f.class, place, `0x${v.toString(16).toUpperCase().padStart(size * 2, '0')}`, bytes, bytes.every((b) => b === 0xff)));
    }
  }
  const freeText = FREE_TEXT_TYPES.has(s.type);
  if (freeText || s.type >= OEM_TYPE_MIN) {
    s.strings.forEach((value, k) => {
      const m = matchText(value);
      // Type 11/12 strings are the owner's to fill: every one is inventoried; OEM types' strings
      // are mostly firmware component names, so only a pattern makes them identifiers.
      if (!m && !freeText) return;
      const placeholder = !m && isPlaceholder(value);
      const id = stringIdentifier(s, index, stem, `string-${k + 1}`, -1, k + 1, m?.class ?? 'oem-string', placeholder, m ? { severity: m.severity, match: m.match } : {});
      if (id) out.push(id);
    });
  }
  return out;
}

/** The `acpi.<name>` part of an id: `acpi.SSDT` for the first SSDT, `acpi.SSDT2` for the second. */
function acpiStem(t: AcpiTable): string {
  return `acpi.${t.signature}${t.instance > 1 ? t.instance : ''}`;
}

function acpiText(bytes: Uint8Array): string {
  return latin1(bytes).replace(/\0+$/, '');
}

/** The identifiers of one ACPI table; a licensing table too broken to decode is a finding. */
export function tableIdentifiers(t: AcpiTable, index: number, findings: Finding[]): Identifier[] {
  const out: Identifier[] = [];
  const stem = acpiStem(t);
  const push = (field: string, offset: number, length: number, cls: IdentifierClass, value?: string): void => {
    if (offset + length > t.bytes.length || length === 0) return;
    const bytes = t.bytes.subarray(offset, offset + length);
    const text = value ?? acpiText(bytes);
    const place: IdentifierPlace = { source: 'acpi', tableIndex: index, signature: t.signature, field, offset, length };
    out.push(item(`${stem}.${field}`, cls, place, text, bytes, isPlaceholder(text)));
  };
  const declared = sensitiveTableFields(t.signature);
  // The RSDP has no standard header (header null) but declares its OEM ID all the same.
  const headerFields = t.header === null && t.signature !== 'RSDP' ? [] : declared.filter((f) => f.field === 'oemId' || f.field === 'oemTableId');
  for (const f of headerFields) push(f.field, f.offset, f.size, f.class);
  try {
    if (t.signature === 'MSDM') {
      const m = decodeMsdm(t, { path: stem });
      findings.push(...m.findings);
      const key = declared.find((f) => f.class === 'product-key');
      if (key && m.data) push(key.field, MSDM_DATA_OFFSET, m.data.length, key.class, m.productKey);
    } else if (t.signature === 'SLIC') {
      const slic = decodeSlic(t, { path: stem });
      const marker = slic.structures.find((x) => x.type === 1 && slic.marker !== undefined);
      if (marker) for (const f of slicSensitiveFields(marker.offset)) push(f.field, f.offset, f.size, f.class);
    }
  } catch (e) {
    if (!isFormatError(e)) throw e;
    findings.push(finding('AUDIT_TABLE_UNREADABLE', 'warning', `${t.signature} could not be decoded (${e.code}); only its header was inventoried`, { path: stem, ...(e.offset !== undefined && { offset: e.offset }) }));
  }
  return out;
}

/**
 * Every identifier in a host's SMBIOS structures and ACPI tables, in input order (SMBIOS first),
 * with reach `unknown` (see `decideReach`). Pure: no I/O, no guest.
 */
export function inventory(host: HostTables): Inventory {
  const identifiers: Identifier[] = [];
  const findings: Finding[] = [];
  if (host.smbios) {
    const seen = new Map<number, number>();
    host.smbios.structures.forEach((s, i) => {
      const instance = (seen.get(s.type) ?? 0) + 1;
      seen.set(s.type, instance);
      identifiers.push(...structureIdentifiers(s, i, instance, host.smbios!.version));
    });
  }
  if (host.acpi) host.acpi.tables.forEach((t, i) => identifiers.push(...tableIdentifiers(t, i, findings)));
  return { identifiers, findings };
}

/** The host's vendor and model: SMBIOS type 1 manufacturer and product name ('' when absent). */
export function hostIdentity(host: HostTables): { vendor: string; model: string } {
  const s = host.smbios?.structures.find((x) => x.type === 1);
  const str = (offset: number): string => {
    if (!s || offset >= s.length) return '';
    const n = s.formatted[offset]!;
    return n === 0 ? '' : (s.strings[n - 1] ?? '').trim();
  };
  // DSP0134 §7.2: manufacturer at 04h, product name at 05h.
  return { vendor: str(0x04), model: str(0x05) };
}
