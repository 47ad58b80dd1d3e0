// From a module container to the layout planner's modules: where the Xen toolstack (or the RFC
// rule) would put each module of an hvmpack set.
import { ModuleType, type DecodedModuleSet } from '@hvmpack/container';
import { RFC_MODULE_BASE, formatAddress, type ModuleKind, type ModuleSpec, type ProfileName } from '@hvmpack/layout';

const TYPE_KIND: Partial<Record<number, ModuleKind>> = { [ModuleType.Smbios]: 'smbios', [ModuleType.Acpi]: 'acpi' };

/**
 * The modules of a decoded set for one placement profile. `rfc`: the set is stacked at
 * 0x200000 as encoded, so each module is pinned at base + its offset (after the set header). Xen
 * profiles: each payload becomes the blob libxenguest would load (SMBIOS, ACPI; others as extra
 * modules). `file` names the set in each module's source.
 */
export function containerModules(decoded: DecodedModuleSet, profile: ProfileName, file: string): ModuleSpec[] {
  const out: ModuleSpec[] = [];
  if (profile === 'rfc') {
    const first = decoded.placements[0]?.offset ?? decoded.totalLength;
    out.push({ name: 'module-set header', kind: 'other', size: BigInt(first), address: RFC_MODULE_BASE, source: file });
  }
  for (const p of decoded.placements) {
    const kind = TYPE_KIND[p.type] ?? 'other';
    const name = `${p.signature.trim().toLowerCase()}[${p.index}]`;
    if (profile === 'rfc') out.push({ name, kind, size: BigInt(p.totalLength), address: RFC_MODULE_BASE + BigInt(p.offset), source: `${file} +${formatAddress(BigInt(p.offset))}` });
    else out.push({ name: kind === 'other' ? name : kind, kind, size: BigInt(p.payloadLength), source: `${file} module ${p.index} payload` });
  }
  return out;
}
