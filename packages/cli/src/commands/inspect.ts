import { ErrorCode, FormatError, findingJson } from '@hvmpack/bytes';
import { inspectBytes } from '@hvmpack/xen';
import { defineCommand } from '../command.js';
import { ExitCode } from '../errors.js';
import { formatFindingLines } from '../findings.js';
import { printJson } from '../json.js';

interface InspectArgs {
  file: string;
}

function formatValue(v: unknown): string {
  if (Array.isArray(v)) return v.length === 0 ? '[]' : v.every((x) => typeof x !== 'object') ? v.join(', ') : `${v.length} items`;
  if (v !== null && typeof v === 'object') return Object.entries(v).map(([k, x]) => `${k}=${typeof x === 'object' ? JSON.stringify(x) : String(x)}`).join(' ');
  return String(v);
}

/** `hvmpack inspect <file>`: says which format a file is and describes it. */
export const inspect = defineCommand<InspectArgs>({
  command: 'inspect <file>',
  describe: 'Detect and describe any input hvmpack knows: module set, start info, HVM info table, SMBIOS, ACPI, Xen blobs',
  builder: (y) => y.positional('file', { type: 'string', demandOption: true, describe: 'File to inspect' }) as never,
  examples: [
    ["hvmpack inspect modules.img", "which format the file is, and what it holds"],
  ],
  run: async (args, ctx) => {
    const bytes = await ctx.io.readFile(args.file);
    const r = inspectBytes(bytes, args.file);
    const hasErrors = r.findings.some((f) => f.severity === 'error');
    // An unrecognised file is bad input, reported as the one error line (and in JSON mode the
    // error document), exit 2.
    if (r.format === 'unknown') {
      throw new FormatError(ErrorCode.UnknownFormat, `not a format hvmpack knows (${bytes.length} bytes)`, { file: args.file, offset: 0 });
    }
    if (ctx.json) {
      printJson(ctx, { input: args.file, format: r.format, confidence: r.confidence, summary: r.summary, alternatives: r.alternatives, details: r.details, findings: r.findings.map(findingJson) });
    } else {
      const lines = [`${args.file}: ${r.summary} [${r.format}, confidence ${r.confidence.toFixed(2)}]`];
      if (!ctx.quiet) {
        for (const [k, v] of Object.entries(r.details)) {
          if (k === 'modules' && Array.isArray(v) && v.every((m) => typeof m === 'object' && m !== null && 'description' in m)) {
            for (const m of v as Array<{ index: number; signature: string; offset: number; length: number; description: string }>) {
              lines.push(`  module ${m.index}: ${m.signature} at 0x${m.offset.toString(16)}, ${m.length} bytes: ${m.description}`);
            }
          } else if (Array.isArray(v) && v.length > 0 && typeof v[0] === 'object') {
            lines.push(`  ${k}:`);
            for (const x of v) lines.push(`    ${formatValue(x)}`);
          } else lines.push(`  ${k}: ${formatValue(v)}`);
        }
        for (const a of r.alternatives) lines.push(`  also fits: ${a.format} (${a.summary})`);
      }
      for (const line of formatFindingLines(r.findings.filter((f) => !ctx.quiet || f.severity === 'error'))) lines.push(`  ${line}`);
      ctx.io.stdout(lines.join('\n') + '\n');
    }
    return hasErrors ? ExitCode.Problems : ExitCode.Ok;
  },
});
