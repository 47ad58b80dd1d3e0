// Redaction on every real host in the corpus: no identifier's bytes survive, dmidecode decodes the
// result with no warning it did not print for the original, iasl still disassembles the tables,
// checksums verify, and placeholders are repeatable and key-dependent.
//
// Which identifiers must vanish: every one the inventory finds, except firmware placeholders
// ("To Be Filled By O.E.M.", all-zero UUIDs: they identify nothing, and a list never redacts them),
// values shorter than 4 bytes (a 2-byte battery serial or a 3-letter asset tag occurs by chance in
// any table), and ACPI OEM IDs, which name the vendor, not the machine, and legitimately recur in
// the RSDP, in AML strings and across tables the inventory does not declare.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { latin1 } from '@hvmpack/bytes';
import { decodeAcpiInput, verifyRsdpChecksums, verifyTableChecksum, type AcpiTable } from '@hvmpack/acpi';
import { decodeSmbios, decodeSmbiosPair, encodeDumpBin, type SmbiosTable } from '@hvmpack/smbios';
import { IDENTIFIER_CLASSES, Placeholders, chooseIdentifiers, inventory, policyChoosers, type Identifier } from '@hvmpack/audit';
import { readAcpiInput, readSmbiosSource, redactPath, resolveSmbiosSource, type RedactedPath, type SmbiosSource } from '@hvmpack/host';
import { corpusFiles, skipReason } from './support/env.js';
import { pool, runTool, tempDir } from './support/tools.js';

const work = tempDir('redact');
const all = policyChoosers({ only: IDENTIFIER_CLASSES });
const MIN_CHECKED_LENGTH = 4;

/** The identifiers a redaction of everything must leave no trace of (see the file comment). */
function mustVanish(ids: readonly Identifier[]): Identifier[] {
  return chooseIdentifiers(ids, { ids: IDENTIFIER_CLASSES }).filter((i) => i.bytes.length >= MIN_CHECKED_LENGTH && i.class !== 'oem-id');
}

/** The ids of `ids` whose bytes still occur in `out`. */
function survivors(ids: readonly Identifier[], out: Uint8Array): string[] {
  const text = latin1(out);
  return ids.filter((i) => text.includes(latin1(i.bytes))).map((i) => i.id);
}

/** The SMBIOS table file of a redacted input (a pair's second file). */
function smbiosBytes(r: RedactedPath): Uint8Array {
  if (r.output.kind === 'file') return r.output.bytes;
  return r.output.files[1]!.data as Uint8Array;
}

function decodeRedacted(r: RedactedPath): SmbiosTable {
  if (r.output.kind === 'file') return decodeSmbios(r.output.bytes);
  return decodeSmbiosPair(r.output.files[0]!.data as Uint8Array, r.output.files[1]!.data as Uint8Array);
}

/** Each corpus SMBIOS input once: self-contained files, and each sysfs pair by its table file. */
async function smbiosSources(): Promise<{ name: string; input: string; src: SmbiosSource }[]> {
  const out: { name: string; input: string; src: SmbiosSource }[] = [];
  const seen = new Set<string>();
  for (const input of corpusFiles('smbios')) {
    const src = await resolveSmbiosSource(input);
    const key = src.kind === 'file' ? src.file : src.table;
    if (seen.has(key)) continue;
    seen.add(key);
    try {
      await readSmbiosSource(src);
    } catch {
      continue; // a lone entry point without its table is no host
    }
    out.push({ name: path.basename(input), input, src });
  }
  return out;
}

/** dmidecode's complaints about a dump: its stderr lines, and stdout lines that report a problem. */
async function dmidecodeWarnings(file: string): Promise<string[]> {
  const r = await runTool('dmidecode', ['--from-dump', file]);
  const out = r.stdout.split('\n').filter((l) => /invalid|out of spec|wrong|bad |fixed up|truncated|error/i.test(l) && !l.includes('Error Correction') && !l.includes('Error Information'));
  return [...r.stderr.split('\n').filter((l) => l.trim() !== ''), ...out, `exit ${r.code}`];
}

describe.skipIf(skipReason({ corpus: 'smbios' }) !== undefined)('redact on every SMBIOS corpus host', async () => {
  const hosts = await smbiosSources();

  it(`leaves no identifier of ${hosts.length} hosts, keeps the container and verifies its checksums`, async () => {
    let checked = 0;
    for (const h of hosts) {
      const t = await readSmbiosSource(h.src);
      const ids = mustVanish(inventory({ smbios: t }).identifiers);
      const r = await redactPath(h.input, all, new Placeholders());
      expect({ host: h.name, left: survivors(ids, smbiosBytes(r)) }).toEqual({ host: h.name, left: [] });
      const back = decodeRedacted(r); // entry point checksums verified
      expect([h.name, back.container, back.structures.map((s) => [s.type, s.handle, s.length])]).toEqual([h.name, t.container, t.structures.map((s) => [s.type, s.handle, s.length])]);
      checked += ids.length;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('gives the same bytes for the same input and key, and different placeholders for another key', async () => {
    for (const h of hosts) {
      const run = async (key?: string): Promise<RedactedPath> => redactPath(h.input, all, new Placeholders(key === undefined ? undefined : new TextEncoder().encode(key)));
      const plain = smbiosBytes(await run());
      expect(smbiosBytes(await run()), h.name).toEqual(plain);
      const k1 = await run('key one');
      expect(smbiosBytes(await run('key one')), h.name).toEqual(smbiosBytes(k1));
      if (k1.changes.length > 0) expect(sameBytes(smbiosBytes(await run('key two')), smbiosBytes(k1)), h.name).toBe(false);
    }
  });

  it.skipIf(skipReason({ tools: ['dmidecode'] }) !== undefined)('dmidecode --from-dump prints no warning for a redacted host that it did not print for the original', async () => {
    const dir = path.join(work, 'smbios');
    mkdirSync(dir, { recursive: true });
    const results = await pool(hosts, 3, async (h) => {
      const i = hosts.indexOf(h);
      const before = path.join(dir, `${i}-before.bin`);
      const after = path.join(dir, `${i}-after.bin`);
      writeFileSync(before, encodeDumpBin(await readSmbiosSource(h.src)));
      writeFileSync(after, encodeDumpBin(decodeRedacted(await redactPath(h.input, all, new Placeholders()))));
      const was = new Set(await dmidecodeWarnings(before));
      return { host: h.name, added: (await dmidecodeWarnings(after)).filter((w) => !was.has(w)) };
    });
    for (const r of results) expect(r).toEqual({ host: r.host, added: [] });
  });
});

/** iasl -d's exit status for a table file (capped in time and output size), or `signal` when it crashed. */
async function iaslExit(file: string, dir: string): Promise<number | 'signal'> {
  try {
    return (await runTool('sh', ['-c', 'ulimit -f 65536; exec iasl -d "$1"', 'sh', path.basename(file)], { cwd: dir, timeoutMs: 60_000 })).code;
  } catch {
    return 'signal';
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Offsets of a table that redaction may change: identifier fields and the checksum. */
/** The checksum byte redaction moves: the header's, or the RSDP's over its first 20 bytes (which hold its OEM ID). */
const checksumAt = (t: AcpiTable): number => (t.signature === 'RSDP' ? 8 : 9);
const checksumOk = (t: AcpiTable): boolean | null => (t.signature === 'RSDP' ? verifyRsdpChecksums(t.bytes) : verifyTableChecksum(t.bytes));

function allowedChanges(ids: readonly Identifier[], tableIndex: number, checksum: number): Set<number> {
  const out = new Set<number>([checksum]);
  for (const i of ids) if (i.place.source === 'acpi' && i.place.tableIndex === tableIndex) for (let k = 0; k < i.place.length; k++) out.add(i.place.offset + k);
  return out;
}

const acpiInputs = [...corpusFiles('acpi'), ...corpusFiles('acpi-bin')];

describe.skipIf(skipReason({ corpus: 'acpi' }) !== undefined)('redact on every ACPI corpus host', () => {
  it(`leaves no identifier in ${acpiInputs.length} inputs, touches only identifier bytes and checksums, keeps checksum verdicts`, async () => {
    let tablesChecked = 0;
    for (const input of acpiInputs) {
      const name = path.basename(input);
      const set = await readAcpiInput(input);
      const found = inventory({ acpi: set }).identifiers;
      const r = await redactPath(input, all, new Placeholders());
      expect(r.output.kind).toBe('file');
      if (r.output.kind !== 'file') continue;
      expect({ name, left: survivors(mustVanish(found), r.output.bytes) }).toEqual({ name, left: [] });
      const back = decodeAcpiInput(r.output.bytes, name);
      expect([name, back.container, back.tables.length]).toEqual([name, set.container, set.tables.length]);
      const chosen = chooseIdentifiers(found, { ids: IDENTIFIER_CLASSES });
      back.tables.forEach((t: AcpiTable, k) => {
        const was = set.tables[k]!;
        expect([name, t.signature, t.bytes.length, checksumOk(t)]).toEqual([name, was.signature, was.bytes.length, checksumOk(was)]);
        const allowed = allowedChanges(chosen, k, checksumAt(t));
        const changedElsewhere = [...t.bytes].findIndex((b, at) => b !== was.bytes[at] && !allowed.has(at));
        expect({ name, table: t.signature, changedElsewhere }).toEqual({ name, table: t.signature, changedElsewhere: -1 });
        tablesChecked++;
      });
    }
    expect(tablesChecked).toBeGreaterThan(800);
  });

  it.skipIf(skipReason({ tools: ['iasl'], corpus: 'acpi-bin' }) !== undefined)('iasl -d accepts every redacted table of acpi-bin and of four acpidump hosts that it accepts unredacted', async () => {
    const dir = path.join(work, 'iasl');
    mkdirSync(dir, { recursive: true });
    const sample = [...corpusFiles('acpi-bin'), ...corpusFiles('acpi', (n) => /Toshiba|ThinkPad|GA-880|Panasonic/.test(n))];
    const pairs: { name: string; before: string; after: string }[] = [];
    for (const input of sample) {
      const r = await redactPath(input, all, new Placeholders());
      if (r.output.kind !== 'file') continue;
      const was = (await readAcpiInput(input)).tables;
      decodeAcpiInput(r.output.bytes, path.basename(input)).tables.forEach((t, k) => {
        if (t.signature === 'FACS' || t.signature === 'RSDP') return;
        const stem = path.join(dir, `${pairs.length}-${t.signature.replace(/[^A-Z0-9]/gi, '_')}`);
        writeFileSync(`${stem}-before.dat`, was[k]!.bytes);
        writeFileSync(`${stem}-after.dat`, t.bytes);
        pairs.push({ name: `${path.basename(input)} ${t.signature}${t.instance}`, before: `${stem}-before.dat`, after: `${stem}-after.dat` });
      });
    }
    const runs = await pool(pairs, 3, async (p) => ({ name: p.name, before: await iaslExit(p.before, dir), after: await iaslExit(p.after, dir) }));
    for (const r of runs) expect(r).toEqual({ name: r.name, before: r.before, after: r.before });
    expect(runs.filter((r) => r.after === 0).length).toBeGreaterThan(100);
  });
});
