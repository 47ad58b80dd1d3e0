import * as path from 'node:path';
import type { Argv } from 'yargs';
import { buildExampleHost } from '@hvmpack/host';
import { defineCommand, type CommandContext } from '../command.js';
import { ExitCode } from '../errors.js';
import { jsonText } from '../json.js';
import { withIO } from '../io.js';

interface DemoArgs {
  out: string;
}

/** One step of the walk-through: the command line a user would type, and what it shows. */
interface Step {
  title: string;
  argv: string[];
  /** Exit codes that are part of the story (e.g. `check` finding problems is exit 1). */
  expect?: readonly number[];
}

/**
 * The README's first command: the whole host → guest job on a built-in example host, as the
 * sequence of `hvmpack` commands a toolstack script would run, each printed before its output.
 */
export const demo = defineCommand<DemoArgs>({
  command: 'demo',
  describe: 'Run hvmpack on a built-in example (no host data needed)',
  builder: (y) =>
    y.option('out', { type: 'string', default: path.join('out', 'demo'), describe: 'Folder for the example host files and everything built from them' }) as unknown as Argv<DemoArgs>,
  examples: [
    ["hvmpack demo --out /tmp/hvmpack-demo", "the whole walk-through, its files in /tmp/hvmpack-demo"],
  ],
  run: async (a, ctx) => {
    const { runCli } = await import('../main.js');
    const out = a.out;
    const f = (name: string): string => path.join(out, name);
    await ctx.io.mkdir(out);
    const host = buildExampleHost();
    await ctx.io.writeFile(f('host-smbios.bin'), host.smbiosDumpBin);
    await ctx.io.writeFile(f('host-acpidump.txt'), host.acpidumpText);
    say(ctx, `Example host written to ${out}/: host-smbios.bin (dmidecode --dump-bin), host-acpidump.txt (acpidump text).\n`);

    const steps: Step[] = [
      { title: 'What the host has', argv: ['smbios', 'decode', f('host-smbios.bin'), '-t', 'system'] },
      { title: 'Its ACPI tables', argv: ['acpi', 'list', f('host-acpidump.txt')] },
      { title: 'Pack the SMBIOS pass-through blob (smbios_firmware=)', argv: ['pack', 'smbios', f('host-smbios.bin'), '-o', f('smbios.bin')] },
      { title: 'Pack the ACPI pass-through blob (acpi_firmware=)', argv: ['pack', 'acpi', f('host-acpidump.txt'), '-o', f('acpi.bin')] },
      { title: "Check both against hvmloader's rules", argv: ['check', f('smbios.bin')] },
      { title: '', argv: ['check', f('acpi.bin')] },
      { title: 'What the guest will see', argv: ['guest-view', '--smbios', f('smbios.bin'), '--acpi', f('acpi.bin'), '--vcpus', '2', '--memory', '2048'] },
      { title: 'The RFC module container, and how hvmloader would find it', argv: ['pack', 'modules', '--smbios', f('smbios.bin'), '--acpi', f('acpi.bin'), '--meta', 'oem.profile=7', '-o', f('modules.img')] },
      {
        title: 'Where it all lands in guest memory (RFC layout), with a picture',
        argv: ['plan', '--loader', '0x60000', '--modules', f('modules.img'), '--memory', '2048', '--profile', 'rfc', '--svg', f('layout.svg')],
      },
    ];
    for (const [i, s] of steps.entries()) {
      if (s.title) say(ctx, `\n== ${s.title}\n`);
      say(ctx, `$ hvmpack ${s.argv.join(' ')}\n`);
      let code: number;
      if (ctx.json) {
        // One JSON line per step: the command line and the step's own JSON document.
        let out = '';
        code = await runCli([...s.argv, '--json', '--no-pretty'], withIO(ctx.io, { stdout: (t) => void (out += t) }));
        ctx.io.stdout(jsonText({ input: null, step: i + 1, title: s.title, argv: s.argv, exitCode: code, output: out.trim() === '' ? null : (JSON.parse(out) as unknown) }, false));
      } else {
        // Findings go to stderr in real use; here they belong in the story, in order.
        code = await runCli(s.argv, withIO(ctx.io, { stderr: ctx.io.stdout }));
      }
      if (code !== ExitCode.Ok && !(s.expect ?? []).includes(code)) {
        ctx.io.stderr(`hvmpack: demo step failed with exit code ${code}: hvmpack ${s.argv.join(' ')}\n`);
        return code;
      }
    }
    say(ctx, `\nDone. Everything the steps wrote is in ${out}/.\n`);
    return ExitCode.Ok;
  },
});

function say(ctx: CommandContext, text: string): void {
  if (!ctx.quiet && !ctx.json) ctx.io.stdout(text);
}
