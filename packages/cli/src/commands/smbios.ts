import { concatBytes, hex, isFormatError, type FormatError, type Finding } from '@hvmpack/bytes';
import { readSmbiosSource, rebuildSmbiosLineError, resolveSmbiosSource, smbiosJsonBatch, smbiosSourceFiles } from '@hvmpack/host';
import {
  decodeSmbios,
  encodeDumpBin,
  formatVersion,
  formatWithFindings,
  oemContext,
  smbiosJsonDocument,
  TYPE_KEYWORDS,
  typesForKeyword,
  type RawStructure,
  type SmbiosTable,
} from '@hvmpack/smbios';
import { defineCommand, defineGroup, type CommandContext } from '../command.js';
import { describeError, ExitCode, UsageError } from '../errors.js';
import { formatFindingLines } from '../findings.js';
import { readsRealFileSystem, stdoutBytesWriter } from '../io.js';
import { errorJson, jsonText, printJson } from '../json.js';

const utf8 = new TextEncoder();
const utf8Text = new TextDecoder();

/**
 * Parses `-t` values into a set of types as dmidecode 3.4's `parse_opt_type` does: an argument that
 * is a keyword as a whole (any case), else numbers read by `strtoul(…, 0)` (so `010` is octal 8 and
 * `0x10` is 16) separated by commas or spaces. A keyword inside a list is refused, as dmidecode does.
 */
export function parseTypeFilter(values: readonly (string | number)[] | undefined): Set<number> | undefined {
  if (!values || values.length === 0) return undefined;
  const types = new Set<number>();
  const usage = `use numbers 0-255 (decimal, 0x hex or 0 octal) or one of ${Object.keys(TYPE_KEYWORDS).join(', ')}`;
  for (const v of values) {
    const arg = String(v);
    const kw = typesForKeyword(arg);
    if (kw) {
      kw.forEach((n) => types.add(n));
      continue;
    }
    let at = 0;
    while (at < arg.length) {
      const r = strtoul0(arg, at);
      if (r.end === at || (r.end < arg.length && arg[r.end] !== ',' && arg[r.end] !== ' ')) throw new UsageError(`invalid type keyword "${arg}": ${usage}`);
      // As typed: strtoul turns `-1` into 18446744073709551615, which helps nobody.
      if (r.value > 0xffn) throw new UsageError(`invalid type number ${arg.slice(at, r.end).trim()}: ${usage}`);
      types.add(Number(r.value));
      at = r.end;
      while (arg[at] === ',' || arg[at] === ' ') at++;
    }
  }
  return types;
}

const ULONG_MAX = (1n << 64n) - 1n;

/**
 * C's `strtoul(s + at, &end, 0)` on an LP64 system: leading white space, an optional sign (a minus
 * negates modulo 2^64), then `0x` hex, `0` octal or decimal; overflow gives ULONG_MAX. `end === at`
 * when no digits were read; a `0x` without a hex digit reads as `0` ending at the `x`.
 */
function strtoul0(s: string, at: number): { value: bigint; end: number } {
  let i = at;
  while (i < s.length && ' \t\n\v\f\r'.includes(s[i]!)) i++;
  let negative = false;
  if (s[i] === '+' || s[i] === '-') negative = s[i++] === '-';
  let radix = 10;
  if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && /^[0-9a-f]$/i.test(s[i + 2] ?? '')) {
    radix = 16;
    i += 2;
  } else if (s[i] === '0') radix = 8;
  const digitsFrom = i;
  let value = 0n;
  for (; i < s.length; i++) {
    const d = parseInt(s[i]!, 36);
    if (Number.isNaN(d) || d >= radix) break;
    value = value * BigInt(radix) + BigInt(d);
    if (value > ULONG_MAX) value = ULONG_MAX + 1n; // saturate; stays > ULONG_MAX until the end
  }
  if (i === digitsFrom) return { value: 0n, end: at };
  if (value > ULONG_MAX) return { value: ULONG_MAX, end: i };
  return { value: negative && value !== 0n ? ULONG_MAX + 1n - value : value, end: i };
}

/** The JSON document `smbios decode --json` prints for one input (built by the library, shared with the bench). */
export function smbiosJson(input: string, t: SmbiosTable, types?: Set<number>): Record<string, unknown> {
  return smbiosJsonDocument(input, t, types);
}

/** dmidecode-style text for one input: the preamble, then one block per structure. */
export function smbiosText(t: SmbiosTable, types?: Set<number>): { text: string; findings: Finding[] } {
  // dmidecode prints its type-34 fix-up message only for a structure it shows
  // (`dmi_fixup_type_34(&h, display)`), so a filter without type 34 drops that finding.
  const findings: Finding[] = types && !types.has(34) ? t.findings.filter((f) => f.code !== 'SMBIOS_TYPE34_LENGTH_FIXUP') : [...t.findings];
  const out: string[] = [];
  // dmidecode's `legacy_decode` names a `_DMI_`-only entry point differently.
  const what = t.entryPoint?.kind === '_DMI_' ? 'Legacy DMI' : 'SMBIOS';
  out.push(t.version ? `${what} ${formatVersion(t.version)} present.` : 'SMBIOS version unknown (no entry point).');
  // dmidecode prints the size line only when showing every type, and only when the entry point
  // has a structure count (2.x): the announced count and length, printed before it reads the
  // table (`dmi_table`). Inputs without an entry point, which dmidecode cannot read, get the same
  // line from what was decoded.
  if (!types) {
    const ep = t.entryPoint;
    if (ep === null) out.push(`${t.structures.length} structures occupying ${t.tableEnd ?? t.table.length} bytes.`);
    else if (ep.kind !== '_SM3_' && ep.structureCount > 0) out.push(`${ep.structureCount} structures occupying ${ep.tableLength} bytes.`);
  }
  out.push('');
  // dmidecode picks its OEM decoders from the whole table before printing any of it.
  const oem = oemContext(t.structures, t.version);
  for (const s of t.structures) {
    if (types && !types.has(s.type)) continue;
    out.push(handleLine(s));
    // The table lets the few fields dmidecode reads past a structure's end (type 37) match it.
    const r = formatWithFindings(s, t.version, t.table, oem);
    findings.push(...r.findings);
    out.push(...r.lines, '');
  }
  const cut = truncatedHeader(t);
  // dmidecode 3.4 prints a lone blank line instead when the cut structure's type is filtered out.
  if (cut) out.push(...(!types || types.has(cut.type) ? [handleLine(cut), '\t<TRUNCATED>', ''] : ['']));
  return { text: out.join('\n') + '\n', findings };
}

/**
 * The header of the structure whose strings run past the table end, which dmidecode 3.4 still
 * prints, as `Handle …` and `<TRUNCATED>`, before it stops (`dmi_table_decode`).
 */
function truncatedHeader(t: SmbiosTable): RawStructure | undefined {
  const f = t.findings.find((x) => x.code === 'SMBIOS_STRUCTURE_TRUNCATED');
  if (f?.offset === undefined) return undefined;
  const at = f.offset - (t.source?.tableOffset ?? 0);
  if (at < 0 || at + 4 > t.table.length) return undefined;
  const b = t.table;
  return { type: b[at]!, length: b[at + 1]!, handle: b[at + 2]! | (b[at + 3]! << 8), offset: at, formatted: b.subarray(at, at + 4), strings: [], stringSet: new Uint8Array(0) };
}

/** dmidecode's block header, `Handle 0x0001, DMI type 1, 27 bytes` (3.4 prints it before its type-34 length fix-up). */
export function handleLine(s: RawStructure): string {
  return `Handle ${hex(s.handle, 4)}, DMI type ${s.type}, ${s.length} bytes`;
}

interface DecodeArgs {
  inputs?: string[];
  'files-from'?: string;
  type?: (string | number)[];
  'verify-checksums': boolean;
  threads?: number;
}

const decode = defineCommand<DecodeArgs>({
  command: 'decode [inputs..]',
  describe: 'Decode SMBIOS (dump-bin, sysfs folder or pair, memory image, RSMB, bare table) like dmidecode',
  builder: (y) =>
    y
      .positional('inputs', { type: 'string', array: true, describe: 'Files or folders (e.g. /sys/firmware/dmi/tables)' })
      .option('files-from', {
        type: 'string',
        // One argument, taken as it is: otherwise a lone `-` would count as an input, not the value.
        nargs: 1,
        describe: 'Also decode the inputs listed in this file, one path per line (- for standard input): for fleets too large for a command line',
      })
      .option('type', { alias: 't', type: 'string', array: true, describe: `Only these types: numbers or ${Object.keys(TYPE_KEYWORDS).join(', ')}` })
      .option('verify-checksums', { type: 'boolean', default: true, describe: 'Reject entry points with bad checksums (--no-verify-checksums reads them with a finding)' })
      .option('threads', {
        type: 'number',
        describe: 'Threads decoding many inputs with --json (64 or more inputs start workers; output order and bytes do not change): 0 or 1 = this thread only; default one less than the CPUs, at most 8 (so none on 2 CPUs, where starting a worker costs more than it saves)',
      }) as never,
  run: async (args, ctx) => decodeInputs(args, ctx),
});

/**
 * The inputs named on the command line, then those listed in the `--files-from` file (one path per
 * line, as `find` prints them; blank lines skipped; `-` reads standard input).
 */
async function decodeInputList(args: DecodeArgs, ctx: CommandContext): Promise<string[]> {
  const inputs = [...(args.inputs ?? [])];
  const list = args['files-from'];
  if (list !== undefined) {
    let bytes: Uint8Array;
    if (list !== '-') bytes = await ctx.io.readFile(list);
    else if (ctx.io.readStdin) bytes = await ctx.io.readStdin();
    else throw new UsageError('--files-from -: standard input cannot be read here');
    for (const line of utf8Text.decode(bytes).split('\n')) {
      const name = line.endsWith('\r') ? line.slice(0, -1) : line;
      if (name !== '') inputs.push(name);
    }
  }
  if (inputs.length === 0) throw new UsageError(list === undefined ? 'no input given: name files or folders, or --files-from a list of them' : `the --files-from list ${list} names no input`);
  return inputs;
}

async function decodeInputs(args: DecodeArgs, ctx: CommandContext): Promise<number> {
  const types = parseTypeFilter(args.type);
  const inputs = await decodeInputList(args, ctx);
  // A list file always means many inputs (one JSON line each), even when it names only one.
  const many = inputs.length > 1 || args['files-from'] !== undefined;
  const threads = args.threads;
  // yargs reads `--threads abc` as NaN: name the mistake rather than echo that.
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 0)) throw new UsageError(`invalid --threads${Number.isNaN(threads) ? ' (not a number)' : ` ${threads}`}: use a whole number, 0 or 1 for no worker threads`);
  let code: number = ExitCode.Ok;
  if (many && ctx.json) {
    // Fleet audits: one compact document per line, written straight from the decoded table, in
    // input order whichever thread decoded it. Workers open the files themselves, so they are
    // used only when ctx.io is the real file system.
    const real = readsRealFileSystem(ctx.io);
    // The real stdout takes the lines as the UTF-8 bytes the JSON writer made (no string between);
    // any other io gets text.
    const writeBytes = stdoutBytesWriter(ctx.io);
    // Lines are written a few dozen at a time (one write call each, not one per input), and
    // always before an error line on stderr, so even a merged 2>&1 stream keeps today's order.
    let lines: (string | Uint8Array)[] = [];
    const flush = (): void => {
      if (lines.length === 0) return;
      if (writeBytes) writeBytes(concatBytes(lines.map((l) => (typeof l === 'string' ? utf8.encode(l) : l))));
      else ctx.io.stdout(lines.map((l) => (typeof l === 'string' ? l : utf8Text.decode(l))).join(''));
      lines = [];
    };
    try {
      await smbiosJsonBatch(
        inputs,
        {
          ...(types && { types }),
          verifyChecksums: args['verify-checksums'],
          bytes: writeBytes !== undefined,
          ...(real ? threads !== undefined && { threads } : { io: ctx.io, threads: 1 }),
        },
        (r) => {
          if (r.ok) {
            lines.push(r.line, '\n');
            if (lines.length >= 64) flush();
            if (r.hasErrorFindings && code === ExitCode.Ok) code = ExitCode.Problems;
            return;
          }
          // One bad input does not stop the others; it is reported and sets exit code 2.
          const e = rebuildSmbiosLineError(r.error);
          const d = describeError(e, r.input);
          flush();
          ctx.io.stderr(d.line + '\n');
          lines.push(jsonText(errorJson(r.input, d), false));
          code = ExitCode.Usage;
        },
      );
    } finally {
      flush();
    }
    return code;
  }
  for (const input of inputs) {
    let t: SmbiosTable;
    try {
      const src = await resolveSmbiosSource(input, ctx.io);
      t = await readSmbiosSource(src, { verifyChecksums: args['verify-checksums'] }, ctx.io);
    } catch (e) {
      // One bad input does not stop the others; it is reported and sets exit code 2.
      if (!many) throw e;
      const d = describeError(e, input);
      ctx.io.stderr(d.line + '\n');
      if (ctx.json) ctx.io.stdout(jsonText(errorJson(input, d), false));
      code = ExitCode.Usage;
      continue;
    }
    let findings: Finding[];
    if (ctx.json) {
      // A single input (many inputs went through the batch above, one JSON line each).
      printJson(ctx, smbiosJson(input, t, types));
      findings = t.findings;
    } else {
      const r = smbiosText(t, types);
      if (many) ctx.io.stdout(`# ${input}\n`);
      ctx.io.stdout(r.text);
      findings = r.findings;
    }
    if (!ctx.quiet && !ctx.json) for (const line of formatFindingLines(findings.filter((f) => f.severity !== 'info'), input)) ctx.io.stderr(line + '\n');
    if (findings.some((f) => f.severity === 'error') && code === ExitCode.Ok) code = ExitCode.Problems;
  }
  return code;
}

interface DumpBinArgs {
  input: string;
  output: string;
  'verify-checksums': boolean;
}

const dumpBin = defineCommand<DumpBinArgs>({
  command: 'dump-bin <input>',
  describe: 'Convert any readable SMBIOS input to a dmidecode --dump-bin file',
  builder: (y) =>
    y
      .positional('input', { type: 'string', demandOption: true, describe: 'File or folder' })
      .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'Output file (written atomically, never over the input)' })
      .option('verify-checksums', { type: 'boolean', default: true, describe: 'Reject entry points with bad checksums' }) as never,
  run: async (args, ctx) => {
    const src = await resolveSmbiosSource(args.input, ctx.io);
    const t = await readSmbiosSource(src, { verifyChecksums: args['verify-checksums'] }, ctx.io);
    const bytes = encodeDumpBin(t);
    await ctx.io.writeFile(args.output, bytes, { inputs: smbiosSourceFiles(src) });
    // dmidecode 3.4 writes `entry length` bytes of the entry point, so a 0x1E `_SM_` (SMBIOS 2.1
    // erratum) loses its BCD revision at 0x1E, which the `_DMI_` checksum still counts: the dump is
    // byte-compatible, yet neither tool reads it back. Say so rather than leave a file that looks fine.
    const unreadable = readBackError(bytes, args['verify-checksums']);
    if (unreadable && !ctx.quiet) ctx.io.stderr(`hvmpack: ${args.output}: warning: the written dump does not read back (dmidecode --dump-bin writes the same bytes): ${describeError(unreadable).line.replace(/^hvmpack: /, '')}\n`);
    if (ctx.json) printJson(ctx, { input: args.input, output: args.output, container: t.container, length: bytes.length, structureCount: t.structures.length });
    else if (!ctx.quiet) ctx.io.stdout(`wrote ${bytes.length} bytes (${t.structures.length} structures, from ${t.container}) to ${args.output}\n`);
    return ExitCode.Ok;
  },
});

function readBackError(dump: Uint8Array, verifyChecksums: boolean): FormatError | undefined {
  try {
    decodeSmbios(dump, { verifyChecksums });
    return undefined;
  } catch (e) {
    if (isFormatError(e)) return e;
    throw e;
  }
}

/** `hvmpack smbios decode|dump-bin` (helper B's `smbios get` merges into the same group). */
export const smbios = defineGroup({
  command: 'smbios',
  describe: 'Read, convert and compare SMBIOS tables',
  subcommands: [decode, dumpBin],
});
