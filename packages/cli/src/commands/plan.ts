import * as path from 'node:path';
import { inFile } from '@hvmpack/host';
import {
  PLANNED_FIRMWARES,
  PROFILES,
  decodeElf32,
  examplePlanInput,
  formatAddress,
  formatSize,
  inferModuleKind,
  loaderFromElf,
  loaderFromSize,
  looksLikeSize,
  parseSize,
  planLayout,
  planToJson,
  renderPlanSvg,
  type PlannedFirmware,
  type LoaderSpec,
  type ModuleSpec,
  type Plan,
  type ProfileName,
} from '@hvmpack/layout';
import { decodeModuleSet } from '@hvmpack/container';
import { containerModules } from '@hvmpack/xen';
import { defineCommand, type CommandContext } from '../command.js';
import { ExitCode, UsageError } from '../errors.js';
import { formatFindingLine } from '../findings.js';
import { printJson } from '../json.js';

interface PlanArgs {
  loader?: string;
  example: boolean;
  module?: string[];
  modules?: string;
  memory?: number;
  profile: ProfileName;
  firmware: PlannedFirmware;
  'mmio-hole'?: number;
  video?: number;
  vcpus?: number;
  scratch?: 'low' | 'behind-loader';
  'scratch-size'?: string;
  svg?: string;
}

/** `hvmpack plan`: places loader and modules per profile, prints regions, e820s, minimum memory and findings. */
export const plan = defineCommand<PlanArgs>({
  command: 'plan',
  describe: 'Plan where the loader and modules land in guest memory and check that nothing collides',
  builder: (y) =>
    y
      .option('loader', { type: 'string', describe: 'hvmloader ELF32 file, or its size (0x40000, 256K)' })
      .option('example', { type: 'boolean', default: false, describe: 'plan the built-in example (synthetic hvmloader ELF, SeaBIOS, ACPI, SMBIOS)' })
      .option('module', { type: 'string', array: true, describe: 'NAME=FILE or NAME=SIZE, optionally @ADDR to pin it (repeatable); kind from NAME: firmware|seabios|ovmf, acpi, smbios, ipxe' })
      .option('modules', { type: 'string', describe: 'hvmpack module container (modules.img)' })
      .option('memory', { type: 'number', describe: 'guest memory in MiB (xl memory=; 1024 with --example)' })
      .option('profile', { choices: PROFILES, default: 'xen-4.8' as ProfileName, describe: 'placement rules' })
      .option('firmware', { choices: PLANNED_FIRMWARES, default: 'seabios' as PlannedFirmware, describe: 'system firmware' })
      .option('mmio-hole', { type: 'number', describe: 'MMIO hole below 4 GiB in MiB (default 256)' })
      .option('video', { type: 'number', describe: 'video memory in MiB subtracted from memory (default 8)' })
      .option('vcpus', { type: 'number', describe: 'vCPUs (default 1)' })
      .option('scratch', { choices: ['low', 'behind-loader'] as const, describe: 'scratch placement (default: behind-loader for rfc, low otherwise)' })
      .option('scratch-size', { type: 'string', describe: 'scratch size (default 0x70000 low, 256K behind the loader)' })
      .option('svg', { type: 'string', describe: 'write the memory map as SVG to this file' }) as never,
  examples: [
    ["hvmpack plan --example", "the built-in example"],
    ["hvmpack plan --loader hvmloader --modules modules.img --memory 2048 --profile rfc --svg map.svg", "a real loader and module set, with a picture"],
  ],
  run: async (args, ctx) => {
    const inputs: string[] = [];
    const example = args.example ? examplePlanInput(args.profile) : undefined;
    if (!example && args.loader === undefined) throw new UsageError('--loader is required (or use --example)');
    const memory = args.memory ?? example?.guest.memoryMiB;
    if (memory === undefined) throw new UsageError('--memory is required (or use --example)');
    const loader = args.loader !== undefined ? await readLoader(args.loader, ctx, inputs) : example!.loader;
    const modules: ModuleSpec[] = example && args.module === undefined && args.modules === undefined ? [...example.modules] : [];
    for (const spec of args.module ?? []) modules.push(await readModuleArg(spec, ctx, inputs));
    let containerNote: string | undefined;
    if (args.modules !== undefined) {
      const file = args.modules;
      const bytes = await ctx.io.readFile(file);
      inputs.push(file);
      const decoded = inFile(file, () => decodeModuleSet(bytes));
      containerNote = `${path.basename(file)}: ${decoded.placements.length} modules, ${decoded.totalLength} bytes`;
      modules.push(...containerModules(decoded, args.profile, path.basename(file)));
    }
    if (!Number.isInteger(memory) || memory <= 0) throw new UsageError('--memory must be a positive whole number of MiB');
    for (const [k, v] of [['mmio-hole', args['mmio-hole']], ['video', args.video], ['vcpus', args.vcpus]] as const) {
      if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw new UsageError(`--${k} must be a whole number`);
    }
    const scratchSize = args['scratch-size'] !== undefined ? sizeArg(args['scratch-size'], '--scratch-size') : undefined;
    const result = planLayout({
      profile: args.profile,
      loader,
      modules,
      guest: {
        memoryMiB: memory,
        firmware: args.firmware,
        ...(args['mmio-hole'] !== undefined && { mmioHoleMiB: args['mmio-hole'] }),
        ...(args.video !== undefined && { videoMiB: args.video }),
        ...(args.vcpus !== undefined && { vcpus: args.vcpus }),
      },
      options: {
        ...((args.scratch !== undefined || scratchSize !== undefined) && {
          scratch: { placement: args.scratch ?? (args.profile === 'rfc' ? 'behind-loader' : 'low'), ...(scratchSize !== undefined && { size: scratchSize }) },
        }),
      },
    });
    if (args.svg !== undefined) await ctx.io.writeFile(args.svg, renderPlanSvg(result), { inputs });
    // What was read, by option; a built-in example or a size reads no file.
    const input = { ...(args.loader !== undefined && !looksLikeSize(args.loader) && { loader: args.loader }), ...(args.modules !== undefined && { modules: args.modules }), ...(args.module !== undefined && { module: args.module }) };
    if (ctx.json) printJson(ctx, { input, ...planToJson(result) });
    else ctx.io.stdout(formatPlan(result, { quiet: ctx.quiet, containerNote, svg: args.svg }));
    return result.ok ? ExitCode.Ok : ExitCode.Problems;
  },
});

function sizeArg(text: string, what: string): bigint {
  if (!looksLikeSize(text)) throw new UsageError(`${what}: not a size: ${text}`);
  return parseSize(text);
}

async function readLoader(arg: string, ctx: CommandContext, inputs: string[]): Promise<LoaderSpec> {
  if (looksLikeSize(arg)) {
    const size = parseSize(arg);
    if (size === 0n) throw new UsageError('--loader size must not be 0');
    return loaderFromSize(size, `size ${arg}`);
  }
  const bytes = await ctx.io.readFile(arg);
  inputs.push(arg);
  const image = inFile(arg, () => decodeElf32(bytes));
  return loaderFromElf(image, `${path.basename(arg)} (ELF32, pstart..pend incl. .bss)`);
}

async function readModuleArg(spec: string, ctx: CommandContext, inputs: string[]): Promise<ModuleSpec> {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new UsageError(`--module ${spec}: expected NAME=FILE or NAME=SIZE`);
  const name = spec.slice(0, eq);
  let what = spec.slice(eq + 1);
  let address: bigint | undefined;
  const at = what.lastIndexOf('@');
  if (at > 0 && looksLikeSize(what.slice(at + 1))) {
    address = parseSize(what.slice(at + 1));
    what = what.slice(0, at);
  }
  let size: bigint;
  let source: string;
  if (looksLikeSize(what)) {
    size = parseSize(what);
    source = `size ${what}`;
  } else {
    size = BigInt((await ctx.io.readFile(what)).length);
    inputs.push(what);
    source = path.basename(what);
  }
  return { name, kind: inferModuleKind(name), size, source, ...(address !== undefined && { address }) };
}

/** Formats a plan as the human-readable report. */
export function formatPlan(p: Plan, opts: { quiet?: boolean; containerNote?: string | undefined; svg?: string | undefined } = {}): string {
  const lines: string[] = [];
  const m = p.memory;
  if (!opts.quiet) {
    lines.push(`profile ${p.profile}: guest RAM ${formatSize(m.ramBytes)}, low RAM end ${formatAddress(m.lowmemEnd)}, mmio_start ${formatAddress(m.mmioStart)}${m.highmemEnd !== undefined ? `, high RAM to ${formatAddress(m.highmemEnd)}` : ''}`);
    if (opts.containerNote) lines.push(`module container ${opts.containerNote}`);
    lines.push('');
    const rows = p.regions.map((r) => [r.name, formatAddress(r.start), formatAddress(r.end), formatSize(r.end - r.start), r.kind, r.source]);
    lines.push(...table(['region', 'start', 'end (excl.)', 'size', 'kind', 'source'], rows));
    lines.push('');
    lines.push('e820 before hand-off (toolstack → hvmloader):');
    for (const e of p.e820.beforeHandoff) lines.push(`  ${formatAddress(e.start)}-${formatAddress(e.end)} ${e.type.padEnd(8)} ${e.note ?? ''}`.trimEnd());
    lines.push('e820 after hand-off (hvmloader → firmware and OS):');
    for (const e of p.e820.afterHandoff) lines.push(`  ${formatAddress(e.start)}-${formatAddress(e.end)} ${e.type.padEnd(8)} ${e.note ?? ''}`.trimEnd());
    lines.push('');
  }
  lines.push(`minimum memory: ${p.minimumMemoryMiB === null ? 'none (the plan fails at every size up to 1 TiB)' : `${p.minimumMemoryMiB} MiB`}`);
  const shown = p.findings.filter((f) => !opts.quiet || f.severity === 'error');
  if (shown.length === 0) lines.push('findings: none — nothing collides');
  else {
    lines.push(`findings (${shown.length}):`);
    for (const f of shown) lines.push(`  ${formatFindingLine({ ...f, message: `${f.message} [rule: ${f.rule}]` })}`);
  }
  if (opts.svg !== undefined && !opts.quiet) lines.push(`wrote ${opts.svg}`);
  return lines.join('\n') + '\n';
}

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]): string => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)];
}
