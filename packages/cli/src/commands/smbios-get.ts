import { readSmbiosInput, SYSFS_DMI_TABLES } from '@hvmpack/host';
import { findingJson } from '@hvmpack/bytes';
import { findStringKeyword, getKeyword, STRING_KEYWORDS } from '@hvmpack/smbios';
import { defineCommand, defineGroup } from '../command.js';
import { ExitCode, UsageError } from '../errors.js';
import { formatFindingLines } from '../findings.js';
import { liveSmbios } from './smbios.js';
import { printOemString } from './smbios-oem-string.js';
import { printJson } from '../json.js';

interface GetArgs {
  input?: string;
  keyword?: string;
  'oem-string'?: string;
  'verify-checksums': boolean;
}

const get = defineCommand<GetArgs>({
  command: 'get [input] [keyword]',
  describe: `Print one SMBIOS value like dmidecode -s (${STRING_KEYWORDS.join(', ')}), or OEM string N like dmidecode --oem-string; one word alone is the keyword, read from this machine`,
  builder: (y) =>
    y
      .positional('input', { type: 'string', describe: `File or folder; - is standard input (with one word only, the keyword: ${SYSFS_DMI_TABLES} is read)` })
      .positional('keyword', { type: 'string', describe: 'A dmidecode -s keyword' })
      .option('oem-string', { type: 'string', describe: 'Instead of a keyword: OEM string N (1-255) of each type 11 structure, or count, as dmidecode --oem-string (a number past the count is a line on stderr, exit 0)' })
      .option('verify-checksums', { type: 'boolean', default: true, describe: 'Reject entry points with bad checksums' }) as never,
  examples: [
    ['hvmpack smbios get system-uuid', "this machine's UUID, as dmidecode -s system-uuid prints it"],
    ['hvmpack smbios get host.bin system-serial-number', 'from a dump'],
    ['cat host.bin | hvmpack smbios get - baseboard-manufacturer', 'from standard input'],
    ['hvmpack smbios get host.bin --oem-string count', 'how many OEM strings type 11 holds (dmidecode --oem-string count)'],
  ],
  run: async (args, ctx) => {
    const which = args['oem-string'];
    if (which !== undefined) {
      // dmidecode: "Only one string can be specified".
      if (args.keyword !== undefined) throw new UsageError(`give a keyword or --oem-string, not both`);
      return printOemString(args.input ?? (await liveSmbios(ctx)), which, args['verify-checksums'], ctx);
    }
    if (args.input === undefined) throw new UsageError(`give a dmidecode -s keyword (${STRING_KEYWORDS.slice(0, 3).join(', ')}, …) or --oem-string N`);
    // `get KEYWORD` is dmidecode -s KEYWORD: the running machine's table.
    const [input, keyword] = args.keyword === undefined ? [undefined, args.input] : [args.input, args.keyword];
    // Check the keyword before reading, so a typo costs nothing and never echoes file contents.
    const kw = findStringKeyword(keyword);
    if (kw === undefined) throw new UsageError(`invalid string keyword "${keyword}"; valid keywords: ${STRING_KEYWORDS.join(', ')}`);
    const source = input ?? (await liveSmbios(ctx));
    const table = await readSmbiosInput(source, { verifyChecksums: args['verify-checksums'] }, ctx.io);
    // A broken table (error findings) yields no value: a script reading stdout must not take a
    // UUID from bytes that only half decoded. The findings say why; exit 1.
    const broken = table.findings.filter((f) => f.severity === 'error');
    if (broken.length > 0) {
      for (const line of formatFindingLines(broken, source)) ctx.io.stderr(line + '\n');
      if (ctx.json) printJson(ctx, { input: source, keyword: kw.keyword, values: [], findings: broken.map(findingJson) });
      return ExitCode.Problems;
    }
    // The values (serial numbers and UUIDs included) go to stdout only: the user asked for them.
    const values = getKeyword(table, kw.keyword);
    if (ctx.json) printJson(ctx, { input: source, keyword: kw.keyword, values });
    else for (const v of values) ctx.io.stdout(v + '\n');
    return ExitCode.Ok;
  },
});

/** `hvmpack smbios get [input] <keyword>`: dmidecode -s on any SMBIOS input (merges into the `smbios` group). */
export const smbiosGet = defineGroup({
  command: 'smbios',
  describe: 'Decode, query and convert SMBIOS tables',
  subcommands: [get],
});
