// Differential test: our typed text view against dmidecode 3.4 on every corpus SMBIOS file that
// dmidecode can read (--dump-bin files directly; other containers after our own conversion).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeSmbios, encodeDumpBin, formatStructureText, type RawStructure, type SmbiosTable } from '@hvmpack/smbios';
import { corpusFiles, skipReason } from './support/env.js';

/**
 * Types whose text we do not claim matches dmidecode 3.4: 42 (Management Controller Host
 * Interface) has a version-dependent variable layout we print only as hex. Every other type
 * below 128 is claimed, and OEM types unless dmidecode has a vendor decoder for the machine.
 */
const UNCLAIMED_TYPES: ReadonlySet<number> = new Set([42]);

/** Vendors whose OEM types dmidecode 3.4 decodes itself (`dmioem.c` `dmi_set_vendor`). */
const DMIOEM_VENDORS = ['Acer', 'HP', 'Hewlett-Packard', 'HPE', 'Hewlett Packard Enterprise', 'IBM', 'LENOVO'];

const reason = skipReason({ tools: ['dmidecode'], corpus: 'smbios' });
const workDir = mkdtempSync(path.join(tmpdir(), 'hvmpack-typed-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Runs dmidecode with a timeout and an output cap; resolves to stdout. */
function runDmidecode(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('dmidecode', args, { timeout: 20_000, maxBuffer: 16 * 1024 * 1024, encoding: 'latin1' }, (err, stdout) => {
      if (err) reject(new Error(`dmidecode failed (${(err as NodeJS.ErrnoException).code ?? 'signal'})`));
      else resolve(stdout);
    });
  });
}

/** dmidecode's structure blocks: each starts with its `Handle` line, blank separators dropped. */
function splitBlocks(out: string): string[][] {
  const blocks: string[][] = [];
  let cur: string[] | undefined;
  for (const line of out.split('\n')) {
    if (line.startsWith('Handle 0x')) {
      cur = [line];
      blocks.push(cur);
    } else if (cur) {
      if (line === '') cur = undefined;
      else cur.push(line);
    }
  }
  return blocks;
}

function ourBlock(s: RawStructure, t: SmbiosTable): string[] {
  const handle = `Handle 0x${s.handle.toString(16).toUpperCase().padStart(4, '0')}, DMI type ${s.type}, ${s.length} bytes`;
  return [handle, ...formatStructureText(s, t.version, t.table)];
}

function vendorDecodesOem(t: SmbiosTable): boolean {
  const s1 = t.structures.find((s) => s.type === 1 && s.length >= 6);
  const idx = s1?.formatted[4] ?? 0;
  const v = (idx > 0 ? s1?.strings[idx - 1] : undefined)?.replace(/ +$/, '');
  return v !== undefined && DMIOEM_VENDORS.includes(v);
}

interface Case {
  name: string;
  dumpFile: string;
  table: SmbiosTable;
}

function loadCases(): Case[] {
  const out: Case[] = [];
  for (const file of corpusFiles('smbios')) {
    const bytes = new Uint8Array(readFileSync(file));
    let table: SmbiosTable;
    try {
      table = decodeSmbios(bytes);
    } catch {
      continue; // sysfs entry-point halves and other non-standalone inputs
    }
    // --dump-bin files go to dmidecode as they are; other containers through our own converter
    // (a bare table gets a 3.0 entry point, which dmidecode treats like our unknown version).
    const dump = table.container === 'dump-bin' ? bytes : encodeDumpBin(table);
    const dumpFile = path.join(workDir, `${out.length}.bin`);
    writeFileSync(dumpFile, dump);
    out.push({ name: path.basename(file), dumpFile, table });
  }
  return out;
}

const cases = reason ? [] : loadCases();

describe.skipIf(reason !== undefined)('typed text view agrees with dmidecode 3.4', () => {
  it('has corpus files to compare', () => {
    expect(cases.length).toBeGreaterThan(10);
  });

  it.for(cases.map((c) => [c.name, c] as const))('%s', async ([, c]) => {
    const theirs = splitBlocks(await runDmidecode(['--from-dump', c.dumpFile]));
    const oemOk = !vendorDecodesOem(c.table);
    const claimed = (type: number): boolean => !UNCLAIMED_TYPES.has(type) && (type < 128 || oemOk);
    const typeOf = (b: string[]): number => Number(/DMI type (\d+)/.exec(b[0]!)?.[1]);
    const expected = theirs.filter((b) => claimed(typeOf(b)));
    const ours = c.table.structures.slice(0, theirs.length).map((s) => ourBlock(s, c.table)).filter((b) => claimed(typeOf(b)));
    // Report only where blocks differ (handle, type, line number): the text holds serial numbers.
    const mismatches: string[] = [];
    for (let i = 0; i < Math.max(ours.length, expected.length); i++) {
      const a = ours[i] ?? [];
      const b = expected[i] ?? [];
      const line = a.findIndex((l, j) => l !== b[j]);
      if (line >= 0 || a.length !== b.length) mismatches.push(`${(b[0] ?? a[0] ?? '').split(',').slice(0, 2).join(',')} line ${line >= 0 ? line : Math.min(a.length, b.length)}`);
    }
    if (mismatches.length > 0 && process.env['HVMPACK_WRITE_ACTUAL']) {
      writeFileSync(`${process.env['HVMPACK_WRITE_ACTUAL']}/${c.name}.actual`, ours.map((b) => b.join('\n')).join('\n\n'));
      writeFileSync(`${process.env['HVMPACK_WRITE_ACTUAL']}/${c.name}.expected`, expected.map((b) => b.join('\n')).join('\n\n'));
    }
    expect(mismatches).toEqual([]);
  });
});
