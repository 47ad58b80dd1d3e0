import type { XenVersion } from '@hvmpack/guest';
import { hasChange, XenChange } from './versions.js';

/** What hvmloader does when a handled type is not passed through (or is too short). */
export type SmbiosFallback = 'generate' | 'generate-if-keys' | 'generate-if-battery' | 'omit';

/** One SMBIOS type hvmloader takes from the blob (first instance only), as in `smbios.c`. */
export interface SmbiosPassThroughRule {
  type: number;
  /** The fixed handle hvmloader writes into the copy: type N → N << 8 (xen.md §3.2). */
  handle: number;
  /** Xen 4.21+ minimum *separator* length (whole structure incl. strings); before 4.21 any length > 0. */
  minLength: number;
  fallback: SmbiosFallback;
  /** The behaviour change ({@link XEN_BEHAVIOUR_CHANGES}) that made hvmloader take this type from the blob. */
  needs: XenChange;
}

const V43 = XenChange.Passthrough;
const V421 = XenChange.MoreSmbiosTypes;

/** Handled types in hvmloader's table order (xen.md §3.2, §11); 4, 16, 17, 19, 20, 32, 127 are always generated. */
export const SMBIOS_PASS_THROUGH_RULES: readonly SmbiosPassThroughRule[] = [
  { type: 0, handle: 0x0000, minLength: 24, fallback: 'generate', needs: V43 },
  { type: 1, handle: 0x0100, minLength: 27, fallback: 'generate', needs: V43 },
  { type: 2, handle: 0x0200, minLength: 8, fallback: 'generate-if-keys', needs: V43 },
  // smbios.c passes offsetof(security_status) = 12, not the 13-byte 2.1 minimum.
  { type: 3, handle: 0x0300, minLength: 12, fallback: 'generate', needs: V43 },
  { type: 7, handle: 0x0700, minLength: 19, fallback: 'omit', needs: V421 },
  { type: 8, handle: 0x0800, minLength: 9, fallback: 'omit', needs: V421 },
  { type: 9, handle: 0x0900, minLength: 13, fallback: 'omit', needs: V421 },
  { type: 11, handle: 0x0b00, minLength: 5, fallback: 'generate', needs: V43 },
  { type: 22, handle: 0x1600, minLength: 26, fallback: 'generate-if-battery', needs: V43 },
  { type: 26, handle: 0x1a00, minLength: 20, fallback: 'omit', needs: V421 },
  { type: 27, handle: 0x1b00, minLength: 12, fallback: 'omit', needs: V421 },
  { type: 28, handle: 0x1c00, minLength: 20, fallback: 'omit', needs: V421 },
  { type: 39, handle: 0x2700, minLength: 16, fallback: 'omit', needs: V43 },
];

/** Types hvmloader always generates itself and never takes from the blob. */
export const SMBIOS_GENERATED_ONLY_TYPES: readonly number[] = [4, 16, 17, 19, 20, 32, 127];

/** The first OEM type; hvmloader copies every structure of type ≥ 128 with its handle untouched. */
export const SMBIOS_OEM_TYPE_MIN = 128;

/** The pass-through rules in force for a Xen version. */
export function passThroughRules(xen: XenVersion): SmbiosPassThroughRule[] {
  return SMBIOS_PASS_THROUGH_RULES.filter((r) => hasChange(xen, r.needs));
}

/** The rule for `type` under `xen`, or undefined when hvmloader ignores the type (OEM types aside). */
export function ruleFor(xen: XenVersion, type: number): SmbiosPassThroughRule | undefined {
  return passThroughRules(xen).find((r) => r.type === type);
}

/** Minimum lengths were added by 2f7d52f016 (Xen 4.21); before, any separator length > 0 was taken. */
export function hasMinimumLengths(xen: XenVersion): boolean {
  return hasChange(xen, XenChange.MinimumLengths);
}

/**
 * Whether a passed type 2's chassis handle (offset 11) is rewritten to 0x0300, given its header
 * length: it must be non-zero, and the header must reach the field's end (≥ 13 since
 * 2f7d52f016) or, before, be longer than 13.
 */
export function chassisHandleRewritten(xen: XenVersion, headerLength: number, chassisHandle: number): boolean {
  if (chassisHandle === 0) return false;
  return hasMinimumLengths(xen) ? headerLength >= 13 : headerLength > 13;
}

/** True when the blob structure would be accepted by length: min length (4.21+) or non-zero (earlier). */
export function lengthAccepted(xen: XenVersion, rule: SmbiosPassThroughRule, separatorLength: number): boolean {
  return hasMinimumLengths(xen) ? separatorLength >= rule.minLength : separatorLength > 0;
}

/**
 * ROMBIOS and OVMF get the SMBIOS table between `SMBIOS_PHYSICAL_ADDRESS` + the 0x1F-byte entry
 * point (0xEB01F) and `SMBIOS_PHYSICAL_END` (0xF0000): 20,449 bytes (xen.md §3.3, §11).
 */
export const SMBIOS_FIXED_WINDOW_MAX = 0xf0000 - 0xeb01f;

/** Where the entry point sits with ROMBIOS/OVMF (`SMBIOS_PHYSICAL_ADDRESS`). */
export const SMBIOS_PHYSICAL_ADDRESS = 0xeb000;

/** The generated entry point's length (SMBIOS 2.4 `_SM_`). */
export const SMBIOS_EP_LENGTH = 0x1f;
