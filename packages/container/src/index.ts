/**
 * @hvmpack/container — the RFC firmware-module container: a module set of SMBIOS, ACPI, option ROM
 * and metadata modules, each with its standard and type-specific header, and the ways a loader
 * learns its address. Loader-independent; no Node APIs.
 */
export * from './model.js';
export { encodeModuleSet, decodeModuleSet, type DecodeModuleSetOptions, type DecodedModuleSet } from './codec.js';
export { verifyModuleSet, walkSmbiosPayload, walkAcpiPayload, type ModuleSetReport, type PayloadWalk } from './verify.js';
export { encodeMetaPayload, decodeMetaPayload, META_KEY_PATTERN } from './meta.js';
export {
  encodeSmbiosHeader,
  decodeSmbiosHeader,
  encodeAcpiHeader,
  decodeAcpiHeader,
  encodeOromHeader,
  decodeOromHeader,
  encodeMetaHeader,
  decodeMetaHeader,
} from './type-headers.js';
export {
  buildSmbiosModule,
  buildAcpiModule,
  buildOromModule,
  buildMetaModule,
  detectSmbiosPayloadFormat,
  type BuildSmbiosOptions,
  type BuildOromOptions,
} from './build.js';
export {
  describeHandoff,
  handoffToJson,
  XS_MODULES_ADDRESS,
  XS_MODULES_LENGTH,
  START_INFO_MODULE_NAME,
  DEFAULT_MODULES_BASE,
  type ModuleSetHandoff,
  type XenstoreEntry,
  type HandoffOptions,
} from './handoff.js';
export { summarizeModule, summarizeModuleSet, type ModuleSummary } from './summary.js';
