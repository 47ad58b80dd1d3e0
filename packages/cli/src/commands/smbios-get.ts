import { readSmbiosInput } from '@hvmpack/host';
import { findStringKeyword, getKeyword, STRING_KEYWORDS } from '@hvmpack/smbios';
import { defineCommand, defineGroup } from '../command.js';
import { ExitCode, UsageError } from '../errors.js';
import { printJson } from '../json.js';

interface GetArgs {
  input: string;
  keyword: string;
  'verify-checksums': boolean;
}

const get = defineCommand<GetArgs>({
  command: 'get <input> <keyword>',
  describe: `Print one SMBIOS value like dmidecode -s (${STRING_KEYWORDS.join(', ')})`,
  builder: (y) =>
    y
      .positional('input', { type: 'string', demandOption: true, describe: 'File or folder (e.g. /sys/firmware/dmi/tables)' })
      .positional('keyword', { type: 'string', demandOption: true, describe: 'A dmidecode -s keyword' })
      .option('verify-checksums', { type: 'boolean', default: true, describe: 'Reject entry points with bad checksums' }) as never,
  run: async (args, ctx) => {
    // Check the keyword before reading, so a typo costs nothing and never echoes file contents.
    const kw = findStringKeyword(args.keyword);
    if (kw === undefined) throw new UsageError(`invalid string keyword "${args.keyword}"; valid keywords: ${STRING_KEYWORDS.join(', ')}`);
    const table = await readSmbiosInput(args.input, { verifyChecksums: args['verify-checksums'] }, ctx.io);
    // The values (serial numbers and UUIDs included) go to stdout only: the user asked for them.
    const values = getKeyword(table, kw.keyword);
    if (ctx.json) printJson(ctx, { input: args.input, keyword: kw.keyword, values });
    else for (const v of values) ctx.io.stdout(v + '\n');
    return ExitCode.Ok;
  },
});

/** `hvmpack smbios get <input> <keyword>`: dmidecode -s on any SMBIOS input (merges into the `smbios` group). */
export const smbiosGet = defineGroup({
  command: 'smbios',
  describe: 'Decode, query and convert SMBIOS tables',
  subcommands: [get],
});
