import { findingJson, hasErrors } from '@hvmpack/bytes';
import { absoluteEntries, formatXenstoreLines, guestHvmInfo, xenstoreEntries, xenstoreScript, type BlobPlacement } from '@hvmpack/xen';
import { RFC_MODULE_BASE, looksLikeSize, parseSize } from '@hvmpack/layout';
import type { Argv } from 'yargs';
import { defineCommand } from '../command.js';
import { ExitCode, UsageError } from '../errors.js';
import { printJson } from '../json.js';
import { reportFindings } from './check.js';
import { placeBlobs, readLoaderArg, toolstackGuest, toolstackGuestOptions, toolstackInput, type ToolstackGuestArgs } from './toolstack-guest.js';

interface XenstoreArgs extends ToolstackGuestArgs {
  smbios?: string;
  acpi?: string;
  'smbios-address'?: string;
  'acpi-address'?: string;
  modules?: string;
  'modules-address'?: string;
  loader?: string;
  'hvm-info': boolean;
  domid?: number;
  format: 'lines' | 'json' | 'sh';
}

function addressArg(text: string | undefined, what: string): bigint | undefined {
  if (text === undefined) return undefined;
  if (!looksLikeSize(text)) throw new UsageError(`${what}: not an address: ${text}`);
  return parseSize(text);
}

/** `hvmpack xenstore`: the keys a toolstack writes for hvmloader, as lines, JSON or a sh script. */
export const xenstore = defineCommand<XenstoreArgs>({
  command: 'xenstore',
  describe: "Print the xenstore keys hvmloader reads for a guest (blob addresses, platform/*, bios-strings) as path=value lines, JSON or a sh script",
  builder: (y) =>
    toolstackGuestOptions(y)
      .option('smbios', { type: 'string', describe: 'The smbios_firmware blob (its length, and the keys its structures override)' })
      .option('acpi', { type: 'string', describe: 'The acpi_firmware blob (its length)' })
      .option('smbios-address', { type: 'string', describe: 'Where the toolstack loads the SMBIOS blob (default: placed as libxenguest 4.8+ does)' })
      .option('acpi-address', { type: 'string', describe: 'Where the toolstack loads the ACPI blob (default: placed as libxenguest 4.8+ does)' })
      .option('modules', { type: 'string', describe: 'An hvmpack module set (pack modules): hvmloader/modules/* keys, a proposal (docs/module-format.md §8)' })
      .option('modules-address', { type: 'string', describe: 'Where the module set is loaded (default 0x200000, the RFC base)' })
      .option('loader', { type: 'string', describe: 'hvmloader ELF32 or its size, for the default placement (default: the built-in example image)' })
      .option('hvm-info', { type: 'boolean', default: false, describe: "Add the hvm_info_table values as hvmloader/hvm-info/* keys (hvmpack's proposal, read by no stock hvmloader)" })
      .option('domid', { type: 'number', describe: 'Print absolute /local/domain/<domid>/ paths (lines and JSON)' })
      .option('format', { choices: ['lines', 'json', 'sh'] as const, default: 'lines' as const, describe: 'path=value lines (values escaped as xenstore-write reads them), JSON (as --json), or a sh script taking the domid as $1' }) as unknown as Argv<XenstoreArgs>,
  examples: [
    ["hvmpack xenstore --guest guest.json --smbios smbios.bin --format sh > xenstore.sh", "a sh script of xenstore-write calls taking the domid as $1"],
  ],
  run: async (a, ctx) => {
    const inputs: string[] = [];
    const { guest, findings: guestFindings } = await toolstackGuest(a, ctx, inputs);
    const read = async (file: string | undefined): Promise<Uint8Array | undefined> => {
      if (file === undefined) return undefined;
      inputs.push(file);
      return ctx.io.readFile(file);
    };
    const smbiosBlob = await read(a.smbios);
    const acpiBlob = await read(a.acpi);
    const placed = placeBlobs(guest, await readLoaderArg(a.loader, ctx, inputs), acpiBlob?.length ?? 0, smbiosBlob?.length ?? 0);
    const place = (blob: Uint8Array | undefined, given: bigint | undefined, planned: BlobPlacement | undefined): BlobPlacement | undefined =>
      blob === undefined ? undefined : given !== undefined ? { address: given, length: blob.length } : planned;
    const smbios = place(smbiosBlob, addressArg(a['smbios-address'], '--smbios-address'), placed.smbios);
    const acpi = place(acpiBlob, addressArg(a['acpi-address'], '--acpi-address'), placed.acpi);
    const modulesBlob = await read(a.modules);
    const modules = place(modulesBlob, addressArg(a['modules-address'], '--modules-address') ?? RFC_MODULE_BASE, undefined);
    const { entries, findings } = xenstoreEntries({
      guest,
      ...(smbios && { smbios }),
      ...(acpi && { acpi }),
      ...(modules && { modules }),
      ...(smbiosBlob && { smbiosBlob }),
      ...(a['hvm-info'] && { hvmInfo: guestHvmInfo(guest) }),
    });
    const all = [...guestFindings, ...findings];
    const shown = a.domid !== undefined ? absoluteEntries(entries, a.domid) : entries;
    if (ctx.json || a.format === 'json') {
      const input = toolstackInput(a, { smbios: a.smbios, acpi: a.acpi, modules: a.modules });
      printJson(ctx, { input, domid: a.domid ?? null, entries: shown, findings: all.map(findingJson) });
    }
    else {
      ctx.io.stdout(a.format === 'sh' ? xenstoreScript(entries) : formatXenstoreLines(shown));
      reportFindings(all, ctx, 'stderr');
    }
    return hasErrors(all) ? ExitCode.Problems : ExitCode.Ok;
  },
});
