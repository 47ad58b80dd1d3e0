import { ErrorCode, FormatError, hex, isFormatError, type Finding } from '@hvmpack/bytes';
import { inFile, InputError, readSmbiosSource, rebuildSmbiosLineError, resolveSmbiosSource, smbiosJsonBatch, smbiosSourceFiles, SYSFS_DMI_TABLES } from '@hvmpack/host';
import {
  decodeSmbios,
  encodeDumpBin,
  formatVersion,
  fixupType34,
  formatWithFindings,
  JSON_OUTPUT_LIMIT,
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
import { readListFile } from '../io.js';
import { errorJson, jsonText, printJson } from '../json.js';
import { printOemString } from './smbios-oem-string.js';

const utf8 = new TextEncoder();
const utf8Text = new TextDecoder();
const NEWLINE = utf8.encode('\n');

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

/** What `smbios decode` shows in text, as dmidecode's flags choose it. */
export interface SmbiosTextOptions {
  /** `-t`: only these types. */
  types?: ReadonlySet<number> | undefined;
  /** `-H`: only the structure with this handle. */
  handle?: number | undefined;
  /** `-q`: as `dmidecode -q` (see {@link writeSmbiosText}). */
  quiet?: boolean;
  /** `-u`: every structure as hex (`Header and Data:`, `Strings:`), undecoded. */
  dump?: boolean;
}

/**
 * Most text one input may print: the 64 MiB the JSON writer allows, so both outputs refuse the
 * same crafted tables (fields pointing many times at one long string) with LIMIT_EXCEEDED.
 */
export const TEXT_OUTPUT_LIMIT = JSON_OUTPUT_LIMIT;

// Text is handed to the writer in pieces of about this size: few write calls, little held.
const TEXT_CHUNK = 64 * 1024;

// Titles of the blocks `dmidecode -q` leaves out: no decoder (OEM or unknown types), and the
// inactive and end-of-table markers.
const QUIET_HIDDEN = /^(OEM-specific Type|Unknown Type|Inactive|End Of Table)$/;

/**
 * The lines of a block `dmidecode -q` keeps: its handle references (`L1 Cache Handle`,
 * `Contained Object Handles` and their list) and the processor `ID` are printed only without -q
 * (dmidecode 3.4 wraps them in `if (!(opt.flags & FLAG_QUIET))`).
 */
function quietLines(type: number, lines: readonly string[]): string[] {
  const out: string[] = [];
  let skippingList = false;
  for (const l of lines) {
    if (skippingList && l.startsWith('\t\t')) continue;
    skippingList = false;
    if (/^\t[^\t:]*Handle: /.test(l) || (type === 4 && l.startsWith('\tID: '))) continue;
    if (/^\t[^\t:]*Handles: /.test(l)) {
      skippingList = true;
      continue;
    }
    out.push(l);
  }
  return out;
}

/** Rows of 16 hex bytes, as dmidecode's `dmi_dump` prints them. */
function hexRows(b: Uint8Array): string[] {
  const rows: string[] = [];
  for (let at = 0; at < b.length; at += 16) rows.push('\t\t' + Array.from(b.subarray(at, at + 16), (x) => hex(x, 2).slice(2)).join(' '));
  return rows;
}

/** `dmidecode -u`: the formatted area, then each string as hex (its NUL included) and as text. */
function dumpLines(s: RawStructure): string[] {
  const lines = ['\tHeader and Data:', ...hexRows(s.formatted)];
  const set = s.stringSet;
  // Printed only for a set that is not empty (its first two bytes are not 00 00), as dmidecode does.
  if ((set[0] ?? 0) === 0 && (set[1] ?? 0) === 0) return lines;
  lines.push('\tStrings:');
  for (let at = 0; at < set.length && set[at] !== 0; ) {
    let end = at;
    while (end < set.length && set[end] !== 0) end++;
    lines.push(...hexRows(set.subarray(at, Math.min(end + 1, set.length))));
    lines.push('\t\t' + Array.from(set.subarray(at, end), (c) => (c < 32 || c >= 127 ? '.' : String.fromCharCode(c))).join(''));
    at = end + 1;
  }
  return lines;
}

/**
 * dmidecode-style text for one input, yielded as it is made in pieces of about 64 KiB, so memory
 * stays bounded whatever the table holds (the caller writes each piece, waiting for a slow reader
 * between them): the preamble, then one block per structure. Throws LIMIT_EXCEEDED, after
 * yielding the whole blocks that fit, when the text would pass {@link TEXT_OUTPUT_LIMIT}. Returns
 * the findings noticed while printing.
 *
 * `quiet` is `dmidecode -q`: no preamble, no `Handle` lines, no blocks for OEM or unknown types
 * without a decoder, inactive or end-of-table structures, and no handle references.
 */
export function* smbiosTextPieces(t: SmbiosTable, opts: SmbiosTextOptions): Generator<string, Finding[]> {
  const { types, handle, quiet = false, dump = false } = opts;
  const shown = (type: number, h: number): boolean => (!types || types.has(type)) && (handle === undefined || handle === h);
  // dmidecode prints its type-34 fix-up message only for a structure it shows
  // (`dmi_fixup_type_34(&h, display)`), so a filter without type 34 drops that finding.
  const findings: Finding[] = t.findings.filter((f) => f.code !== 'SMBIOS_TYPE34_LENGTH_FIXUP' || t.structures.some((s) => s.type === 34 && shown(34, s.handle)));
  let pending: string[] = [];
  let pendingLength = 0;
  let written = 0;
  // Blocks collect here until a piece is worth writing; `take` hands it over.
  const take = (): string => {
    const piece = pending.join('');
    pending = [];
    pendingLength = 0;
    return piece;
  };
  /** Adds a block; true when a piece is ready. A block past the limit throws, the pieces before it written. */
  const add = (lines: readonly string[]): boolean => {
    const text = lines.join('\n') + '\n';
    if (written + text.length > TEXT_OUTPUT_LIMIT) {
      throw new FormatError(ErrorCode.LimitExceeded, 'text output is over its size limit', { path: 'text', expected: `at most ${TEXT_OUTPUT_LIMIT} bytes`, found: 'more' });
    }
    written += text.length;
    pending.push(text);
    pendingLength += text.length;
    return pendingLength >= TEXT_CHUNK;
  };
  if (!quiet) {
    const head: string[] = [];
    // dmidecode's `legacy_decode` names a `_DMI_`-only entry point differently.
    const what = t.entryPoint?.kind === '_DMI_' ? 'Legacy DMI' : 'SMBIOS';
    head.push(t.version ? `${what} ${formatVersion(t.version)} present.` : 'SMBIOS version unknown (no entry point).');
    // dmidecode prints the size line only when no type is asked for, and only when the entry
    // point has a structure count (2.x): the announced count and length, printed before it
    // reads the table (`dmi_table`). Inputs without an entry point, which dmidecode cannot read,
    // get the same line from what was decoded.
    if (!types) {
      const ep = t.entryPoint;
      if (ep === null) head.push(`${t.structures.length} structures occupying ${t.tableEnd ?? t.table.length} bytes.`);
      else if (ep.kind !== '_SM3_' && ep.structureCount > 0) head.push(`${ep.structureCount} structures occupying ${ep.tableLength} bytes.`);
    }
    head.push('');
    add(head);
  }
  // dmidecode picks its OEM decoders from the whole table before printing any of it.
  const oem = oemContext(t.structures, t.version);
  for (const s of t.structures) {
    if (!shown(s.type, s.handle)) continue;
    if (dump) {
      // dmidecode dumps a type 34 after its length fix-up, as it decodes one.
      if (add([...(quiet ? [] : [handleLine(s)]), ...dumpLines(fixupType34(s)), ''])) yield take();
      continue;
    }
    // The table lets the few fields dmidecode reads past a structure's end (type 37) match it.
    const r = formatWithFindings(s, t.version, t.table, oem);
    findings.push(...r.findings);
    const ready = !quiet ? add([handleLine(s), ...r.lines, '']) : !QUIET_HIDDEN.test(r.lines[0] ?? '') && add([...quietLines(s.type, r.lines), '']);
    if (ready) yield take();
  }
  const cut = truncatedHeader(t);
  // dmidecode 3.4 prints a lone blank line instead when the cut structure's type is filtered out.
  if (cut && !quiet) add(shown(cut.type, cut.handle) ? [handleLine(cut), '\t<TRUNCATED>', ''] : ['']);
  if (pendingLength > 0) yield take();
  return findings;
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
  'from-dump'?: string[];
  'files-from'?: string;
  type?: (string | number)[];
  handle?: string;
  dump?: boolean;
  'oem-string'?: string;
  'dump-bin'?: string;
  'verify-checksums': boolean;
  threads?: number;
}

const decode = defineCommand<DecodeArgs>({
  command: 'decode [inputs..]',
  describe: 'Decode SMBIOS (dump-bin, sysfs folder or pair, memory image, RSMB, bare table) like dmidecode; no input: this machine\'s',
  builder: (y) =>
    y
      .positional('inputs', { type: 'string', array: true, describe: `Files or folders; - is standard input; none: ${SYSFS_DMI_TABLES}` })
      .option('from-dump', { type: 'string', array: true, nargs: 1, describe: 'An input, as dmidecode --from-dump names it (repeatable)' })
      .option('files-from', {
        type: 'string',
        // One argument, taken as it is: otherwise a lone `-` would count as an input, not the value.
        nargs: 1,
        describe: 'Also decode the inputs listed in this file, one path per line (- for standard input): for fleets too large for a command line',
      })
      .option('type', { alias: 't', type: 'string', array: true, describe: `Only these types: numbers or ${Object.keys(TYPE_KEYWORDS).join(', ')}` })
      .option('handle', { alias: 'H', type: 'string', describe: 'Only the structure with this handle (0x0004 or 4), as dmidecode -H' })
      .option('dump', { alias: 'u', type: 'boolean', describe: 'Do not decode: every structure as hex, as dmidecode -u' })
      .option('oem-string', { type: 'string', describe: 'Print only OEM string N of type 11 (or count), as dmidecode --oem-string' })
      .option('dump-bin', { type: 'string', describe: 'Do not decode: write the input as a dmidecode --dump-bin file (as smbios dump-bin -o)' })
      .option('verify-checksums', { type: 'boolean', default: true, describe: 'Reject entry points with bad checksums (--no-verify-checksums reads them with a finding)' })
      .option('threads', {
        type: 'number',
        describe: 'Threads decoding many inputs with --json (64 or more inputs start workers; output order and bytes do not change): 0 or 1 = this thread only; default one less than the CPUs, at most 8 (so none on 2 CPUs, where starting a worker costs more than it saves)',
      }) as never,
  examples: [
    ['hvmpack smbios decode', "this machine's SMBIOS (/sys/firmware/dmi/tables), as dmidecode prints it"],
    ['hvmpack smbios decode host.bin -t system -q', 'only the system blocks, without headers (dmidecode -q)'],
    ['hvmpack smbios decode --from-dump host.bin -H 0x0001', 'one structure by handle (dmidecode -H)'],
    ["find dumps -name '*.bin' | hvmpack smbios decode --json --files-from -", 'one JSON line per dump'],
  ],
  run: async (args, ctx) => decodeInputs(args, ctx),
});

/** Writes the pieces as they come, waiting while standard output is full (a slow pipe), so nothing piles up. */
async function writeText(input: string, pieces: Generator<string, Finding[]>, ctx: CommandContext): Promise<Finding[]> {
  for (;;) {
    const r = inFile(input, () => pieces.next());
    if (r.done) return r.value;
    ctx.io.stdout(r.value);
    await ctx.io.drain?.();
  }
}

/** `-H`: a handle read as dmidecode reads it (`strtoul(…, 0)`: 0x hex, 0 octal, else decimal). */
function parseHandle(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const r = strtoul0(text, 0);
  if (r.end !== text.length || r.end === 0 || r.value > 0xffffn) throw new UsageError(`invalid handle "${text}": use a number 0-0xFFFF (decimal, 0x hex or 0 octal)`);
  return Number(r.value);
}

/** Input given nowhere: this machine's tables, or a clear line saying why they cannot be read. */
export async function liveSmbios(ctx: CommandContext): Promise<string> {
  if (await ctx.io.isDirectory(SYSFS_DMI_TABLES)) return SYSFS_DMI_TABLES;
  throw new InputError('NOT_FOUND', SYSFS_DMI_TABLES, 'no input given, and this machine exposes no SMBIOS tables here (Linux 4.2+, readable by root); name a dump file or folder');
}

/**
 * The inputs named on the command line, then those listed in the `--files-from` file (one path per
 * line, as `find` prints them; blank lines skipped; `-` reads standard input).
 */
async function decodeInputList(args: DecodeArgs, ctx: CommandContext): Promise<string[]> {
  const inputs = [...(args.inputs ?? []), ...(args['from-dump'] ?? [])];
  const list = args['files-from'];
  if (list !== undefined) {
    const bytes = await readListFile(ctx.io, list, '--files-from');
    for (const line of utf8Text.decode(bytes).split('\n')) {
      const name = line.endsWith('\r') ? line.slice(0, -1) : line;
      if (name !== '') inputs.push(name);
    }
  }
  if (inputs.length === 0) {
    if (list !== undefined) throw new UsageError(`the --files-from list ${list} names no input`);
    inputs.push(await liveSmbios(ctx));
  }
  return inputs;
}

async function decodeInputs(args: DecodeArgs, ctx: CommandContext): Promise<number> {
  const types = parseTypeFilter(args.type);
  const handle = parseHandle(args.handle);
  const inputs = await decodeInputList(args, ctx);
  if (args['dump-bin'] !== undefined || args['oem-string'] !== undefined) {
    if (inputs.length !== 1) throw new UsageError(`--${args['dump-bin'] !== undefined ? 'dump-bin' : 'oem-string'} reads one input, not ${inputs.length}`);
    if (args['dump-bin'] !== undefined) return writeDumpBin({ input: inputs[0]!, output: args['dump-bin'], 'verify-checksums': args['verify-checksums'] }, ctx);
    return printOemString(inputs[0]!, args['oem-string']!, args['verify-checksums'], ctx);
  }
  // A list file always means many inputs (one JSON line each), even when it names only one.
  const many = inputs.length > 1 || args['files-from'] !== undefined;
  const threads = args.threads;
  // yargs reads `--threads abc` as NaN: name the mistake rather than echo that.
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 0)) throw new UsageError(`invalid --threads${Number.isNaN(threads) ? ' (not a number)' : ` ${threads}`}: use a whole number, 0 or 1 for no worker threads`);
  let code: number = ExitCode.Ok;
  if (many && ctx.json) {
    // Fleet audits: one compact document per line, written straight from the decoded table, in
    // input order whichever thread decoded it. Workers open the files themselves, so they are
    // used only when ctx.io declares the real file system.
    const real = ctx.io.fileSystem === 'node';
    // A stdout that takes bytes gets the lines as the UTF-8 the JSON writer made (no string
    // between); any other gets text.
    const writeBytes = ctx.io.stdoutBytes;
    // Lines are written a few dozen at a time (one write call each, not one per input), and
    // always before an error line on stderr, so even a merged 2>&1 stream keeps today's order.
    let lines: (string | Uint8Array)[] = [];
    const flush = (): void => {
      if (lines.length === 0) return;
      // Each line as it is: joining a flush's lines first copied megabytes for one write call,
      // and cost more (with the garbage it made) than the calls it saved.
      if (writeBytes) for (const l of lines) writeBytes(typeof l === 'string' ? utf8.encode(l) : l);
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
            lines.push(r.line, typeof r.line === 'string' ? '\n' : NEWLINE);
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
      if (many && !ctx.quiet) ctx.io.stdout(`# ${input}\n`);
      try {
        findings = await writeText(input, smbiosTextPieces(t, { types, handle, quiet: ctx.quiet, dump: args.dump === true }), ctx);
      } catch (e) {
        if (!many) throw e;
        ctx.io.stderr(describeError(e, input).line + '\n');
        code = ExitCode.Usage;
        continue;
      }
    }
    if (!ctx.quiet && !ctx.json) for (const line of formatFindingLines(findings.filter((f) => f.severity !== 'info'), input)) ctx.io.stderr(line + '\n');
    if (findings.some((f) => f.severity === 'error') && code === ExitCode.Ok) code = ExitCode.Problems;
  }
  return code;
}

interface DumpBinArgs {
  input?: string;
  output: string;
  'verify-checksums': boolean;
}

const dumpBin = defineCommand<DumpBinArgs>({
  command: 'dump-bin [input]',
  describe: 'Convert any readable SMBIOS input to a dmidecode --dump-bin file',
  builder: (y) =>
    y
      .positional('input', { type: 'string', describe: `File or folder; - is standard input; none: ${SYSFS_DMI_TABLES}` })
      .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'Output file (- for standard output; never over the input)' })
      .option('verify-checksums', { type: 'boolean', default: true, describe: 'Reject entry points with bad checksums' }) as never,
  examples: [['hvmpack smbios dump-bin /sys/firmware/dmi/tables -o host.bin', "save this machine's SMBIOS as dmidecode --dump-bin does"]],
  run: async (args, ctx) => writeDumpBin({ ...args, input: args.input ?? (await liveSmbios(ctx)) }, ctx),
});

/** `smbios dump-bin`, also `smbios decode --dump-bin FILE` as dmidecode spells it. */
async function writeDumpBin(args: DumpBinArgs & { input: string }, ctx: CommandContext): Promise<number> {
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
}

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
