import type { AnyCommand, CommandGroup } from '../command.js';

/** A top-level command or command group, loaded only when the command line names it. */
export interface CommandEntry {
  /** The first word on the command line: a command (`plan`) or a group (`acpi`). */
  name: string;
  /** The yargs signature shown in top-level help, e.g. `inspect <file>`. */
  usage: string;
  /** One line for `hvmpack --help` (for groups, also the group's own description). */
  describe: string;
  /** Imports the modules that implement it; a group may be spread over several modules. */
  load: () => Promise<readonly (AnyCommand | CommandGroup)[]>;
}

/**
 * Every command the CLI knows, in `--help` order. Commands are imported lazily: a run loads only
 * the module(s) of the command it names, so `hvmpack --version` or `hvmpack smbios get` do not pay
 * for parsing every codec. The describe/usage strings must equal the modules' own (a test checks).
 */
export const commandEntries: readonly CommandEntry[] = [
  {
    name: 'demo',
    usage: 'demo',
    describe: 'Run hvmpack on a built-in example (no host data needed)',
    load: async () => [(await import('./demo.js')).demo],
  },
  {
    name: 'smbios',
    usage: 'smbios',
    describe: 'Decode, query and convert SMBIOS tables',
    load: async () => [(await import('./smbios.js')).smbios, (await import('./smbios-get.js')).smbiosGet],
  },
  {
    name: 'acpi',
    usage: 'acpi',
    describe: 'List, show, extract, dump and check ACPI tables',
    load: async () => [(await import('./acpi.js')).acpi, (await import('./acpi-show.js')).acpiShow],
  },
  {
    name: 'pack',
    usage: 'pack',
    describe: 'Build guest firmware inputs: SMBIOS and ACPI blobs, the module container',
    load: async () => [(await import('./pack-xen.js')).packXen, (await import('./pack-modules.js')).pack],
  },
  {
    name: 'check',
    usage: 'check <file>',
    describe: "Check an SMBIOS or ACPI pass-through blob, or a module set, against hvmloader's rules; exit 1 on errors",
    load: async () => [(await import('./check.js')).check],
  },
  {
    name: 'guest-view',
    usage: 'guest-view',
    describe: 'Show the SMBIOS table and ACPI tables hvmloader builds for a guest from the blobs',
    load: async () => [(await import('./guest-view.js')).guestView],
  },
  {
    name: 'plan',
    usage: 'plan',
    describe: 'Plan where the loader and modules land in guest memory and check that nothing collides',
    load: async () => [(await import('./plan.js')).plan],
  },
  {
    name: 'inspect',
    usage: 'inspect <file>',
    describe: 'Detect and describe any input hvmpack knows: module set, start info, HVM info table, SMBIOS, ACPI, Xen blobs',
    load: async () => [(await import('./inspect.js')).inspect],
  },
  {
    name: 'audit',
    usage: 'audit [input...]',
    describe: "Which host identifiers (serials, UUID, asset tags, product keys, OEM strings) reach a guest, and the policy's verdicts; exit 1 on a violation",
    load: async () => [(await import('./audit.js')).audit],
  },
  {
    name: 'redact',
    usage: 'redact <input>',
    describe: 'Replace host identifiers (serials, UUID, asset tags, product key, …) with placeholders, keeping the input format valid',
    load: async () => [(await import('./redact.js')).redact],
  },
  {
    name: 'qemu',
    usage: 'qemu',
    describe: 'QEMU/KVM and libvirt: host SMBIOS/ACPI as -smbios file= and -acpitable file= arguments, and what the guest sees',
    load: async () => [(await import('./qemu.js')).qemu],
  },
  { name: 'prepare', usage: 'prepare [input...]', describe: 'Host tables to a guest-ready folder: blobs, xl.cfg settings, xenstore keys and script, plan, report', load: async () => [(await import('./prepare.js')).prepare] },
  { name: 'xenstore', usage: 'xenstore', describe: 'Print the xenstore keys hvmloader reads for a guest (blob addresses, platform/*, bios-strings) as path=value lines, JSON or a sh script', load: async () => [(await import('./xenstore.js')).xenstore] },
  { name: 'xl-cfg', usage: 'xl-cfg', describe: "Print a guest's xl.cfg settings (bios, memory, vcpus, acpi_*, smbios_firmware, acpi_firmware, smbios=), or merge them into an xl.cfg", load: async () => [(await import('./xl-cfg.js')).xlCfg] },
  {
    name: 'completion',
    usage: 'completion [shell]',
    describe: 'Print a bash or zsh completion script (source <(hvmpack completion))',
    load: async () => [(await import('./completion.js')).completion],
  },
];
