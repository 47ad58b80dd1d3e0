// Differential test against ACPICA's acpixtract (20200925): for every acpidump file in the corpus,
// `acpixtract -a` and `hvmpack acpi extract` write the same file names with identical bytes, and our
// `acpi dump` text goes back through `acpixtract -a` to the same tables.
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, type ExpectStatic } from 'vitest';
import { decodeTable, encodeRsdp, encodeTable, formatAcpidump, parseAcpidump } from '@hvmpack/acpi';
import { runHvmpack } from './support/cli.js';
import { corpusFiles, skipReason } from './support/env.js';
import { tempDir } from './support/tools.js';

const run = promisify(execFile);
const dumps = corpusFiles('acpi', (n) => n.endsWith('.acpidump.txt'));
const skip = skipReason({ tools: ['acpixtract'], corpus: 'acpi' });
const roundTripSample = new Set(dumps.filter((f, i) => i % 6 === 0 || /Toshiba|Panasonic/.test(f)));
const work = tempDir('acpixtract');

/** Runs `acpixtract -a file` in a fresh folder (with a timeout) and returns name → bytes. */
async function acpixtract(file: string, dir: string): Promise<Map<string, Buffer>> {
  rmSync(dir, { recursive: true, force: true });
  await run('mkdir', ['-p', dir]);
  await run('acpixtract', ['-a', file], { cwd: dir, timeout: 30_000, maxBuffer: 4 << 20 });
  return readFolder(dir);
}

function readFolder(dir: string): Map<string, Buffer> {
  return new Map(readdirSync(dir).sort().map((n) => [n, readFileSync(path.join(dir, n))]));
}

function expectSameFiles(expect: ExpectStatic, ours: Map<string, Buffer>, theirs: Map<string, Buffer>): void {
  expect([...ours.keys()]).toEqual([...theirs.keys()]);
  for (const [name, bytes] of theirs) expect(ours.get(name)!.equals(bytes), name).toBe(true);
}

describe.skipIf(skip !== undefined)('acpixtract agreement on the corpus', () => {
  // Concurrent: most of the time goes to acpixtract processes and fsyncs, which overlap well.
  it.concurrent.for(dumps.map((f) => [path.basename(f).slice(0, 70), f] as const))('%s: extract and dump round trip agree with acpixtract -a', async ([, file], { expect }) => {
    const base = path.join(work, path.basename(file));
    const theirs = await acpixtract(file, `${base}.ax`);
    const r = await runHvmpack(['acpi', 'extract', file, '-o', `${base}.hv`, '--quiet']);
    expect(r.code).toBe(0);
    expectSameFiles(expect, readFolder(`${base}.hv`), theirs);

    // The re-format test below shows our text equals the original for every dump, so sending it
    // through acpixtract again is only sampled (both offset styles and the memory-mode dump kept).
    if (!roundTripSample.has(file)) return;
    const d = await runHvmpack(['acpi', 'dump', file, '--include-sensitive']);
    expect(d.code).toBe(0);
    writeFileSync(`${base}.dump.txt`, d.stdout);
    expectSameFiles(expect, await acpixtract(`${base}.dump.txt`, `${base}.rt`), theirs);
  });

  it.each(dumps.map((f) => [path.basename(f).slice(0, 70), f]))('%s: re-formatting gives the original text (kernel warning lines aside)', (_name, file) => {
    const text = readFileSync(file, 'latin1');
    const set = parseAcpidump(text);
    const style = text.includes('\n  0000: ') ? 'short' : 'acpidump';
    const kept = text.split('\n').filter((l) => !/^[^ ].*[^ ]/.test(l) || / @ /.test(l)).join('\n');
    expect(formatAcpidump(set.tables, { style })).toBe(kept);
  });
});

/** Crafted acpidump texts on the edges of acpixtract's line rules, built in code. */
function crafted(): Array<[string, string]> {
  const mk = (sig: string, n: number): string =>
    formatAcpidump([
      decodeTable(
        encodeTable({
          header: { signature: sig, length: 0, revision: 1, checksum: 0, oemId: 'HVMTST', oemTableId: 'TESTTABL', oemRevision: 1, creatorId: 'HVMP', creatorRevision: 1 },
          body: Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0x40 : 0x20)), // " @ " in the ASCII column
        }),
      ),
    ]);
  return [
    ['a stray unindented "SSDT …" line makes a lone SSDT ssdt1.dat', `SSDT notes: not a header\n${mk('SSDT', 40)}${mk('DSDT', 3)}`],
    ['a header followed directly by a header (empty table file)', `APIC @ 0x0000000000000000\n${mk('SSDT', 20)}`],
    ['CRLF line ends', mk('SSDT', 33).replace(/\n/g, '\r\n')],
    [
      'two-space offsets and "RSD PTR @" / "@ (nil)" headers',
      (formatAcpidump([decodeTable(encodeRsdp({ oemId: 'HVMTST', revision: 2, rsdtAddress: 0x1000, xsdtAddress: 0x2000n }), { address: 0xf6cd0n })]).replace('RSD  @', 'RSD PTR @') +
        mk('FACP', 60).replace(/^FACP @ 0x0+/m, 'FACP @ (nil)')).replace(/^ {4}/gm, '  '),
    ],
    ['many instances of several signatures', ['SSDT', 'OEM1', 'SSDT', 'OEM1', 'SSDT', 'ASF!'].map((s, i) => mk(s, 10 + i)).join('')],
  ];
}

describe.skipIf(skipReason({ tools: ['acpixtract'] }) !== undefined)('acpixtract agreement on crafted text', () => {
  it.each(crafted())('%s', async (name, text) => {
    const base = path.join(work, 'crafted-' + name.replace(/[^a-z]+/gi, '-').slice(0, 40));
    writeFileSync(`${base}.txt`, text);
    const theirs = await acpixtract(`${base}.txt`, `${base}.ax`);
    const r = await runHvmpack(['acpi', 'extract', `${base}.txt`, '-o', `${base}.hv`, '--quiet']);
    expect(r.code).toBe(0);
    expectSameFiles(expect, readFolder(`${base}.hv`), theirs);
  });
});
