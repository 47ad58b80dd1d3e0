// `pnpm bench`: runs every area's benchmarks, prints one line per figure, writes bench/results.json.
import { writeFileSync } from 'node:fs';
import { Harness } from './harness.js';
import { run as bytes } from './bytes.js';
import { run as layout } from './layout.js';
import { run as smbios } from './smbios.js';
import { run as modules } from './modules.js';
import { run as xen } from './xen.js';
import { run as acpi } from './acpi.js';
import { run as audit } from './audit.js';
import { run as startup } from './startup.js';

// One line per area; each module exports `run(h: Harness)`.
const areas: Array<[string, (h: Harness) => Promise<void>]> = [
  ['bytes', bytes],
  ['layout', layout],
  ['smbios', smbios],
  ['modules', modules],
  ['xen', xen],
  ['acpi', acpi],
  ['audit', audit],
  ['startup', startup],
];

const only = process.argv.slice(2);
const h = new Harness();
console.log(`hvmpack benchmarks — node ${process.version}, ${new Date().toISOString()}`);
for (const [name, run] of areas) {
  if (only.length && !only.includes(name)) continue;
  await run(h);
}
const out = new URL('../results.json', import.meta.url);
writeFileSync(out, JSON.stringify({ node: process.version, date: new Date().toISOString(), figures: h.figures }, null, 2) + '\n');
console.log(`wrote ${out.pathname}`);
