import { ErrorCode, FormatError, findingJson, hasErrors, type Finding } from '@hvmpack/bytes';
import { isBiosStringKey, parseXenVersion, resolveGuest, type Guest } from '@hvmpack/guest';
import { SmbiosPayloadFormat, verifyModuleSet } from '@hvmpack/container';
import { checkAcpiBlob, checkSmbiosBlob, detectBlobKind } from '@hvmpack/xen';
import type { Argv } from 'yargs';
import { defineCommand, type CommandContext } from '../command.js';
import { ExitCode, UsageError } from '../errors.js';
import { formatFindingLines } from '../findings.js';
import { printJson } from '../json.js';

/** Guest options shared by `check`, `guest-view` and `pack smbios|acpi`. */
export interface GuestArgs {
  xen?: string;
  firmware?: string;
  vcpus?: number;
  memory?: number;
  'bios-string'?: string[];
  battery?: boolean;
  tpm?: number;
  vnuma?: boolean;
  hpet?: boolean;
  'acpi-s3'?: boolean;
  'acpi-s4'?: boolean;
  'platform-acpi'?: boolean;
  apic?: boolean;
  'laptop-slate'?: boolean;
}

/** Adds the guest options (Xen version, firmware, vCPUs, memory, bios-strings, ACPI toggles). */
export function guestOptions<T>(y: Argv<T>): Argv<T & GuestArgs> {
  return y
    .option('xen', { type: 'string', describe: 'Xen version whose hvmloader reads the blobs (4.3 and later; 4.21 changed SMBIOS)', default: '4.21' })
    .option('firmware', { type: 'string', choices: ['seabios', 'ovmf', 'rombios'], default: 'seabios', describe: 'Guest firmware (xl bios=)' })
    .option('vcpus', { type: 'number', default: 1, describe: 'Guest vCPUs' })
    .option('memory', { type: 'number', default: 1024, describe: 'Guest memory in MiB' })
    .option('bios-string', { type: 'string', array: true, describe: 'bios-strings/<key>=<value> as xl smbios= writes it (repeatable)' })
    .option('battery', { type: 'boolean', default: false, describe: 'Guest has the battery port (adds SSDT_PM)' })
    .option('tpm', { type: 'number', choices: [0, 1, 2], default: 0, describe: 'TPM version the device model offers (adds TPM tables)' })
    .option('vnuma', { type: 'boolean', default: false, describe: 'vNUMA configured (adds SRAT and SLIT)' })
    .option('hpet', { type: 'boolean', default: true, describe: 'HPET present (adds the HPET table)' })
    .option('acpi-s3', { type: 'boolean', default: true, describe: 'S3 enabled (adds SSDT_S3)' })
    .option('acpi-s4', { type: 'boolean', default: true, describe: 'S4 enabled (adds SSDT_S4)' })
    .option('apic', { type: 'boolean', default: true, describe: 'xl apic= (hvm_info apic_mode): with --no-apic and 1 vCPU there is no MADT' })
    .option('laptop-slate', { type: 'boolean', default: false, describe: 'xl acpi_laptop_slate=1 (adds the laptop/slate SSDT)' })
    .option('platform-acpi', { type: 'boolean', default: true, describe: 'platform/acpi is "1" (--no-platform-acpi: the guest gets no ACPI)' }) as unknown as Argv<T & GuestArgs>;
}

/** Turns parsed guest options into a guest config (usage errors for bad values). */
export function guestConfigFrom(a: GuestArgs): Guest {
  const biosStrings: Record<string, string> = {};
  for (const kv of a['bios-string'] ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UsageError(`--bios-string wants key=value, got "${kv}"`);
    // xl turns underscores into hyphens in the key (xen.md §2.4).
    const key = kv.slice(0, eq).replace(/_/g, '-');
    if (!isBiosStringKey(key)) throw new UsageError(`unknown bios-strings key "${key}" (the keys of Xen's xen/include/public/hvm/hvm_xs_strings.h, commit c447b7308b: bios-vendor, system-manufacturer, oem-1, …)`);
    biosStrings[key] = kv.slice(eq + 1);
  }
  let xen;
  try {
    xen = parseXenVersion(a.xen ?? '4.21');
  } catch (e) {
    throw new UsageError(`--xen: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    return resolveGuest({
      xen,
      firmware: (a.firmware ?? 'seabios') as Guest['firmware'],
      vcpus: a.vcpus ?? 1,
      memoryMiB: a.memory ?? 1024,
      biosStrings,
      battery: a.battery ?? false,
      tpm: (a.tpm ?? 0) as 0 | 1 | 2,
      vnuma: a.vnuma ?? false,
      hpet: a.hpet ?? true,
      acpiS3: a['acpi-s3'] ?? true,
      acpiS4: a['acpi-s4'] ?? true,
      acpi: a['platform-acpi'] ?? true,
      apicMode: a.apic ?? true,
      laptopSlate: a['laptop-slate'] ?? false,
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

/** Prints findings (to stdout, or nothing with --quiet unless errors) and returns the exit code they imply. */
export function reportFindings(findings: readonly Finding[], ctx: CommandContext, to: 'stdout' | 'stderr' = 'stdout'): number {
  for (const line of formatFindingLines(findings.filter((f) => !ctx.quiet || f.severity === 'error'))) ctx.io[to](line + '\n');
  return hasErrors(findings) ? ExitCode.Problems : ExitCode.Ok;
}

/**
 * A module set: the container checks (docs/module-format.md), then each SMBIOS (Xen-blob
 * payload) and ACPI module against hvmloader's rules, since a patched loader hands those payloads
 * to its existing pass-through code unchanged. Offsets are in the set.
 */
function checkModuleSet(bytes: Uint8Array, cfg: Guest): Finding[] {
  const report = verifyModuleSet(bytes);
  const out = [...report.findings];
  if (!report.decoded) return out;
  report.decoded.placements.forEach((p, i) => {
    const m = report.decoded!.set.modules[i]!;
    const payload = bytes.subarray(p.payloadOffset, p.payloadOffset + p.payloadLength);
    const inner = m.kind === 'smbios' && m.smbios.payloadFormat === SmbiosPayloadFormat.XenBlob
      ? checkSmbiosBlob(payload, cfg).findings
      : m.kind === 'acpi' ? checkAcpiBlob(payload, cfg).findings : [];
    for (const f of inner) {
      out.push({ ...f, ...(f.offset !== undefined && { offset: f.offset + p.payloadOffset }), path: `modset.modules[${i}].payload${f.path !== undefined ? `.${f.path}` : ''}` });
    }
  });
  return out;
}

interface CheckArgs extends GuestArgs {
  file: string;
  kind?: string;
}

/** `hvmpack check <file>`: hvmloader's acceptance report for an smbios_firmware or acpi_firmware blob. */
export const check = defineCommand<CheckArgs>({
  command: 'check <file>',
  describe: "Check an SMBIOS or ACPI pass-through blob, or a module set, against hvmloader's rules; exit 1 on errors",
  builder: (y) =>
    guestOptions(y)
      .positional('file', { type: 'string', demandOption: true, describe: 'smbios_firmware or acpi_firmware blob, or a module set' })
      .option('kind', { type: 'string', choices: ['auto', 'smbios', 'acpi'], default: 'auto', describe: 'Which blob the file is' }) as unknown as Argv<CheckArgs>,
  run: async (a, ctx) => {
    const cfg = guestConfigFrom(a);
    const bytes = await ctx.io.readFile(a.file);
    const kind = a.kind === 'smbios' || a.kind === 'acpi' ? a.kind : detectBlobKind(bytes);
    if (kind === 'smbios-dump' || kind === 'acpidump-text') {
      const what = kind === 'smbios-dump' ? 'smbios' : 'acpi';
      throw new FormatError(ErrorCode.UnknownFormat, `this is host ${what === 'smbios' ? 'SMBIOS' : 'ACPI'} data, not a blob: run \`hvmpack pack ${what}\` on it first`, { file: a.file, offset: 0 });
    }
    if (kind === 'unknown') {
      throw new FormatError(ErrorCode.UnknownFormat, 'neither an smbios_firmware nor an acpi_firmware blob nor a module set (use --kind)', { file: a.file, offset: 0 });
    }
    const findings = kind === 'module-set' ? checkModuleSet(bytes, cfg) : kind === 'smbios' ? checkSmbiosBlob(bytes, cfg).findings : checkAcpiBlob(bytes, cfg).findings;
    const errors = findings.filter((f) => f.severity === 'error').length;
    const warnings = findings.filter((f) => f.severity === 'warning').length;
    if (ctx.json) {
      printJson(ctx, { input: a.file, kind, xen: a.xen, firmware: cfg.firmware, ok: errors === 0, errorCount: errors, warningCount: warnings, findings: findings.map(findingJson) });
      return errors > 0 ? ExitCode.Problems : ExitCode.Ok;
    }
    const code = reportFindings(findings, ctx);
    if (!ctx.quiet) {
      ctx.io.stdout(`${a.file}: ${kind === 'module-set' ? 'module set' : `${kind} blob`}, Xen ${cfg.xen.major}.${cfg.xen.minor}, ${cfg.firmware}: ${errors} error(s), ${warnings} warning(s)\n`);
    }
    return code;
  },
});
