// The root walk: RSDT/XSDT entry lists (ACPI 6.5 §5.2.7, §5.2.8), FADT → DSDT/FACS, and finding the
// RSDP in a memory image by the 16-byte scan (§5.2.5.1), following ACPICA's table manager
// (tbxfroot.c `AcpiFindRootPointer`, tbutils.c `AcpiTbParseRootTable`, tbfadt.c).
import { ByteReader, ErrorCode, FormatError, finding, hex, isFormatError, resolveLimits, type Finding, type Limits } from '@hvmpack/bytes';
import { ACPI_HEADER_LENGTH } from './header.js';
import type { AcpiHeader, AcpiTable, AcpiTableSet } from './model.js';
import { RSDP_V1_LENGTH, RSDP_V2_LENGTH, decodeRsdp, isRsdpAt, rsdpLength, type Rsdp } from './rsdp.js';
import { decodeTable, encodeTable, quoteSignature } from './table.js';
import { decodeFadt, fadtPointers } from './tables/fadt.js';

/** Entry size of a root table: 4 for the RSDT, 8 for the XSDT, undefined for anything else. */
export function rootEntrySize(signature: string): 4 | 8 | undefined {
  return signature === 'RSDT' ? 4 : signature === 'XSDT' ? 8 : undefined;
}

/** The entries of an RSDT or XSDT and what was odd about them. */
export interface RootEntries {
  /** Physical addresses in table order, null entries included. */
  entries: bigint[];
  findings: Finding[];
}

/**
 * Reads an RSDT (u32 entries) or XSDT (u64 entries, only 4-byte aligned) from offset 36. The count
 * is (length − 36) / entry size rounded down, as ACPICA computes it, with the length bounded by
 * the bytes present. Null entries are kept here (the walk skips them, as ACPICA does).
 */
export function decodeRootTable(table: AcpiTable, path = `acpi.${table.signature}`): RootEntries {
  const size = rootEntrySize(table.signature);
  if (size === undefined || !table.header) {
    throw new FormatError(ErrorCode.BadSignature, 'not a root table', { path, expected: '"RSDT" or "XSDT" with a header', found: quoteSignature(table.signature) });
  }
  const findings: Finding[] = [];
  const b = table.bytes;
  let len = table.header.length;
  if (len > b.length) {
    findings.push(finding('ACPI_ROOT_TRUNCATED', 'error', `${table.signature} length ${len} runs past the ${b.length} bytes present; reading the entries present`, { offset: 4, path }));
    len = b.length;
  }
  if (len < ACPI_HEADER_LENGTH + size) {
    findings.push(finding('ACPI_ROOT_EMPTY', 'error', `${table.signature} holds no entry (length ${len}); ACPICA rejects it`, { offset: 4, path }));
  }
  const count = Math.max(0, Math.floor((len - ACPI_HEADER_LENGTH) / size));
  if (len > ACPI_HEADER_LENGTH && (len - ACPI_HEADER_LENGTH) % size !== 0) {
    findings.push(finding('ACPI_ROOT_PARTIAL_ENTRY', 'warning', `${table.signature} length ${len} leaves a partial entry, ignored`, { offset: 4, path }));
  }
  const r = new ByteReader(b, { path });
  const entries: bigint[] = [];
  for (let i = 0; i < count; i++) {
    const at = ACPI_HEADER_LENGTH + i * size;
    entries.push(size === 4 ? BigInt(r.u32At(at)) : r.u64At(at));
  }
  return { entries, findings };
}

/** Encodes an RSDT or XSDT holding `entries`; length and checksum are computed. */
export function encodeRootTable(header: AcpiHeader, entries: readonly bigint[]): Uint8Array {
  const size = rootEntrySize(header.signature);
  if (size === undefined) {
    throw new FormatError(ErrorCode.BadSignature, 'not a root table signature', { expected: '"RSDT" or "XSDT"', found: quoteSignature(header.signature) });
  }
  const body = new Uint8Array(entries.length * size);
  entries.forEach((e, i) => {
    if (e < 0n || e > (size === 4 ? 0xffffffffn : 0xffffffffffffffffn)) {
      throw new FormatError(ErrorCode.BadValue, 'root table entry does not fit', { path: `acpi.${header.signature}.entries[${i}]`, found: hex(e) });
    }
    for (let k = 0; k < size; k++) body[i * size + k] = Number((e >> BigInt(8 * k)) & 0xffn);
  });
  return encodeTable({ header, body });
}

/** A piece of physical memory: where it starts and what it holds. */
export interface MemoryRegion {
  base: bigint;
  bytes: Uint8Array;
}

/** An RSDP found in memory. */
export interface FoundRsdp {
  address: bigint;
  rsdp: Rsdp;
  bytes: Uint8Array;
}

/**
 * Scans regions for the RSDP on 16-byte physical boundaries, accepting the first whose signature
 * and checksums (20 bytes; the whole structure from revision 2) are valid, as ACPICA's
 * `AcpiTbScanMemoryForRsdp` does. Candidates with a bad checksum are reported and skipped.
 */
export function findRsdp(regions: readonly MemoryRegion[], findings: Finding[] = []): FoundRsdp | undefined {
  for (const region of regions) {
    const b = region.bytes;
    const first = Number((16n - (region.base % 16n)) % 16n);
    for (let off = first; off + RSDP_V1_LENGTH <= b.length; off += 16) {
      if (b[off] !== 0x52 || !isRsdpAt(b, off)) continue;
      const address = region.base + BigInt(off);
      try {
        const rsdp = decodeRsdp(b.subarray(off), { base: off });
        if (rsdp.checksumOk && rsdp.extendedChecksumOk !== false) {
          return { address, rsdp, bytes: b.subarray(off, off + rsdpLength(b.subarray(off))) };
        }
        findings.push(finding('ACPI_RSDP_BAD_CHECKSUM', 'warning', `RSDP candidate at ${hex(address)} has a bad checksum; skipped`, { offset: off, path: 'acpi.RSDP' }));
      } catch (e) {
        if (!isFormatError(e)) throw e;
        findings.push(finding('ACPI_RSDP_INVALID', 'warning', `RSDP candidate at ${hex(address)}: ${e.reason}; skipped`, { offset: off, path: 'acpi.RSDP' }));
      }
    }
  }
  return undefined;
}

/** The bytes at a physical address: up to `n` bytes, fewer when the region ends first. */
function readPhysical(regions: readonly MemoryRegion[], address: bigint, n: number): Uint8Array | undefined {
  for (const r of regions) {
    const end = r.base + BigInt(r.bytes.length);
    if (address >= r.base && address < end) {
      const off = Number(address - r.base);
      return r.bytes.subarray(off, Math.min(r.bytes.length, off + n));
    }
  }
  return undefined;
}

/** Options for {@link walkMemoryImage}. */
export interface WalkOptions {
  limits?: Partial<Limits>;
  /** Walk the RSDT even when an XSDT exists (ACPICA's `AcpiGbl_DoNotUseXsdt`). */
  preferRsdt?: boolean;
  /**
   * The RSDP's address when it is known rather than scanned for: on UEFI systems it comes from the
   * EFI configuration table (`/sys/firmware/efi/systab` `ACPI20=`) and need not be 16-byte aligned.
   */
  rsdpAddress?: bigint;
}

/** Decodes the RSDP at a known address; checksum problems become findings. */
function rsdpAt(regions: readonly MemoryRegion[], address: bigint, findings: Finding[]): FoundRsdp | undefined {
  const head = readPhysical(regions, address, RSDP_V2_LENGTH);
  if (!head || head.length < RSDP_V1_LENGTH || !isRsdpAt(head)) return undefined;
  const all = readPhysical(regions, address, head[15]! >= 2 && head.length >= 24 ? rsdpLength(head) : RSDP_V1_LENGTH)!;
  const rsdp = decodeRsdp(all);
  if (!rsdp.checksumOk || rsdp.extendedChecksumOk === false) {
    findings.push(finding('ACPI_RSDP_BAD_CHECKSUM', 'error', `RSDP at ${hex(address)} has a bad checksum`, { path: 'acpi.RSDP' }));
  }
  return { address, rsdp, bytes: all };
}

/**
 * Collects the tables of a memory image: the RSDP (by the 16-byte scan), the RSDT and XSDT, every
 * table the chosen root lists (the XSDT when the RSDP revision is ≥ 2 and its address is non-zero,
 * else the RSDT), and the DSDT and FACS the FADT points to (the X_ field when non-zero, with a
 * finding when both are set and differ; a differing 32-bit FACS is kept as a second FACS, as
 * ACPICA installs both). Tables outside the image are findings, not errors; a
 * table running past its region's end is kept short (checkTables reports it).
 */
export function walkMemoryImage(regions: readonly MemoryRegion[], options: WalkOptions = {}): AcpiTableSet {
  const limits = resolveLimits(options.limits);
  const findings: Finding[] = [];
  const found = options.rsdpAddress !== undefined ? rsdpAt(regions, options.rsdpAddress, findings) : findRsdp(regions, findings);
  if (!found) {
    throw new FormatError(ErrorCode.BadSignature, options.rsdpAddress !== undefined ? `no RSDP at ${hex(options.rsdpAddress)}` : 'no valid RSDP on a 16-byte boundary in the memory image', {
      expected: '"RSD PTR " with a valid checksum',
    });
  }
  const tables: AcpiTable[] = [];
  const seen = new Set<bigint>();
  const add = (t: AcpiTable): void => {
    if (tables.length >= limits.maxTables) {
      throw new FormatError(ErrorCode.LimitExceeded, 'too many tables in the memory image', { expected: `<= ${limits.maxTables}` });
    }
    tables.push(t);
  };
  add(decodeTable(found.bytes, { signature: 'RSDP', address: found.address, source: `memory ${hex(found.address)}` }));

  let touched = 0;
  const load = (address: bigint, from: string, expected?: string): AcpiTable | undefined => {
    if (address === 0n || seen.has(address)) return undefined;
    seen.add(address);
    const head = readPhysical(regions, address, 8);
    if (!head || head.length < 8) {
      findings.push(finding('ACPI_TABLE_NOT_IN_IMAGE', 'warning', `${from} points to ${hex(address)}, outside the memory image`, { path: `acpi.${from}` }));
      return undefined;
    }
    const declared = new ByteReader(head).u32At(4);
    const want = Math.min(Math.max(declared, 8), limits.maxTableLength);
    const bytes = readPhysical(regions, address, want)!;
    // Each table is checksummed and decoded in full, so the bytes touched are bounded as an
    // input's are: tables that overlap could otherwise make a small image cost gigabytes of reading.
    touched += bytes.length;
    if (touched > limits.maxInputBytes) {
      throw new FormatError(ErrorCode.LimitExceeded, 'the tables of the memory image add up to more bytes than an input may hold', {
        path: `acpi.${from}`,
        expected: `at most ${limits.maxInputBytes} bytes in all`,
        found: `${touched} bytes so far`,
      });
    }
    const t = decodeTable(bytes, { address, source: `${from} → ${hex(address)}` });
    if (expected !== undefined && t.signature !== expected) {
      findings.push(finding('ACPI_UNEXPECTED_SIGNATURE', 'error', `${from} points to a table with signature ${quoteSignature(t.signature)}, expected ${expected}`, { path: `acpi.${from}` }));
    }
    return t;
  };

  const rsdt = load(BigInt(found.rsdp.rsdtAddress), 'RSDP.RsdtAddress', 'RSDT');
  const xsdt = found.rsdp.xsdtAddress !== undefined ? load(found.rsdp.xsdtAddress, 'RSDP.XsdtAddress', 'XSDT') : undefined;
  if (rsdt) add(rsdt);
  if (xsdt) add(xsdt);
  const useXsdt = !options.preferRsdt && found.rsdp.revision >= 2 && xsdt !== undefined && xsdt.signature === 'XSDT';
  const root = useXsdt ? xsdt : rsdt && rsdt.signature === 'RSDT' ? rsdt : undefined;
  if (!root || !root.header) {
    findings.push(finding('ACPI_NO_ROOT_TABLE', 'error', 'neither an XSDT nor an RSDT could be read from the memory image', { path: 'acpi.RSDP' }));
    return { container: 'memory-image', tables: numberInstances(tables), findings };
  }
  const { entries, findings: rootFindings } = decodeRootTable(root);
  findings.push(...rootFindings);
  // The count is checked before any listed table is read: ACPICA installs every distinct non-null
  // entry, so a root listing more than the limit fails whatever those tables hold.
  const distinct = new Set(entries.filter((a) => a !== 0n && !seen.has(a))).size;
  if (tables.length + distinct > limits.maxTables) {
    throw new FormatError(ErrorCode.LimitExceeded, 'the root table lists more tables than the limit', {
      path: `acpi.${root.signature}`,
      expected: `at most ${limits.maxTables} tables in all`,
      found: `${tables.length} read and ${distinct} listed`,
    });
  }
  const listed: AcpiTable[] = [];
  entries.forEach((address, i) => {
    const t = load(address, `${root.signature}[${i}]`);
    if (t) listed.push(t);
  });
  const fadt = listed.find((t) => t.signature === 'FACP');
  if (fadt) {
    try {
      const decoded = decodeFadt(fadt);
      const ptrs = fadtPointers(decoded, { path: 'acpi.FACP' });
      findings.push(...ptrs.findings);
      if (ptrs.dsdt) {
        const d = load(ptrs.dsdt.address, `FACP.${ptrs.dsdt.field}`, 'DSDT');
        if (d) add(d);
      }
      if (ptrs.facs) {
        const f = load(ptrs.facs.address, `FACP.${ptrs.facs.field}`, 'FACS');
        if (f) add(f);
      }
      // ACPICA installs both FACS tables when the two fields differ (tbfadt.c `AcpiTbParseFadt`;
      // X_FACS is the one it uses) and acpidump dumps both, so the walk keeps both too.
      if (ptrs.facs?.field === 'X_FACS' && decoded.facs) {
        const f32 = load(BigInt(decoded.facs), 'FACP.FACS', 'FACS');
        if (f32) add(f32);
      }
    } catch (e) {
      if (!isFormatError(e)) throw e;
      findings.push(finding('ACPI_FADT_UNREADABLE', 'error', `FADT pointers could not be read: ${e.reason}`, { path: 'acpi.FACP' }));
    }
  }
  for (const t of listed) add(t);
  return { container: 'memory-image', tables: numberInstances(tables), findings };
}

/** Sets each table's `instance` to its 1-based position among same-signature tables. */
export function numberInstances(tables: AcpiTable[]): AcpiTable[] {
  const counts = new Map<string, number>();
  for (const t of tables) {
    const n = (counts.get(t.signature) ?? 0) + 1;
    counts.set(t.signature, n);
    t.instance = n;
  }
  return tables;
}

/** The FADT's DSDT and FACS addresses, chosen as ACPICA does; findings for conflicts. */
export function fadtTargets(fadt: AcpiTable): { dsdt?: bigint; facs?: bigint; findings: Finding[] } {
  const p = fadtPointers(decodeFadt(fadt), { path: 'acpi.FACP' });
  return { ...(p.dsdt && { dsdt: p.dsdt.address }), ...(p.facs && { facs: p.facs.address }), findings: p.findings };
}
