// What the toolstack commands (prepare, xenstore, xl-cfg) share: the guest from a guest file,
// a host's identity strings and flags (flags win), and where the blobs land in guest memory.
import { ErrorCode, FormatError, isFormatError, type Finding } from '@hvmpack/bytes';
import { parse as parseYaml } from 'yaml';
import { guestFromObject, overrideGuest, parseGuestJson, resolveGuest, type Guest } from '@hvmpack/guest';
import { inFile, readSmbiosInput } from '@hvmpack/host';
import { DEFAULT_OVMF_SIZE, DEFAULT_SEABIOS_SIZE, decodeElf32, exampleLoaderElf, loaderFromElf, loaderFromSize, looksLikeSize, parseSize, planLayout, type LoaderSpec, type ModuleSpec, type Plan } from '@hvmpack/layout';
import { biosStringsFromHost, DEFAULT_VIDEO_MIB, type BlobPlacement } from '@hvmpack/xen';
import type { Argv } from 'yargs';
import type { CommandContext } from '../command.js';
import { guestConfigFrom, guestOptions, type GuestArgs } from './check.js';

/** Guest options of the toolstack commands. */
export interface ToolstackGuestArgs extends GuestArgs {
  guest?: string;
  'bios-strings-from'?: string;
}

/** Each guest flag and the Guest field it sets. */
const FLAG_FIELDS: readonly [keyof GuestArgs, keyof Guest][] = [
  ['xen', 'xen'], ['firmware', 'firmware'], ['vcpus', 'vcpus'], ['memory', 'memoryMiB'], ['bios-string', 'biosStrings'],
  ['battery', 'battery'], ['tpm', 'tpm'], ['vnuma', 'vnuma'], ['hpet', 'hpet'], ['acpi-s3', 'acpiS3'], ['acpi-s4', 'acpiS4'],
  ['platform-acpi', 'acpi'], ['apic', 'apicMode'], ['laptop-slate', 'laptopSlate'],
];

/** The guest options without defaults (so a flag given can be told from one left out), plus `--guest` and `--bios-strings-from`. */
export function toolstackGuestOptions<T>(y: Argv<T>): Argv<T & ToolstackGuestArgs> {
  let g = guestOptions(y) as Argv<T & ToolstackGuestArgs>;
  // --bios-string has no default; giving an array option one makes yargs pass [undefined].
  for (const [flag] of FLAG_FIELDS) if (flag !== 'bios-string') g = g.default(flag, undefined) as unknown as Argv<T & ToolstackGuestArgs>;
  return g
    .option('guest', { type: 'string', describe: 'Guest file (JSON, or YAML when named .yaml/.yml; schemas/guest.schema.json); flags override its values' })
    .option('bios-strings-from', { type: 'string', describe: "Copy a host's type 0/1/2/3/11 strings into bios-strings (file or guest values win)" }) as Argv<T & ToolstackGuestArgs>;
}

/**
 * The guest: defaults, under the host's strings (`--bios-strings-from`), under the guest file,
 * under the flags given. Files read are added to `inputs`.
 */
export async function toolstackGuest(a: ToolstackGuestArgs, ctx: CommandContext, inputs: string[]): Promise<{ guest: Guest; findings: Finding[] }> {
  const all = guestConfigFrom(a);
  const flags: Partial<Record<keyof Guest, unknown>> = {};
  for (const [flag, field] of FLAG_FIELDS) if (a[flag] !== undefined) flags[field] = all[field];
  let file: Partial<Guest> = {};
  if (a.guest !== undefined) {
    const bytes = await ctx.io.readFile(a.guest);
    inputs.push(a.guest);
    const text = new TextDecoder().decode(bytes);
    const name = a.guest;
    file = inFile(name, () => (/\.ya?ml$/i.test(name) ? parseGuestYaml(text) : parseGuestJson(text)));
  }
  const findings: Finding[] = [];
  if (a['bios-strings-from'] !== undefined) {
    const host = await readSmbiosInput(a['bios-strings-from']);
    inputs.push(a['bios-strings-from']);
    const copied = biosStringsFromHost(host.structures);
    findings.push(...copied.findings);
    file = { ...file, biosStrings: { ...copied.biosStrings, ...file.biosStrings } };
  }
  try {
    return { guest: resolveGuest(overrideGuest(file, flags as Partial<Guest>)), findings };
  } catch (e) {
    if (isFormatError(e) && a.guest !== undefined) throw e.withContext({ file: a.guest });
    throw e;
  }
}

/** A guest file in YAML (1.2 core schema: `yes` is a string, not true); syntax errors name the line. */
export function parseGuestYaml(text: string): Partial<Guest> {
  return guestFromObject(parseYamlText(text, 'guest file', 'guest'));
}

/** YAML text of a description file (`what`: `guest file`, `policy file`) as a value; syntax errors name the line. */
export function parseYamlText(text: string, what: string, path: string): unknown {
  try {
    return parseYaml(text, { schema: 'core', uniqueKeys: true });
  } catch (e) {
    const pos = (e as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    throw new FormatError(ErrorCode.BadValue, `${what} is not valid YAML`, { path, ...(pos && { line: pos.line, column: pos.col }), found: e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e) });
  }
}

/** True when a guest flag (`--xen`, `--firmware`, …) was given on the command line. */
export function guestFlagGiven(a: ToolstackGuestArgs): boolean {
  return givenGuestFlags(a).length > 0;
}

/** The guest flags given on the command line, by name. */
export function givenGuestFlags(a: ToolstackGuestArgs): (keyof GuestArgs)[] {
  return FLAG_FIELDS.filter(([flag]) => a[flag] !== undefined).map(([flag]) => flag);
}

/**
 * The `input` of a toolstack command's JSON (docs/json.md): the files it read, keyed by the
 * option that named them in camelCase (`guest`, `biosStringsFrom`, then the command's own);
 * options not given are left out, and so is a `--loader` given as a size (no file was read).
 */
export function toolstackInput(a: ToolstackGuestArgs & { loader?: string }, own: Record<string, string | readonly string[] | undefined> = {}): Record<string, string | readonly string[]> {
  const loader = a.loader !== undefined && !looksLikeSize(a.loader) ? a.loader : undefined;
  const out: Record<string, string | readonly string[]> = {};
  for (const [key, file] of Object.entries({ ...own, guest: a.guest, biosStringsFrom: a['bios-strings-from'], loader })) if (file !== undefined) out[key] = file;
  return out;
}

/** Reads `--loader`: an hvmloader ELF32, or its size; absent: the built-in example image. */
export async function readLoaderArg(arg: string | undefined, ctx: CommandContext, inputs: string[]): Promise<LoaderSpec> {
  if (arg === undefined) return loaderFromElf(decodeElf32(exampleLoaderElf()), 'built-in example hvmloader (pass --loader for real addresses)');
  if (looksLikeSize(arg)) return loaderFromSize(parseSize(arg), `size ${arg}`);
  const bytes = await ctx.io.readFile(arg);
  inputs.push(arg);
  return loaderFromElf(inFile(arg, () => decodeElf32(bytes)), arg);
}

/** Where libxenguest (Xen 4.8+) puts the blobs for this guest, and the plan that says so. */
export function placeBlobs(guest: Guest, loader: LoaderSpec, acpiLength: number, smbiosLength: number): { acpi?: BlobPlacement; smbios?: BlobPlacement; plan: Plan } {
  // The firmware segment comes first (xen.md §2.2); its size moves the blobs.
  const modules: ModuleSpec[] = [{ name: 'firmware', kind: 'firmware', size: guest.firmware === 'ovmf' ? DEFAULT_OVMF_SIZE : DEFAULT_SEABIOS_SIZE, source: `default ${guest.firmware} size` }];
  if (acpiLength > 0) modules.push({ name: 'acpi', kind: 'acpi', size: BigInt(acpiLength), source: 'acpi.bin' });
  if (smbiosLength > 0) modules.push({ name: 'smbios', kind: 'smbios', size: BigInt(smbiosLength), source: 'smbios.bin' });
  const plan = planLayout({
    profile: 'xen-4.8',
    loader,
    modules,
    // The planner takes xl memory= (it subtracts video RAM); Guest.memoryMiB is what is left.
    guest: { memoryMiB: guest.memoryMiB + DEFAULT_VIDEO_MIB, videoMiB: DEFAULT_VIDEO_MIB, firmware: guest.firmware === 'ovmf' ? 'ovmf' : 'seabios', vcpus: guest.vcpus },
  });
  const at = (kind: string, length: number): BlobPlacement | undefined => {
    const r = plan.regions.find((x) => x.moduleKind === kind);
    return r ? { address: r.start, length } : undefined;
  };
  const acpi = at('acpi', acpiLength);
  const smbios = at('smbios', smbiosLength);
  return { ...(acpi && { acpi }), ...(smbios && { smbios }), plan };
}
