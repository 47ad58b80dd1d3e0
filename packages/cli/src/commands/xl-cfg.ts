import { findingJson, hasErrors } from '@hvmpack/bytes';
import { formatXlCfg, mergeXlCfg, xlCfgSettings } from '@hvmpack/xen';
import { inFile } from '@hvmpack/host';
import type { Argv } from 'yargs';
import { defineCommand } from '../command.js';
import { ExitCode, UsageError } from '../errors.js';
import { printJson } from '../json.js';
import { reportFindings } from './check.js';
import { toolstackGuest, toolstackGuestOptions, toolstackInput, type ToolstackGuestArgs } from './toolstack-guest.js';

interface XlCfgArgs extends ToolstackGuestArgs {
  'smbios-firmware'?: string;
  'acpi-firmware'?: string;
  videoram?: number;
  merge?: string;
  output?: string;
}

/** `hvmpack xl-cfg`: the xl.cfg settings hvmpack owns, alone or merged into an existing xl.cfg. */
export const xlCfg = defineCommand<XlCfgArgs>({
  command: 'xl-cfg',
  describe: "Print a guest's xl.cfg settings (bios, memory, vcpus, acpi_*, smbios_firmware, acpi_firmware, smbios=), or merge them into an xl.cfg",
  builder: (y) =>
    toolstackGuestOptions(y)
      .option('smbios-firmware', { type: 'string', describe: 'smbios_firmware= path (the blob from pack smbios)' })
      .option('acpi-firmware', { type: 'string', describe: 'acpi_firmware= path (the blob from pack acpi)' })
      .option('videoram', { type: 'number', describe: 'xl videoram= in MiB (memory= counts it; default 8, not written)' })
      .option('merge', { type: 'string', describe: "An existing xl.cfg: keep every line of it, rewrite only hvmpack's settings (needs -o)" })
      .option('output', { alias: 'o', type: 'string', describe: 'Write here (atomically) instead of standard output; never over --merge or --guest' }) as unknown as Argv<XlCfgArgs>,
  examples: [
    ["hvmpack xl-cfg --guest guest.json --smbios-firmware /srv/web1/smbios.bin --merge web1.cfg -o web1.new.cfg", "merge hvmpack's settings into an existing xl.cfg"],
  ],
  run: async (a, ctx) => {
    const inputs: string[] = [];
    if (a.merge !== undefined && a.output === undefined) throw new UsageError('--merge needs -o NEW.cfg: hvmpack never rewrites its input');
    if (a.videoram !== undefined && (!Number.isInteger(a.videoram) || a.videoram < 0)) throw new UsageError('--videoram must be a whole number of MiB');
    const { guest, findings: guestFindings } = await toolstackGuest(a, ctx, inputs);
    const { settings, findings } = xlCfgSettings({
      guest,
      ...(a['smbios-firmware'] !== undefined && { smbiosFirmware: a['smbios-firmware'] }),
      ...(a['acpi-firmware'] !== undefined && { acpiFirmware: a['acpi-firmware'] }),
      ...(a.videoram !== undefined && { videoMiB: a.videoram }),
    });
    let text = formatXlCfg(settings);
    if (a.merge !== undefined) {
      const file = a.merge;
      const bytes = await ctx.io.readFile(file);
      inputs.push(file);
      text = inFile(file, () => mergeXlCfg(new TextDecoder().decode(bytes), settings)).text;
    }
    const all = [...guestFindings, ...findings];
    const ok = !hasErrors(all);
    // Errors stop the write: hvmloader would not get what the guest says.
    if (ok && a.output !== undefined) await ctx.io.writeFile(a.output, text, { inputs });
    if (ctx.json) {
      printJson(ctx, { input: toolstackInput(a, { merge: a.merge }), ok, output: ok ? (a.output ?? null) : null, settings, text, findings: all.map(findingJson) });
      return ok ? ExitCode.Ok : ExitCode.Problems;
    }
    if (ok && a.output === undefined) ctx.io.stdout(text);
    reportFindings(all, ctx, 'stderr');
    if (!ok) {
      ctx.io.stderr('hvmpack: not writing the xl.cfg: hvmloader would not get what the guest says (see the errors above)\n');
      return ExitCode.Problems;
    }
    return ExitCode.Ok;
  },
});
