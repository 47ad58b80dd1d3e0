/**
 * @hvmpack/layout — places the loader and modules in guest memory per profile (`rfc`, `xen-4.3`,
 * `xen-4.8`), checks every placement rule with bigint arithmetic, derives the e820 maps and the
 * minimum guest memory, and draws the map as SVG. No Node APIs.
 */
export {
  ELF,
  ElfErrorCode,
  buildElf32,
  decodeElf32,
  isElfRejection,
  type DecodeElfOptions,
  type ElfBuildSpec,
  type ElfImage,
  type ElfLoadSegment,
  type ElfSegmentSpec,
} from './elf.js';
export * from './profiles.js';
export { ACPI_BUILTIN_ESTIMATE, E820Type, buildE820, type E820Entry, type E820Options, type E820TypeName, type MemoryModel } from './e820.js';
export {
  LayoutCode,
  MODULE_KINDS,
  type PlanGuest,
  type PlanOptions,
  type LayoutFinding,
  type LoaderSpec,
  type ModuleKind,
  type ModuleSpec,
  type Plan,
  type PlanInput,
  type Region,
} from './types.js';
export { evaluatePlan, formatAddress, inferModuleKind, loaderFromElf, loaderFromSize, memoryModel } from './evaluate.js';
export { findMinimumMemory } from './minimum.js';
export { planLayout } from './plan.js';
export { looksLikeSize, parseSize } from './size.js';
export { collidingRegionNames, escapeXml, formatSize, renderPlanSvg, type SvgOptions } from './svg.js';
export { planToJson, type PlanJson } from './json.js';
export { EXAMPLE_MODULES, exampleLoaderElf, examplePlanInput } from './example.js';
