import * as path from 'node:path';
import { findingJson, hasErrors, isFormatError, latin1Bytes, type Finding } from '@hvmpack/bytes';
import { decodeAcpiInput, type AcpiTableSet } from '@hvmpack/acpi';
import { decodeSmbios, type SmbiosTable } from '@hvmpack/smbios';
import { buildExampleHost, readAcpiInput, readSmbiosInput } from '@hvmpack/host';
import { planToJson, renderPlanSvg } from '@hvmpack/layout';
import {
  checkAcpiBlob,
  checkSmbiosBlob,
  computeGuestView,
  encodeAcpiBlob,
  encodeHvmInfoTable,
  encodeSmbiosBlob,
  formatXlCfg,
  guestHvmInfo,
  guestViewToJson,
  xenstoreEntries,
  xenstoreScript,
  xlCfgSettings,
  selectStructures,
  selectTables,
} from '@hvmpack/xen';
import type { Argv } from 'yargs';
import { defineCommand, type CommandContext } from '../command.js';
import { ExitCode, UsageError } from '../errors.js';
import { formatFindingLines } from '../findings.js';
import { printJson } from '../json.js';
import { printRedaction, redactHost, redactionJson, redactOptions, type RedactFlagArgs } from './redact-flags.js';
import { placeBlobs, readLoaderArg, toolstackGuest, toolstackGuestOptions, toolstackInput, type ToolstackGuestArgs } from './toolstack-guest.js';

interface PrepareArgs extends ToolstackGuestArgs, RedactFlagArgs {
  input?: string[];
  example: boolean;
  output: string;
  loader?: string;
  'hvm-info': boolean;
  force: boolean;
}

/** The host's tables: one SMBIOS input and at most one ACPI input, told apart by content (`qemu prepare` reads them the same way). */
export async function readHost(a: { example: boolean; input?: string[] | undefined }, inputs: string[]): Promise<{ smbios?: SmbiosTable; acpi?: AcpiTableSet }> {
  if (a.example) {
    const host = buildExampleHost();
    return { smbios: decodeSmbios(host.smbiosDumpBin), acpi: decodeAcpiInput(latin1Bytes(host.acpidumpText), 'example.acpidump.txt') };
  }
  let smbios: SmbiosTable | undefined;
  let acpi: AcpiTableSet | undefined;
  for (const file of a.input ?? []) {
    inputs.push(file);
    try {
      const t = await readSmbiosInput(file);
      if (smbios) throw new UsageError(`${file}: a second SMBIOS input (one host per guest folder)`);
      smbios = t;
      continue;
    } catch (e) {
      if (!isFormatError(e)) throw e;
    }
    const set = await readAcpiInput(file);
    if (acpi) throw new UsageError(`${file}: a second ACPI input (one host per guest folder)`);
    acpi = set;
  }
  if (!smbios && !acpi) throw new UsageError('give the host\'s SMBIOS and/or ACPI inputs (or --example)');
  return { ...(smbios && { smbios }), ...(acpi && { acpi }) };
}

/** `hvmpack prepare`: host tables → selection → blobs → checks → placement → every toolstack output, in one new folder. */
export const prepare = defineCommand<PrepareArgs>({
  command: 'prepare [input...]',
  describe: 'Host tables to a guest-ready folder: blobs, xl.cfg settings, xenstore keys and script, plan, report',
  builder: (y) =>
    redactOptions(toolstackGuestOptions(y))
      .positional('input', { type: 'string', array: true, describe: "The host's SMBIOS input and/or ACPI input (anything `pack smbios`/`pack acpi` read)" })
      .option('example', { type: 'boolean', default: false, describe: 'Use the built-in example host' })
      .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'New folder to create (absent or empty); written completely or not at all' })
      .option('loader', { type: 'string', describe: 'hvmloader ELF32 or its size, for the blob addresses (default: the built-in example image)' })
      .option('hvm-info', { type: 'boolean', default: false, describe: "Add the hvm_info_table values as hvmloader/hvm-info/* keys (hvmpack's proposal)" })
      .option('force', { type: 'boolean', default: false, describe: 'Write the folder even when checks find errors (still exit 1)' }) as unknown as Argv<PrepareArgs>,
  examples: [
    ["hvmpack prepare host-smbios.bin host.acpidump.txt --guest guest.json -o guests/web1", "blobs, xl.cfg settings, xenstore keys and script for one guest"],
    ["hvmpack prepare --example -o out/example", "the same for the built-in example host"],
    ["hvmpack prepare host.bin host.acpidump.txt --redact=policy.yaml -o guests/web2", "the same with the identifiers the policy names replaced before packing"],
  ],
  run: async (a, ctx) => {
    const inputs: string[] = [];
    // Refuse early: the folder is written whole, so an existing one with files is never touched.
    if ((await ctx.io.isDirectory(a.output)) && (await ctx.io.readDir(a.output)).length > 0) {
      throw new UsageError(`${a.output}: folder exists and is not empty; prepare writes a new folder`);
    }
    const { guest, findings: guestFindings } = await toolstackGuest(a, ctx, inputs);
    const read = await readHost(a, inputs);
    // --redact: the blobs are built from the redacted tables; what does not reach this guest is left alone.
    const redaction = await redactHost(a, ctx, read, { guest }, inputs);
    const host = redaction?.host ?? read;
    const findings: Finding[] = [...guestFindings];
    const tag = (fs: readonly Finding[], prefix: string): Finding[] => fs.map((f) => ({ ...f, path: `${prefix}${f.path !== undefined ? `.${f.path}` : ''}` }));

    const smbiosSel = host.smbios ? selectStructures(host.smbios.structures, guest, undefined) : undefined;
    const smbiosBlob = encodeSmbiosBlob(smbiosSel?.chosen ?? []);
    const acpiSel = host.acpi ? selectTables(host.acpi.tables, guest, undefined) : undefined;
    const acpiBlob = encodeAcpiBlob((acpiSel?.chosen ?? []).map((t) => t.bytes));
    // What selection left out, as pack smbios|acpi report it.
    findings.push(...(smbiosSel?.notes ?? []), ...(acpiSel?.notes ?? []));
    if (smbiosBlob.length > 0) findings.push(...tag(checkSmbiosBlob(smbiosBlob, guest).findings, 'smbios.bin'));
    if (acpiBlob.length > 0) findings.push(...tag(checkAcpiBlob(acpiBlob, guest).findings, 'acpi.bin'));

    const dir = path.resolve(a.output);
    const placed = placeBlobs(guest, await readLoaderArg(a.loader, ctx, inputs), acpiBlob.length, smbiosBlob.length);
    for (const f of placed.plan.findings) findings.push({ code: f.code, severity: f.severity, message: f.message, path: 'plan' });
    const hvmInfo = guestHvmInfo(guest);
    const keys = xenstoreEntries({
      guest,
      ...(placed.smbios && { smbios: placed.smbios }),
      ...(placed.acpi && { acpi: placed.acpi }),
      smbiosBlob,
      ...(a['hvm-info'] && { hvmInfo }),
    });
    // xl.cfg gets the bios-strings findings through the xenstore keys; only its own are added.
    const xl = xlCfgSettings({
      guest,
      ...(smbiosBlob.length > 0 && { smbiosFirmware: path.join(dir, 'smbios.bin') }),
      ...(acpiBlob.length > 0 && { acpiFirmware: path.join(dir, 'acpi.bin') }),
    });
    findings.push(...keys.findings, ...xl.findings.filter((f) => !keys.findings.some((k) => k.code === f.code && k.path === f.path)));

    const files = new Map<string, Uint8Array | string>();
    if (smbiosBlob.length > 0) files.set('smbios.bin', smbiosBlob);
    if (acpiBlob.length > 0) files.set('acpi.bin', acpiBlob);
    files.set('xl.cfg', formatXlCfg(xl.settings));
    files.set('xenstore.sh', xenstoreScript(keys.entries));
    files.set('keys.json', JSON.stringify({ entries: keys.entries, findings: keys.findings.map(findingJson) }, null, 2) + '\n');
    files.set('hvm-info.bin', encodeHvmInfoTable(hvmInfo));
    files.set('guest.json', JSON.stringify({ ...guest, xen: `${guest.xen.major}.${guest.xen.minor}${guest.xen.extra}` }, null, 2) + '\n');
    const view = computeGuestView({ smbios: smbiosBlob.length > 0 ? smbiosBlob : null, acpi: acpiBlob.length > 0 ? acpiBlob : null, config: guest });
    files.set('guest-view.json', JSON.stringify(guestViewToJson(view), null, 2) + '\n');
    files.set('plan.json', JSON.stringify(planToJson(placed.plan), null, 2) + '\n');
    files.set('plan.svg', renderPlanSvg(placed.plan));
    const summary: PrepareSummary = {
      smbios: { structureCount: smbiosSel?.chosen.length ?? 0, length: smbiosBlob.length, address: placed.smbios ? `0x${placed.smbios.address.toString(16)}` : null },
      acpi: { tables: (acpiSel?.chosen ?? []).map((t) => t.signature), length: acpiBlob.length, address: placed.acpi ? `0x${placed.acpi.address.toString(16)}` : null },
      keyCount: keys.entries.length,
    };
    // report.json is the document --json prints for a written folder (docs/json.md).
    const names = [...files.keys(), 'report.json'];
    const input = toolstackInput(a, { host: a.example ? undefined : a.input });
    const doc = (written: boolean): object => ({ input, output: written ? a.output : null, written, files: written ? names : [], summary, findings: findings.map(findingJson), ...(redaction && { redaction: redactionJson(redaction) }) });
    files.set('report.json', JSON.stringify(doc(true), null, 2) + '\n');

    const failed = hasErrors(findings);
    const write = !failed || a.force;
    if (write) {
      await ctx.io.writeFolder(a.output, [...files].map(([name, data]) => ({ name, data, ...(name.endsWith('.sh') && { mode: 0o755 }) })));
    }
    printRedaction(redaction, ctx);
    if (ctx.json) printJson(ctx, doc(write));
    else report(ctx, a.output, write, summary, names, findings);
    return failed ? ExitCode.Problems : ExitCode.Ok;
  },
});

/** What `prepare` put in the folder, as its JSON and report.json give it. */
interface PrepareSummary {
  smbios: { structureCount: number; length: number; address: string | null };
  acpi: { tables: string[]; length: number; address: string | null };
  keyCount: number;
}

function report(ctx: CommandContext, out: string, written: boolean, s: PrepareSummary, files: string[], findings: Finding[]): void {
  for (const line of formatFindingLines(findings.filter((f) => !ctx.quiet || f.severity === 'error'))) ctx.io.stderr(line + '\n');
  if (!written) {
    ctx.io.stderr(`hvmpack: not writing ${out}: hvmloader would misbehave (see the errors above; --force writes anyway)\n`);
    return;
  }
  if (ctx.quiet) return;
  ctx.io.stdout(
    `${out}/: ${files.join(', ')}\n` +
      `  smbios.bin: ${s.smbios.structureCount} structure(s), ${s.smbios.length} bytes${s.smbios.address ? ` at ${s.smbios.address}` : ''}\n` +
      `  acpi.bin:   ${s.acpi.tables.length} table(s)${s.acpi.tables.length ? ` (${s.acpi.tables.join(', ')})` : ''}, ${s.acpi.length} bytes${s.acpi.address ? ` at ${s.acpi.address}` : ''}\n` +
      `  ${s.keyCount} xenstore keys (xenstore.sh DOMID); xl.cfg settings to merge: hvmpack xl-cfg --merge\n`,
  );
}
