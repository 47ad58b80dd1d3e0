// Full verification of a module set: the loader's structural checks (as findings instead of a
// throw), every checksum, and each known payload checked against its type header (§6, §7).
import { ByteReader, checksum8, finding, hex, isFormatError, type Finding } from '@hvmpack/bytes';
import { ACPI_HEADER_LENGTH } from '@hvmpack/acpi';
import { decodeModuleSet, type DecodedModuleSet, type DecodeModuleSetOptions } from './codec.js';
import { AcpiRootFlags, ContainerError, MODSET_HEADER_SIZE, SmbiosPayloadFormat, type ModulePlacement, type Module } from './model.js';

/** Result of {@link verifyModuleSet}: the decoded set when the structure allowed decoding, and every finding. */
export interface ModuleSetReport {
  decoded: DecodedModuleSet | null;
  findings: Finding[];
}

/** What a walk of an SMBIOS or ACPI payload found: item count, largest item, problems. */
export interface PayloadWalk {
  count: number;
  maxSize: number;
  findings: Finding[];
}

/**
 * Walks an SMBIOS payload in either format: a Xen blob (`[u32 length][structure]`…) or a plain
 * structure table. `base` is the payload's absolute offset, for findings. Never throws.
 */
export function walkSmbiosPayload(payload: Uint8Array, format: number, base = 0, path = 'payload'): PayloadWalk {
  const findings: Finding[] = [];
  const r = new ByteReader(payload);
  let count = 0;
  let maxSize = 0;
  const bad = (code: string, message: string, at: number): void => void findings.push(finding(code, 'error', message, { offset: base + at, path: `${path}.structures[${count}]` }));
  while (!r.atEnd) {
    const at = r.pos;
    let size: number;
    let sAt = at;
    if (format === SmbiosPayloadFormat.XenBlob) {
      if (r.remaining < 4) { bad('TRUNCATED', `${r.remaining} stray bytes where a u32 length separator should be (hvmloader reads them as one)`, at); break; }
      size = r.u32At(at);
      sAt = at + 4;
      if (size < 6 || size > r.remaining - 4) { bad('BAD_LENGTH', `structure length ${size} does not fit (needs 6..${r.remaining - 4})`, at); break; }
      const fl = r.u8At(sAt + 1);
      if (fl < 4 || fl + 2 > size) { bad('BAD_LENGTH', `formatted length ${fl} does not fit the ${size}-byte structure`, sAt + 1); break; }
      if (r.u8At(sAt + size - 1) !== 0 || r.u8At(sAt + size - 2) !== 0) bad('BAD_VALUE', 'structure does not end with the double NUL of its string set', sAt + size - 2);
      r.seek(sAt + size);
    } else {
      if (r.remaining < 4) { bad('TRUNCATED', 'structure header runs past the payload', at); break; }
      const fl = r.u8At(at + 1);
      if (fl < 4 || fl > r.remaining) { bad('BAD_LENGTH', `formatted length ${fl} does not fit`, at + 1); break; }
      let p = at + fl;
      while (p + 1 < r.length && !(r.u8At(p) === 0 && r.u8At(p + 1) === 0)) p++;
      if (p + 1 >= r.length) { bad('TRUNCATED', 'string set has no terminating double NUL', at + fl); break; }
      size = p + 2 - at;
      r.seek(p + 2);
    }
    count++;
    maxSize = Math.max(maxSize, size);
  }
  return { count, maxSize, findings };
}

/** Walks an ACPI payload (whole tables back to back) checking lengths and checksums. Never throws. */
export function walkAcpiPayload(payload: Uint8Array, base = 0, path = 'payload'): PayloadWalk {
  const findings: Finding[] = [];
  const r = new ByteReader(payload);
  let count = 0;
  let maxSize = 0;
  while (!r.atEnd) {
    const at = r.pos;
    const where = { offset: base + at, path: `${path}.tables[${count}]` };
    if (r.remaining < ACPI_HEADER_LENGTH) { findings.push(finding('TRUNCATED', 'error', `${r.remaining} bytes after the last table, too few for a 36-byte header`, where)); break; }
    const len = r.u32At(at + 4);
    if (len < ACPI_HEADER_LENGTH || len > r.remaining) { findings.push(finding('BAD_LENGTH', 'error', `table length ${len} does not fit (needs 36..${r.remaining})`, { ...where, offset: base + at + 4 })); break; }
    if (checksum8(payload, at, at + len) !== 0) findings.push(finding('BAD_CHECKSUM', 'error', `table ${JSON.stringify(r.asciiAt(at, 4))} does not sum to zero (nobody fixes it up)`, { ...where, offset: base + at + 9 }));
    r.seek(at + len);
    count++;
    maxSize = Math.max(maxSize, len);
  }
  return { count, maxSize, findings };
}

function checkOrom(m: Extract<Module, { kind: 'orom' }>, p: ModulePlacement, path: string): Finding[] {
  const out: Finding[] = [];
  const b = new ByteReader(m.payload);
  const at = (o: number): { offset: number; path: string } => ({ offset: p.payloadOffset + o, path });
  if (b.length < 0x1a || b.u16At(0) !== 0xaa55) return [finding('BAD_SIGNATURE', 'error', 'option ROM does not start with 55 AA', at(0))];
  const size = b.u8At(2) * 512;
  if (size === 0 || size > b.length) out.push(finding('BAD_LENGTH', 'error', `ROM size byte says ${size} bytes, payload has ${b.length}`, at(2)));
  const pcir = b.u16At(0x18);
  if (pcir + 0x0c > b.length || b.asciiAt(pcir, 4) !== 'PCIR') {
    out.push(finding('BAD_SIGNATURE', 'error', 'no PCI data structure ("PCIR") where the ROM header points', at(0x18)));
    return out;
  }
  const vendor = b.u16At(pcir + 4);
  const device = b.u16At(pcir + 6);
  if (vendor !== m.orom.vendorId || device !== m.orom.deviceId) {
    out.push(finding('ID_MISMATCH', 'warning', `ROM is for ${hex(vendor, 4)}:${hex(device, 4)}, the module header says ${hex(m.orom.vendorId, 4)}:${hex(m.orom.deviceId, 4)}`, at(pcir + 4)));
  }
  if (size > 0 && size <= b.length && checksum8(m.payload, 0, size) !== 0) out.push(finding('BAD_CHECKSUM', 'warning', 'option ROM image does not sum to zero', at(0)));
  return out;
}

function checkModule(m: Module, p: ModulePlacement): Finding[] {
  const path = `modset.modules[${p.index}]`;
  const count = (what: string, declared: number, actual: number, at: number): Finding[] =>
    declared === actual ? [] : [finding(ContainerError.CountMismatch, 'error', `type header says ${declared} ${what}, payload holds ${actual}`, { offset: at, path })];
  const th = p.offset + 16;
  switch (m.kind) {
    case 'smbios': {
      const w = walkSmbiosPayload(m.payload, m.smbios.payloadFormat, p.payloadOffset, `${path}.payload`);
      const out = [...w.findings, ...count('structures', m.smbios.structureCount, w.count, th + 4)];
      if (m.smbios.maxStructureSize !== w.maxSize) out.push(finding(ContainerError.CountMismatch, 'error', `max_structure_size says ${m.smbios.maxStructureSize}, largest structure is ${w.maxSize}`, { offset: th + 8, path }));
      return out;
    }
    case 'acpi': {
      const w = walkAcpiPayload(m.payload, p.payloadOffset, `${path}.payload`);
      const out = [...w.findings, ...count('tables', m.acpi.tableCount, w.count, th)];
      if ((m.acpi.rootFlags & AcpiRootFlags.KnownMask) === 0) out.push(finding('NO_ROOT_TABLE', 'warning', 'ACPI module is appended to neither RSDT nor XSDT, so the guest never sees it', { offset: th + 4, path }));
      return out;
    }
    case 'orom':
      return checkOrom(m, p, path);
    case 'meta':
      return [];
    case 'unknown':
      return [finding('UNKNOWN_MODULE', 'info', `module type ${m.type} (${JSON.stringify(m.signature)}) is not defined by format 1.0; a loader skips it by length`, { offset: p.offset, path })];
  }
}

/**
 * Verifies a module set completely and never throws on bad input: a structural problem a loader
 * must reject becomes one error finding (code and offset of the FormatError); checksums are all
 * reported, not just the first; every known payload is walked and compared with its type header.
 */
export function verifyModuleSet(bytes: Uint8Array, options: Omit<DecodeModuleSetOptions, 'verifyChecksums'> = {}): ModuleSetReport {
  const findings: Finding[] = [];
  let decoded: DecodedModuleSet;
  try {
    decoded = decodeModuleSet(bytes, { ...options, verifyChecksums: false, allowUnknownCritical: true });
  } catch (e) {
    if (!isFormatError(e)) throw e;
    findings.push(finding(e.code, 'error', e.reason + (e.expected !== undefined ? ` (expected ${e.expected}${e.found !== undefined ? `, found ${e.found}` : ''})` : e.found !== undefined ? ` (found ${e.found})` : ''), { offset: e.offset, path: e.path }));
    return { decoded: null, findings };
  }
  const headerLength = Math.max(MODSET_HEADER_SIZE, new ByteReader(bytes).u16At(12));
  if (checksum8(bytes, 0, headerLength) !== 0) findings.push(finding('BAD_CHECKSUM', 'error', 'module-set header does not sum to zero', { offset: 24, path: 'modset' }));
  decoded.placements.forEach((p, i) => {
    const m = decoded.set.modules[i]!;
    if (checksum8(bytes, p.offset, p.offset + p.totalLength) !== 0) {
      findings.push(finding('BAD_CHECKSUM', 'error', `module ${JSON.stringify(p.signature)} does not sum to zero`, { offset: p.offset + 12, path: `modset.modules[${i}]` }));
    }
    if (m.kind === 'unknown' && (m.flags & 1) !== 0 && !options.allowUnknownCritical) {
      findings.push(finding(ContainerError.UnknownCriticalModule, 'error', `module type ${m.type} is unknown and marked critical: a loader must reject the set`, { offset: p.offset + 4, path: `modset.modules[${i}]` }));
    }
    findings.push(...checkModule(m, p));
  });
  if (bytes.length > decoded.totalLength) {
    findings.push(finding('TRAILING_BYTES', 'info', `${bytes.length - decoded.totalLength} bytes after total_length are not part of the set`, { offset: decoded.totalLength }));
  }
  return { decoded, findings };
}
