// Plain-JSON descriptions of a decoded module set, shared by `pack modules` and `inspect`.
import { toHex } from '@hvmpack/bytes';
import type { DecodedModuleSet } from './codec.js';
import { AcpiRootFlags, ModuleFlags, OromMode, SmbiosPayloadFormat, type Module, type ModulePlacement } from './model.js';

/** One module as `inspect --json` and `pack modules --json` print it. */
export interface ModuleSummary {
  index: number;
  signature: string;
  type: number;
  kind: Module['kind'];
  offset: number;
  length: number;
  payloadLength: number;
  critical: boolean;
  /** One line for people. */
  description: string;
  /** Type-header fields, with bigints and bytes as strings. */
  details: Record<string, unknown>;
}

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

/** Describes one module; never includes payload strings (they may identify the host). */
export function summarizeModule(m: Module, p: ModulePlacement): ModuleSummary {
  let description: string;
  let details: Record<string, unknown>;
  switch (m.kind) {
    case 'smbios': {
      const h = m.smbios;
      const fmt = h.payloadFormat === SmbiosPayloadFormat.XenBlob ? 'xen-blob' : h.payloadFormat === SmbiosPayloadFormat.Table ? 'table' : `format ${h.payloadFormat}`;
      details = { version: `${h.major}.${h.minor}.${h.docrev}`, payloadFormat: fmt, structureCount: h.structureCount, maxStructureSize: h.maxStructureSize };
      description = `SMBIOS ${h.major}.${h.minor}, ${fmt}, ${h.structureCount} structures (largest ${h.maxStructureSize} bytes)`;
      break;
    }
    case 'acpi': {
      const roots = [m.acpi.rootFlags & AcpiRootFlags.Rsdt ? 'RSDT' : '', m.acpi.rootFlags & AcpiRootFlags.Xsdt ? 'XSDT' : ''].filter(Boolean);
      details = { tableCount: m.acpi.tableCount, appendTo: roots };
      description = `ACPI, ${m.acpi.tableCount} tables appended to ${roots.join('+') || 'no root table'}`;
      break;
    }
    case 'orom': {
      const o = m.orom;
      const mode = o.mode === OromMode.Override ? 'override' : 'add';
      details = { vendorId: `0x${hex4(o.vendorId)}`, deviceId: `0x${hex4(o.deviceId)}`, classCode: `0x${o.classCode.toString(16).padStart(6, '0')}`, mode };
      description = `option ROM for ${hex4(o.vendorId)}:${hex4(o.deviceId)} class ${o.classCode.toString(16).padStart(6, '0')}, ${mode}`;
      break;
    }
    case 'meta':
      details = {
        entries: Object.fromEntries(
          m.entries.map((e) => [e.key, typeof e.value === 'bigint' ? e.value.toString() : typeof e.value === 'object' ? { valueType: e.value.valueType, hex: toHex(e.value.bytes) } : e.value]),
        ),
      };
      description = `metadata, ${m.entries.length} entries (${m.entries.map((e) => e.key).join(', ')})`;
      break;
    case 'unknown':
      details = { typeHeaderLength: m.typeHeader.length };
      description = `unknown type ${m.type}, skipped by length`;
      break;
  }
  return {
    index: p.index,
    signature: p.signature,
    type: p.type,
    kind: m.kind,
    offset: p.offset,
    length: p.totalLength,
    payloadLength: p.payloadLength,
    critical: (m.flags & ModuleFlags.Critical) !== 0,
    description,
    details,
  };
}

/** Describes every module of a decoded set. */
export function summarizeModuleSet(d: DecodedModuleSet): { formatVersion: string; flags: number; totalLength: number; modules: ModuleSummary[] } {
  return {
    formatVersion: `1.${d.set.formatMinor}`,
    flags: d.set.flags,
    totalLength: d.totalLength,
    modules: d.placements.map((p, i) => summarizeModule(d.set.modules[i]!, p)),
  };
}
