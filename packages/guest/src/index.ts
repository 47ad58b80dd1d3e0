/**
 * @hvmpack/guest — the one description of a guest that every target reads: firmware, vCPUs,
 * memory, identity (UUID, CPU), bios-strings and ACPI options, with a stock xl guest's defaults.
 * No Node APIs.
 */
export {
  Firmware,
  DEFAULT_XEN_VERSION,
  DEFAULT_GUEST,
  BIOS_STRING_KEYS,
  parseXenVersion,
  atLeast,
  xenVersionString,
  resolveGuest,
  isDomainUuid,
  isBiosStringKey,
  memorySplit,
  DEFAULT_LOW_MEMORY_LIMIT_MIB,
  type XenVersion,
  type Guest,
} from './guest.js';
export { GUEST_FILE_FIELDS, guestFromObject, parseGuestJson, parseJsonText, badField, overrideGuest } from './guest-file.js';
export { tableName, selectTablesWith, type Target, type TargetCheck, type TargetInputs, type Selection, type TablePolicy } from './target.js';
