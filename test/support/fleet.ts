// The generated fleet (bench/src/audit-generate.ts, shared with the benchmark) and where the tests
// find the corpus it is made from.
import * as path from 'node:path';
import { corpusDir } from './env.js';
import { generateFleet, loadFleetTemplates, type FleetSpec, type GeneratedFleet } from '../../bench/src/audit-generate.js';

export { generateFleet, hostAcpiTables, hostDumpBin, loadFleetTemplates, varyStructures, type CorruptKind, type FleetSpec, type FleetTemplate, type GeneratedFleet } from '../../bench/src/audit-generate.js';

/** Generates a fleet from the corpus's SMBIOS tables, or undefined when the corpus is absent. */
export function corpusFleet(dir: string, spec: FleetSpec): GeneratedFleet | undefined {
  if (!corpusDir) return undefined;
  return generateFleet(dir, loadFleetTemplates(path.join(corpusDir, 'smbios')), spec);
}
