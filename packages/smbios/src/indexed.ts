/**
 * @hvmpack/smbios/indexed — the fast path behind `decodeSmbios`, for readers that visit each
 * structure once over many inputs (the CLI's `smbios decode --json` batch, the benchmark): the
 * structures as an index over the table bytes instead of objects, JSON written straight from
 * that index, and working memory reused across inputs. `decodeSmbios` and `smbiosJsonDocument`
 * give the same results; reach for this only when a profile says so.
 */
export type { IndexedSmbios } from './model.js';
export { indexSmbios, indexSmbiosPair, withStructures } from './containers.js';
export { scanStructureTable, structuresFromIndex, structureFromIndex, type StructureIndex } from './table.js';
export { smbiosJsonText, smbiosJsonBytes, SmbiosJsonBlocks } from './json.js';
export { SmbiosScratch } from './scratch.js';
