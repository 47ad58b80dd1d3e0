import { AcpiRootFlags, DEFAULT_MODULES_BASE, OromMode, SmbiosPayloadFormat, buildAcpiModule, buildMetaModule, buildOromModule, buildSmbiosModule, describeHandoff, encodeModuleSet, handoffToJson, summarizeModuleSet, verifyModuleSet, META_KEY_PATTERN, ModuleSetFlags, type MetaEntry, type Module } from '@hvmpack/container';
import { ErrorCode, FormatError, findingJson, hasErrors } from '@hvmpack/bytes';
import { inFile } from '@hvmpack/host';
import { defineCommand, defineGroup } from '../command.js';
import { ExitCode, UsageError } from '../errors.js';
import { formatFindingLines } from '../findings.js';
import { printJson } from '../json.js';

interface PackModulesArgs {
  smbios?: string;
  'smbios-version'?: string;
  'smbios-format'?: string;
  acpi?: string;
  'acpi-root'?: string;
  orom?: string[];
  meta?: string[];
  base: string;
  output: string;
  force: boolean;
}

function parseNumber(text: string, what: string, max: bigint): bigint {
  if (!/^(0x[0-9a-f]+|[0-9]+)$/i.test(text)) throw new UsageError(`${what}: not a number: ${JSON.stringify(text)}`);
  const v = BigInt(text);
  if (v > max) throw new UsageError(`${what}: ${text} is out of range`);
  return v;
}

/** `--orom vendor:device[:override]=FILE`. */
function parseOrom(spec: string): { vendorId: number; deviceId: number; mode: OromMode; file: string } {
  const m = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})(?::(add|override))?=(.+)$/i.exec(spec);
  if (!m) throw new UsageError(`--orom: expected vendor:device[:add|override]=FILE (hex IDs), got ${JSON.stringify(spec)}`);
  return { vendorId: parseInt(m[1]!, 16), deviceId: parseInt(m[2]!, 16), mode: m[3]?.toLowerCase() === 'override' ? OromMode.Override : OromMode.Add, file: m[4]! };
}

/** `--meta key=value`: true/false are flags, decimal or 0x numbers are u64, anything else a string. */
export function parseMeta(spec: string): MetaEntry {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new UsageError(`--meta: expected key=value, got ${JSON.stringify(spec)}`);
  const key = spec.slice(0, eq);
  const raw = spec.slice(eq + 1);
  if (!META_KEY_PATTERN.test(key)) throw new UsageError(`--meta: key ${JSON.stringify(key)} may only hold a-z 0-9 . _ / -`);
  if (raw === 'true' || raw === 'false') return { key, value: raw === 'true' };
  if (/^(0x[0-9a-f]+|[0-9]+)$/i.test(raw)) return { key, value: parseNumber(raw, `--meta ${key}`, 0xffffffffffffffffn) };
  return { key, value: raw.startsWith('str:') ? raw.slice(4) : raw };
}

function parseRoots(text: string): number {
  let flags = 0;
  for (const t of text.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean)) {
    if (t === 'rsdt') flags |= AcpiRootFlags.Rsdt;
    else if (t === 'xsdt') flags |= AcpiRootFlags.Xsdt;
    else throw new UsageError(`--acpi-root: unknown root table ${JSON.stringify(t)} (rsdt, xsdt)`);
  }
  return flags;
}

const hex8 = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/** `hvmpack pack modules`: builds the RFC module container and prints how a loader finds it. */
export const packModules = defineCommand<PackModulesArgs>({
  command: 'modules',
  describe: 'Build the module container (docs/module-format.md) from SMBIOS/ACPI blobs, option ROMs and metadata',
  builder: (y) =>
    y
      .option('smbios', { type: 'string', describe: 'SMBIOS payload: Xen smbios_firmware blob or structure table' })
      .option('smbios-version', { type: 'string', describe: 'SMBIOS version the structures follow, e.g. 3.4 (default: not stated)' })
      .option('smbios-format', { type: 'string', choices: ['auto', 'xen', 'table'], default: 'auto', describe: 'SMBIOS payload format' })
      .option('acpi', { type: 'string', describe: 'ACPI payload: whole tables back to back (Xen acpi_firmware)' })
      .option('acpi-root', { type: 'string', default: 'rsdt,xsdt', describe: 'Root tables the loader appends the ACPI tables to' })
      .option('orom', { type: 'string', array: true, describe: 'Option ROM: vendor:device[:add|override]=FILE (hex IDs)' })
      .option('meta', { type: 'string', array: true, describe: 'Metadata key=value (true/false = flag, numbers = u64, str:… forces a string)' })
      .option('base', { type: 'string', default: `0x${DEFAULT_MODULES_BASE.toString(16)}`, describe: 'Guest-physical address the set is loaded at (for the hand-off data)' })
      .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'Output file' })
      .option('force', { type: 'boolean', default: false, describe: 'Write even when the set has errors (a loader must reject it)' }) as never,
  examples: [
    ["hvmpack pack modules --smbios smbios.bin --acpi acpi.bin -o modules.img", "a module set from both blobs"],
  ],
  run: async (args, ctx) => {
    const modules: Module[] = [];
    const inputs: string[] = [];
    const read = async (f: string): Promise<Uint8Array> => {
      inputs.push(f);
      const bytes = await ctx.io.readFile(f);
      // An empty payload is a mistake (xl ignores an empty blob file): say so rather than pack nothing.
      if (bytes.length === 0) throw new FormatError(ErrorCode.Truncated, 'empty file: nothing to pack', { file: f, offset: 0 });
      return bytes;
    };
    if (args.smbios) {
      const file = args.smbios;
      const bytes = await read(file);
      let version: { major: number; minor: number } | undefined;
      if (args['smbios-version'] !== undefined) {
        const v = /^(\d{1,3})\.(\d{1,3})$/.exec(args['smbios-version']);
        if (!v || Number(v[1]) > 255 || Number(v[2]) > 255) throw new UsageError(`--smbios-version: expected MAJOR.MINOR, got ${JSON.stringify(args['smbios-version'])}`);
        version = { major: Number(v[1]), minor: Number(v[2]) };
      }
      const fmt = args['smbios-format'];
      const format = fmt === 'xen' ? SmbiosPayloadFormat.XenBlob : fmt === 'table' ? SmbiosPayloadFormat.Table : undefined;
      modules.push(inFile(file, () => buildSmbiosModule(bytes, { ...(version && { version }), ...(format !== undefined && { format }) })));
    }
    if (args.acpi) {
      const file = args.acpi;
      const bytes = await read(file);
      const roots = parseRoots(args['acpi-root'] ?? 'rsdt,xsdt');
      modules.push(inFile(file, () => buildAcpiModule(bytes, roots)));
    }
    for (const spec of args.orom ?? []) {
      const o = parseOrom(spec);
      modules.push(buildOromModule(await read(o.file), { vendorId: o.vendorId, deviceId: o.deviceId, mode: o.mode }));
    }
    const meta = (args.meta ?? []).map(parseMeta);
    if (meta.length > 0) modules.push(buildMetaModule(meta));
    if (modules.length === 0) throw new UsageError('nothing to pack: give --smbios, --acpi, --orom or --meta');
    const base = parseNumber(args.base, '--base', 0xffffffffn);
    const bytes = encodeModuleSet({ formatMinor: 0, flags: ModuleSetFlags.Reclaimable, modules });
    const handoff = describeHandoff(base, bytes.length);
    // What the builders let through is checked as a loader would (an option ROM without 55 AA, a
    // PCIR whose IDs differ from --orom, ACPI tables appended to no root table): a set with errors
    // is not written unless --force, as pack smbios|acpi do.
    const report = verifyModuleSet(bytes);
    const findings = report.findings;
    const input = { ...(args.smbios !== undefined && { smbios: args.smbios }), ...(args.acpi !== undefined && { acpi: args.acpi }), ...(args.orom !== undefined && { orom: args.orom.map((o) => parseOrom(o).file) }) };
    if (hasErrors(findings) && !args.force) {
      if (ctx.json) printJson(ctx, { input, output: null, written: false, findings: findings.map(findingJson) });
      else {
        for (const line of formatFindingLines(findings, args.output)) ctx.io.stderr(line + '\n');
        ctx.io.stderr(`hvmpack: not writing ${args.output}: a loader must reject this module set (see the errors above; --force writes anyway)\n`);
      }
      return ExitCode.Problems;
    }
    const summary = summarizeModuleSet(report.decoded!);
    await ctx.io.writeFile(args.output, bytes, { inputs });
    if (ctx.json) {
      printJson(ctx, { input, output: args.output, written: true, ...summary, handoff: handoffToJson(handoff), findings: findings.map(findingJson) });
      return 0;
    }
    if (!ctx.quiet) {
      const lines = [`${args.output}: module set 1.0, ${summary.modules.length} module${summary.modules.length === 1 ? '' : 's'}, ${bytes.length} bytes`];
      for (const m of summary.modules) lines.push(`  [${m.index}] ${m.signature} at 0x${m.offset.toString(16)}, ${m.length} bytes: ${m.description}`);
      lines.push(
        `hand-off (set loaded at ${handoffToJson(handoff)['base'] as string}; hvmpack's proposal, stock hvmloader reads none of these):`,
        ...handoff.xenstore.map((e) => `  xenstore   /local/domain/<domid>/${e.key} = ${e.value}`),
        `  registers  ECX=${hex8(handoff.registers.ecx)} EDX=${hex8(handoff.registers.edx)}`,
        `  start info hvm_modlist_entry "${handoff.startInfo.name}": paddr 0x${handoff.startInfo.paddr.toString(16)} size 0x${handoff.startInfo.size.toString(16)} name at 0x${handoff.startInfo.cmdlinePaddr.toString(16)}`,
      );
      ctx.io.stdout(lines.join('\n') + '\n');
    }
    for (const line of formatFindingLines(findings, args.output)) ctx.io.stderr(line + '\n');
    return 0;
  },
});

/** The `pack` group's module-container part (merges with the other `pack` subcommands). */
export const pack = defineGroup({
  command: 'pack',
  describe: 'Build guest firmware inputs: SMBIOS and ACPI blobs, the module container',
  subcommands: [packModules],
});
