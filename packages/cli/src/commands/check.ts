import { findingJson, hasErrors, isFormatError, type Finding } from '@hvmpack/bytes';
import { DEFAULT_XEN_VERSION, xenVersionString, type Guest } from '@hvmpack/guest';
import { inFile } from '@hvmpack/host';
import { guestFromXl, xenTarget } from '@hvmpack/xen';
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
    .option('xen', { type: 'string', describe: 'Xen release whose hvmloader reads the blobs, as `xl info` prints xen_version (4.3 … 4.22, 4.23-dev)', default: xenVersionString(DEFAULT_XEN_VERSION) })
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

/** Turns parsed guest options into the guest (xl's rules live in `guestFromXl`); bad values are usage errors. */
export function guestConfigFrom(a: GuestArgs): Guest {
  try {
    return guestFromXl({
      ...(a.xen !== undefined && { xen: a.xen }),
      ...(a.firmware !== undefined && { firmware: a.firmware }),
      vcpus: a.vcpus ?? 1,
      memoryMiB: a.memory ?? 1024,
      biosStrings: a['bios-string'] ?? [],
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
    if (!isFormatError(e)) throw e;
    // Paths of the guest model (guest.uuid) name a field; others name the flag they came from.
    const option = e.path === undefined ? '' : e.path.startsWith('guest.') ? `${e.path}: ` : `--${e.path}: `;
    throw new UsageError(`${option}${e.reason}${e.found !== undefined ? ` (${e.found})` : ''}`);
  }
}

/** Prints findings (to stdout, or nothing with --quiet unless errors) and returns the exit code they imply. */
export function reportFindings(findings: readonly Finding[], ctx: CommandContext, to: 'stdout' | 'stderr' = 'stdout'): number {
  for (const line of formatFindingLines(findings.filter((f) => !ctx.quiet || f.severity === 'error'))) ctx.io[to](line + '\n');
  return hasErrors(findings) ? ExitCode.Problems : ExitCode.Ok;
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
  examples: [
    ["hvmpack check smbios.bin --firmware ovmf", "would hvmloader accept this blob for an OVMF guest?"],
    ["hvmpack check modules.img --json", "a module set, as JSON"],
  ],
  run: async (a, ctx) => {
    const cfg = guestConfigFrom(a);
    const bytes = await ctx.io.readFile(a.file);
    const { kind, findings } = inFile(a.file, () => xenTarget.check(bytes, cfg, a.kind === 'smbios' || a.kind === 'acpi' ? a.kind : undefined));
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
