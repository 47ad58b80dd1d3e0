// libvirt domain XML for a prepared guest. libvirt turns <sysinfo> into QEMU's `-smbios type=N`
// field options (strings only; QEMU builds the rest of those structures) and <os><acpi><table>
// into `-acpitable`; what it has no element for goes through <qemu:commandline> unchanged.
import { ErrorCode, FormatError, finding, type Finding } from '@hvmpack/bytes';
import { formatUuid, type RawStructure } from '@hvmpack/smbios';
import type { QemuGuest } from './guest.js';
import { QEMU_HANDLE_BASE } from './smbios.js';

/** A libvirt release as `virsh version` prints it (major.minor). */
export interface LibvirtVersion {
  major: number;
  minor: number;
}

/** Debian 12's libvirt, the default target. */
export const DEFAULT_LIBVIRT_VERSION: LibvirtVersion = { major: 9, minor: 0 };

/** Parses `9.0`, `11.2.0`, …; libvirt 4.1 (the first with `<chassis>` and `<oemStrings>`) or later. */
export function parseLibvirtVersion(text: string): LibvirtVersion {
  const m = /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(text.trim());
  if (!m) throw new FormatError(ErrorCode.BadValue, 'not a libvirt version', { path: 'libvirt', expected: 'MAJOR.MINOR such as 9.0', found: JSON.stringify(text) });
  const v = { major: Number(m[1]), minor: Number(m[2]) };
  if (!atLeast(v, 4, 1)) throw new FormatError(ErrorCode.BadValue, 'libvirt 4.1 or later (the first with <chassis> and <oemStrings>)', { path: 'libvirt', found: text });
  return v;
}

function atLeast(v: LibvirtVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

/** The `<os><acpi><table type=…>` types a libvirt release knows: `slic` always, `msdm` and `raw` from 11.2. */
export function libvirtAcpiTableTypes(v: LibvirtVersion): ReadonlySet<string> {
  return new Set(atLeast(v, 11, 2) ? ['slic', 'msdm', 'raw'] : ['slic']);
}

/** A passed structure or table and the path of its file. */
export interface PassedFile<T> {
  item: T;
  path: string;
}

/** What {@link libvirtDomainXml} needs. */
export interface LibvirtInput {
  guest: QemuGuest;
  /** The chosen structures, after handle moves, with their `-smbios file=` paths. */
  structures: readonly PassedFile<RawStructure>[];
  /** The chosen tables with their `-acpitable file=` paths. */
  tables: readonly PassedFile<{ signature: string }>[];
  version: LibvirtVersion;
  /** `<name>` (default `hvmpack-guest`). */
  name?: string;
  /** The OVMF image for `<loader>` when the firmware is OVMF. */
  ovmfPath: string;
}

/** Which `<sysinfo>` element each SMBIOS type becomes, and its entries: name → string number offset (DSP0134 §7.1–7.4). */
const SYSINFO: Readonly<Record<number, { element: string; entries: readonly (readonly [string, number])[] }>> = {
  0: { element: 'bios', entries: [['vendor', 0x04], ['version', 0x05], ['date', 0x08]] },
  1: { element: 'system', entries: [['manufacturer', 0x04], ['product', 0x05], ['version', 0x06], ['serial', 0x07], ['sku', 0x19], ['family', 0x1a]] },
  2: { element: 'baseBoard', entries: [['manufacturer', 0x04], ['product', 0x05], ['version', 0x06], ['serial', 0x07], ['asset', 0x08], ['location', 0x0a]] },
  3: { element: 'chassis', entries: [['manufacturer', 0x04], ['version', 0x06], ['serial', 0x07], ['asset', 0x08]] },
};
const SYSINFO_TYPES: ReadonlySet<number> = new Set([0, 1, 2, 3, 11]);

function xmlText(s: string): string {
  // XML 1.0 has no way to write most C0 controls; they become U+FFFD rather than invalid XML.
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '\ufffd').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');
}

function stringAt(s: RawStructure, offset: number): string | undefined {
  if (offset >= s.formatted.length) return undefined;
  const n = s.formatted[offset]!;
  const v = n === 0 ? undefined : s.strings[n - 1];
  return v === undefined || v.trim() === '' ? undefined : v;
}

/**
 * A libvirt domain for the prepared guest: `<sysinfo type='smbios'>` from the first type 0, 1,
 * 2, 3 and the type 11 strings, `<os><smbios mode='sysinfo'/>`, the ACPI tables libvirt has an
 * element for, and `<qemu:commandline>` for every other structure and table. Findings say what
 * libvirt cannot carry byte for byte.
 */
export function libvirtDomainXml(input: LibvirtInput): { xml: string; findings: Finding[] } {
  const findings: Finding[] = [];
  const { guest, version } = input;
  const sysinfo: string[] = [];
  const commandline: string[] = [];
  const usedTypes = new Set<number>();
  let uuid: string | undefined;
  for (const { item: s, path } of input.structures) {
    if (!SYSINFO_TYPES.has(s.type)) {
      const clash = [...usedTypes].find((t) => QEMU_HANDLE_BASE[t as keyof typeof QEMU_HANDLE_BASE] === s.handle);
      if (clash !== undefined) findings.push(finding('QEMU_LIBVIRT_HANDLE_CLASH', 'warning', `type ${s.type} structure has handle 0x${s.handle.toString(16).padStart(4, '0')}, which QEMU gives the type ${clash} it builds from <sysinfo>`, { type: s.type, handle: s.handle }));
      commandline.push('-smbios', `file=${path.replace(/,/g, ',,')}`);
      continue;
    }
    if (usedTypes.has(s.type)) {
      findings.push(finding('QEMU_LIBVIRT_STRUCTURE_LEFT_OUT', 'warning', `a second type ${s.type} structure cannot pass: QEMU refuses a file of a type it also has <sysinfo> fields for`, { type: s.type, handle: s.handle }));
      continue;
    }
    usedTypes.add(s.type);
    const entries: string[] = [];
    if (s.type === 11) {
      for (const v of s.strings) entries.push(`      <entry>${xmlText(v)}</entry>`);
      if (entries.length > 0) sysinfo.push('    <oemStrings>', ...entries, '    </oemStrings>');
      continue;
    }
    const spec = SYSINFO[s.type]!;
    for (const [name, off] of spec.entries) {
      const v = stringAt(s, off);
      if (v !== undefined) entries.push(`      <entry name='${name}'>${xmlText(v)}</entry>`);
    }
    if (s.type === 0 && s.formatted.length >= 0x18 && s.formatted[0x14] !== 0xff) entries.push(`      <entry name='release'>${s.formatted[0x14]}.${s.formatted[0x15]}</entry>`);
    if (s.type === 1 && s.formatted.length >= 0x18) {
      const u = formatUuid(s.formatted.subarray(0x08, 0x18), 0x0300);
      // libvirt makes <sysinfo>'s UUID the domain's; it must then equal <uuid>, so both are written.
      if (/^[0-9a-f-]{36}$/.test(u)) {
        uuid = u;
        entries.push(`      <entry name='uuid'>${u}</entry>`);
      }
    }
    if (entries.length > 0) sysinfo.push(`    <${spec.element}>`, ...entries, `    </${spec.element}>`);
  }
  if (usedTypes.size > 0) {
    findings.push(finding('QEMU_LIBVIRT_STRINGS_ONLY', 'info', `types ${[...usedTypes].sort((a, b) => a - b).join(', ')} go through <sysinfo>: libvirt passes their strings and QEMU builds the structures (other fields are QEMU's); qemu.args passes them byte for byte`));
  }
  const known = libvirtAcpiTableTypes(version);
  const acpi: string[] = [];
  const elementUsed = new Set<string>();
  for (const { item: t, path } of input.tables) {
    const type = t.signature === 'SLIC' ? 'slic' : t.signature === 'MSDM' ? 'msdm' : 'raw';
    // Each table type may appear once in <acpi>; the rest go on the command line.
    if (known.has(type) && !elementUsed.has(type)) {
      elementUsed.add(type);
      acpi.push(`      <table type='${type}'>${xmlText(path)}</table>`);
    } else {
      commandline.push('-acpitable', `file=${path.replace(/,/g, ',,')}`);
    }
  }
  const lines = [`<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>`, `  <name>${xmlText(input.name ?? 'hvmpack-guest')}</name>`];
  if (uuid) lines.push(`  <uuid>${uuid}</uuid>`);
  lines.push(`  <memory unit='MiB'>${guest.memoryMiB}</memory>`, `  <vcpu>${guest.cpus}</vcpu>`);
  if (sysinfo.length > 0) lines.push(`  <sysinfo type='smbios'>`, ...sysinfo, '  </sysinfo>');
  lines.push('  <os>', `    <type arch='x86_64' machine='${guest.machine}'>hvm</type>`);
  if (guest.firmware === 'ovmf') lines.push(`    <loader readonly='yes' type='rom'>${xmlText(input.ovmfPath)}</loader>`);
  if (acpi.length > 0) lines.push('    <acpi>', ...acpi, '    </acpi>');
  lines.push(`    <smbios mode='sysinfo'/>`, '  </os>', '  <features>', '    <acpi/>', '  </features>');
  // libvirt passes -smp N,sockets=N,… unless told the topology: the guest view assumes this one.
  lines.push('  <cpu>', `    <topology sockets='${guest.sockets}' dies='1' cores='${guest.cpus / guest.sockets}' threads='1'/>`, '  </cpu>');
  if (guest.smbiosEntryPoint === '64') commandline.push('-machine', 'smbios-entry-point-type=64');
  if (commandline.length > 0) lines.push('  <qemu:commandline>', ...commandline.map((a) => `    <qemu:arg value='${xmlText(a)}'/>`), '  </qemu:commandline>');
  lines.push('</domain>');
  return { xml: lines.join('\n') + '\n', findings };
}
