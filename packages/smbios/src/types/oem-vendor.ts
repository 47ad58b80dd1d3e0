// Vendor-specific text for OEM structure types (128–255) as dmidecode 3.4 prints it (`dmioem.c`):
// the vendor is the type 1 System Manufacturer, found in a pass over the whole table before any
// structure is printed, and only a few vendors and types have a decoder; the rest fall back to
// the generic `Header and Data:` view.
import type { RawStructure, SmbiosVersion } from '../model.js';
import { formatAcerOem } from './oem-acer.js';
import { formatHpOem, hpGeneration, hpNicNumbers } from './oem-hp.js';
import { formatIbmLenovoOem } from './oem-lenovo.js';
import { cpuidType, CpuidType } from './type4-processor-information.js';
import { stringsOf, StructView } from './view.js';

/** The vendors dmidecode 3.4 has OEM decoders for (`enum DMI_VENDORS`, less the unknown one). */
export const OemVendor = { Acer: 'acer', Hp: 'hp', Hpe: 'hpe', Ibm: 'ibm', Lenovo: 'lenovo' } as const;
/** One of {@link OemVendor}. */
export type OemVendor = (typeof OemVendor)[keyof typeof OemVendor];

// Whole-string matches after trailing spaces are dropped (`dmi_set_vendor`); case matters.
const VENDOR_NAMES: ReadonlyMap<string, OemVendor> = new Map([
  ['Acer', OemVendor.Acer],
  ['HP', OemVendor.Hp],
  ['Hewlett-Packard', OemVendor.Hp],
  ['HPE', OemVendor.Hpe],
  ['Hewlett Packard Enterprise', OemVendor.Hpe],
  ['IBM', OemVendor.Ibm],
  ['LENOVO', OemVendor.Lenovo],
]);

/**
 * What dmidecode learns about a table before printing it, which its OEM decoders depend on.
 * Computed once per table by {@link oemContext}.
 */
export interface OemContext {
  readonly vendor: OemVendor;
  /** The type 1 Product Name as dmidecode kept it (null when the structure has no strings). */
  readonly product: string | null;
  /** HP/HPE server generation from the product name (6–11, 11 for "Gen10 Plus"); -1 when not a ProLiant-class product. */
  readonly hpGeneration: number;
  /** Processor ID layout of the first type 4 that has one (HP type 199 prints CPU signatures). */
  readonly cpuid: CpuidType;
  /** The number HP type 233 records without a port number get, by structure offset (dmidecode counts them in table order). */
  readonly nicNumbers: ReadonlyMap<number, number>;
}

/**
 * dmidecode's `_dmi_string` without filtering, as its first pass reads the type 1 names: string
 * number 0 (and 1) give the first string, a number past the set gives null.
 */
function firstPassString(s: RawStructure, index: number): string | null {
  const list = stringsOf(s.stringSet);
  return list[Math.max(index, 1) - 1] ?? null;
}

/**
 * The OEM context of a table (its structures as dmidecode walks them), or undefined when its
 * manufacturer is none dmidecode 3.4 decodes OEM types for. Repeats dmidecode's first pass: every
 * type 1 of length 6 or more sets the product, and the vendor when the name is a known one.
 */
export function oemContext(structures: readonly RawStructure[], version: SmbiosVersion | null): OemContext | undefined {
  let vendor: OemVendor | undefined;
  let product: string | null = null;
  let cpuid: CpuidType = CpuidType.None;
  for (const s of structures) {
    if (s.type === 1 && s.length >= 6) {
      const name = firstPassString(s, s.formatted[4]!);
      const known = name === null ? undefined : VENDOR_NAMES.get(name.replace(/ +$/, ''));
      if (known !== undefined) vendor = known;
      product = firstPassString(s, s.formatted[5]!);
    } else if (s.type === 4 && s.length >= 0x1a && cpuid === CpuidType.None) {
      cpuid = cpuidType(new StructView(s, version));
    }
  }
  if (vendor === undefined) return undefined;
  const hp = vendor === OemVendor.Hp || vendor === OemVendor.Hpe;
  const generation = hp ? hpGeneration(product, vendor === OemVendor.Hpe) : -1;
  return { vendor, product, hpGeneration: generation, cpuid, nicNumbers: hp && generation >= 0 ? hpNicNumbers(structures) : new Map() };
}

/**
 * Prints `v`'s structure with the vendor decoder dmidecode 3.4 would use and returns true, or
 * prints nothing and returns false when dmidecode prints the generic view instead (no decoder for
 * the type, or the structure is not in the form the decoder expects).
 */
export function formatOem(v: StructView, ctx: OemContext): boolean {
  switch (ctx.vendor) {
    case OemVendor.Acer:
      return formatAcerOem(v);
    case OemVendor.Hp:
    case OemVendor.Hpe:
      return formatHpOem(v, ctx);
    case OemVendor.Ibm:
    case OemVendor.Lenovo:
      return formatIbmLenovoOem(v);
  }
}
