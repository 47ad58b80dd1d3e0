// Oracle: an independent transcription of hvmloader's blob loops (xen.md §3.1, §3.2, §4, §11),
// sharing no code with packages/container and packages/xen, reads every blob `hvmpack pack` writes from every corpus
// host and must find exactly the structures and tables `hvmpack guest-view --json` reports.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHvmpack } from './support/cli.js';
import { corpusFiles, skipReason } from './support/env.js';
import { tempDir } from './support/tools.js';

const tmp = tempDir('oracle');

// --- The oracle: hvmloader's code paths, written out from the research notes. ---

/** guest memory: the blob, then zeros (page padding). */
function byteAt(blob: Uint8Array, i: number): number {
  return i >= 0 && i < blob.length ? blob[i]! : 0;
}
function u32At(blob: Uint8Array, i: number): number {
  return (byteAt(blob, i) + byteAt(blob, i + 1) * 256 + byteAt(blob, i + 2) * 65536 + byteAt(blob, i + 3) * 16777216) >>> 0;
}

/** smbios.c get_smbios_pt_struct(type): the first separator whose next byte equals `type`. */
function getSmbiosPtStruct(blob: Uint8Array, type: number): { at: number; length: number } | null {
  let total = 0;
  let guard = 0;
  while (total < blob.length && guard++ < 100000) {
    const length = u32At(blob, total);
    if (byteAt(blob, total + 4) === type) return { at: total + 4, length };
    total = (total + length + 4) >>> 0;
  }
  return null;
}

interface OracleStructure {
  type: number;
  handle: number;
  size: number;
}

/**
 * write_smbios_tables' pass-through part: which blob structures the guest gets, in order, and the
 * EP count contribution. Xen 4.21 (2f7d52f016, 9f114abb37) vs 4.3–4.20 (`length > 0`, 7 types).
 */
function oracleSmbios(blob: Uint8Array, xen: '4.21' | '4.20'): { passed: OracleStructure[]; oemCount: number } {
  // (type, handle, minimum separator length) in table order; 4/16/17/19/20/32/127 never come from the blob.
  const handled: [number, number, number][] = xen === '4.21'
    ? [
        [0, 0x0000, 24], [1, 0x0100, 27], [2, 0x0200, 8], [3, 0x0300, 12], [7, 0x0700, 19], [8, 0x0800, 9], [9, 0x0900, 13],
        [11, 0x0b00, 5], [22, 0x1600, 26], [26, 0x1a00, 20], [27, 0x1b00, 12], [28, 0x1c00, 20], [39, 0x2700, 16],
      ]
    : [[0, 0x0000, 1], [1, 0x0100, 1], [2, 0x0200, 1], [3, 0x0300, 1], [11, 0x0b00, 1], [22, 0x1600, 1], [39, 0x2700, 1]];
  const passed: OracleStructure[] = [];
  for (const [type, handle, min] of handled) {
    const pt = getSmbiosPtStruct(blob, type);
    if (pt && pt.length >= min) passed.push({ type, handle, size: pt.length });
  }
  // smbios_type_vendor_oem_init: every separator whose structure type is >= 128, handle kept.
  let total = 0;
  let oemCount = 0;
  let guard = 0;
  while (total < blob.length && guard++ < 100000) {
    const length = u32At(blob, total);
    const type = byteAt(blob, total + 4);
    if (type >= 128 && length > 0) {
      passed.push({ type, handle: byteAt(blob, total + 6) | (byteAt(blob, total + 7) << 8), size: length });
      oemCount++;
    }
    total = (total + length + 4) >>> 0;
  }
  return { passed, oemCount };
}

/** Every separator in the blob (for the structure count the packer wrote). */
function oracleRecordCount(blob: Uint8Array): number {
  let total = 0;
  let n = 0;
  while (total < blob.length && n < 100000) {
    total = (total + u32At(blob, total) + 4) >>> 0;
    n++;
  }
  return n;
}

/** libacpi construct_passthrough_tables with nr_max = 16 − 1 − built-ins. */
function oracleAcpi(blob: Uint8Array, nrMax: number): { taken: [string, number][]; rest: [string, number][]; crash: boolean } {
  const sig = (at: number) => String.fromCharCode(byteAt(blob, at), byteAt(blob, at + 1), byteAt(blob, at + 2), byteAt(blob, at + 3));
  const taken: [string, number][] = [];
  let total = 0;
  let crash = false;
  for (let nr = 0; nr < nrMax; nr++) {
    if (((blob.length - total) >>> 0) < 36) break;
    const length = u32At(blob, total + 4);
    if (length === 0) {
      crash = true;
      break;
    }
    taken.push([sig(total), length]);
    total = (total + length) >>> 0;
  }
  // What the cap left out, walked the same way without a cap.
  const rest: [string, number][] = [];
  while (!crash && taken.length === nrMax && blob.length - total >= 36 && rest.length < 10000) {
    const length = u32At(blob, total + 4);
    if (length === 0) break;
    rest.push([sig(total), length]);
    total += length;
  }
  return { taken, rest, crash };
}

// --- Runs ---

interface GuestJson {
  smbios: { entryPoint: { structureCount: number } | null; structures: { type: number; handle: number; size: number; source: string }[] };
  acpi: { tables: { signature: string; length: number | null; source: string }[]; dropped: { signature: string; length: number }[]; crashes: boolean };
}

async function packAndView(kind: 'smbios' | 'acpi', input: string, xen = '4.21'): Promise<{ blob: Uint8Array; view: GuestJson; items: number }> {
  const out = path.join(tmp, `${kind}-${xen}-${path.basename(input)}.bin`);
  const pack = await runHvmpack(['pack', kind, input, '-o', out, '--force', '--json', '--xen', xen]);
  expect(pack.code, pack.stderr).toBe(0);
  const j = JSON.parse(pack.stdout) as { structureCount?: number; tableCount?: number };
  const items = (kind === 'smbios' ? j.structureCount : j.tableCount)!;
  const gv = await runHvmpack(['guest-view', `--${kind}`, out, '--json', '--xen', xen]);
  expect([0, 1]).toContain(gv.code);
  return { blob: new Uint8Array(readFileSync(out)), view: JSON.parse(gv.stdout) as GuestJson, items };
}

const smbiosHosts = corpusFiles('smbios', (n) => !n.includes('_entry') && !n.endsWith('smbios_entry_point') && !n.includes('tables64_smbios_entry'));
const acpiHosts = corpusFiles('acpi');

describe.skipIf(skipReason({ corpus: 'smbios' }))('oracle: smbios_firmware blobs from every corpus host', () => {
  it.each(smbiosHosts.flatMap((f) => (['4.21', '4.20'] as const).map((x) => [x, path.basename(f), f] as const)))('Xen %s: %s', async (xen, _name, file) => {
    const { blob, view, items } = await packAndView('smbios', file, xen);
    expect(oracleRecordCount(blob)).toBe(items);
    const oracle = oracleSmbios(blob, xen);
    const reported = view.smbios.structures.filter((s) => s.source === 'pass-through').map((s) => ({ type: s.type, handle: s.handle, size: s.size }));
    expect(reported).toEqual(oracle.passed);
    // All OEM structures together add one to the entry point's count.
    const all = view.smbios.structures.length;
    expect(view.smbios.entryPoint?.structureCount).toBe(oracle.oemCount > 1 ? all - oracle.oemCount + 1 : all);
  });
});

describe.skipIf(skipReason({ corpus: 'acpi' }))('oracle: acpi_firmware blobs from every corpus host', () => {
  it.each(acpiHosts.map((f) => [path.basename(f).slice(0, 60), f]))('%s', async (_name, file) => {
    const { blob, view, items } = await packAndView('acpi', file);
    // Default xl guest: 5 built-ins (MADT, HPET, WAET, SSDT S3, SSDT S4) → 10 slots.
    const oracle = oracleAcpi(blob, 10);
    expect(oracle.taken.length + oracle.rest.length).toBe(items);
    expect(view.acpi.tables.filter((t) => t.source === 'pass-through').map((t) => [t.signature, t.length])).toEqual(oracle.taken);
    expect(view.acpi.dropped.map((d) => [d.signature, d.length])).toEqual(oracle.rest);
    expect(view.acpi.crashes).toBe(oracle.crash);
  });
});
