// Differential test: dmidecode 3.4 `-u --from-dump` and hvmpack agree on every structure of every
// corpus table (and of tables our builder made): count, handle, type, length, formatted bytes and
// strings. dmidecode's type-34 length fix-up and its zero-length stop appear as our findings.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesEqual, latin1, latin1Bytes } from '@hvmpack/bytes';
import {
  buildTable,
  decodeSmbios,
  decodeSmbiosPair,
  dmidecodeLength,
  encodeDumpBin,
  type RawStructure,
  type SmbiosTable,
} from '@hvmpack/smbios';
import { corpusFiles, skipReason } from './support/env.js';
import { runTool, tempDir } from './support/tools.js';

const skip = skipReason({ tools: ['dmidecode'], corpus: 'smbios' });
const skipTool = skipReason({ tools: ['dmidecode'] });

/** One structure as dmidecode -u prints it. */
interface DmiBlock {
  handle: number;
  type: number;
  length: number;
  data: Uint8Array;
  strings: Uint8Array[];
  truncated: boolean;
}

const HANDLE = /^Handle 0x([0-9A-F]{4}), DMI type (\d+), (\d+) bytes$/;
const HEX_ROW = /^\t\t([0-9A-F]{2}(?: [0-9A-F]{2})*)$/;

function hexRow(line: string): number[] {
  return line.trim().split(' ').map((h) => parseInt(h, 16));
}

/** Parses `dmidecode -u` output into blocks (Header and Data bytes, string bytes without the NUL). */
export function parseDmidecodeDump(out: string): DmiBlock[] {
  const lines = out.split('\n');
  const blocks: DmiBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const m = HANDLE.exec(lines[i]!);
    i++;
    if (!m) continue;
    const b: DmiBlock = { handle: parseInt(m[1]!, 16), type: Number(m[2]), length: Number(m[3]), data: new Uint8Array(0), strings: [], truncated: false };
    blocks.push(b);
    const data: number[] = [];
    while (i < lines.length && lines[i] !== '' && !HANDLE.test(lines[i]!)) {
      const line = lines[i]!;
      if (line === '\t<TRUNCATED>') b.truncated = true;
      if (line === '\tHeader and Data:') {
        i++;
        while (i < lines.length && HEX_ROW.test(lines[i]!)) data.push(...hexRow(lines[i++]!));
        continue;
      }
      if (line === '\tStrings:') {
        i++;
        // Each string: hex rows until one ends with the NUL, then one line of filtered text.
        while (i < lines.length && HEX_ROW.test(lines[i]!)) {
          const bytes: number[] = [];
          while (i < lines.length && HEX_ROW.test(lines[i]!)) {
            bytes.push(...hexRow(lines[i++]!));
            if (bytes[bytes.length - 1] === 0) break;
          }
          i++; // the text line
          b.strings.push(new Uint8Array(bytes.slice(0, -1)));
        }
        continue;
      }
      i++;
    }
    b.data = new Uint8Array(data);
  }
  return blocks;
}

/** The strings dmidecode reads for `s` when it takes the formatted area as `length` bytes (`_dmi_string`). */
function dmidecodeStrings(s: RawStructure, length: number): Uint8Array[] {
  const all = new Uint8Array(s.formatted.length + s.stringSet.length);
  all.set(s.formatted, 0);
  all.set(s.stringSet, s.formatted.length);
  const out: Uint8Array[] = [];
  let p = length;
  while (p < all.length && all[p] !== 0) {
    let e = p;
    while (e < all.length && all[e] !== 0) e++;
    out.push(all.subarray(p, e));
    p = e + 1;
  }
  return out;
}

const work = tempDir('smbios');

// dmidecode runs are bounded: at most 4 at once, 20 s each, 8 MiB of output.
let running = 0;
const queue: Array<() => void> = [];
async function runDmidecode(file: string): Promise<{ stdout: string; stderr: string }> {
  if (running >= 4) await new Promise<void>((r) => queue.push(r));
  running++;
  try {
    return await runTool('dmidecode', ['-u', '--from-dump', file], { maxBuffer: 8 << 20 });
  } finally {
    running--;
    queue.shift()?.();
  }
}

let seq = 0;
/** Writes our --dump-bin of `t`, runs dmidecode on it and compares structure by structure. */
async function compareWithDmidecode(t: SmbiosTable): Promise<{ blocks: DmiBlock[]; stderr: string }> {
  const file = path.join(work, `t${seq++}.bin`);
  writeFileSync(file, encodeDumpBin(t));
  const { stdout, stderr } = await runDmidecode(file);
  const blocks = parseDmidecodeDump(stdout).filter((b) => !b.truncated);
  expect(blocks.length, 'structure count').toBe(t.structures.length);
  t.structures.forEach((s, i) => {
    const b = blocks[i]!;
    const where = `structure ${i} (handle ${s.handle})`;
    expect(b.handle, `${where} handle`).toBe(s.handle);
    expect(b.type, `${where} type`).toBe(s.type);
    // dmidecode 3.4 prints the Handle line before its type-34 fix-up, the data after it.
    expect(b.length, `${where} length`).toBe(s.length);
    const len = dmidecodeLength(s);
    expect(b.data.length, `${where} data length`).toBe(len);
    expect(bytesEqual(b.data, s.formatted.subarray(0, len)), `${where} formatted bytes`).toBe(true);
    const theirs = b.strings;
    const ours = len === s.length ? s.strings.map(latin1Bytes) : dmidecodeStrings(s, len);
    expect(theirs.length, `${where} string count`).toBe(ours.length);
    expect(theirs.every((x, k) => bytesEqual(x, ours[k]!)), `${where} strings`).toBe(true);
    if (len !== s.length) {
      expect(t.findings.some((f) => f.code === 'SMBIOS_TYPE34_LENGTH_FIXUP' && f.path === `smbios.structures[${i}]`), `${where} fix-up finding`).toBe(true);
    }
  });
  const fixups = (stderr.match(/Invalid entry length \(16\)\. Fixed up to 11\./g) ?? []).length;
  expect(fixups, 'type-34 fix-ups').toBe(t.findings.filter((f) => f.code === 'SMBIOS_TYPE34_LENGTH_FIXUP').length);
  return { blocks, stderr };
}

const PAIRS: Array<[string, string]> = [
  ['jcreekmore_dmidecode__tests_data_entry.bin', 'jcreekmore_dmidecode__tests_data_dmi.bin'],
  ['jcreekmore_dmidecode__tests_data_entry_v3.bin', 'jcreekmore_dmidecode__tests_data_dmi_v3.bin'],
];
const files = corpusFiles('smbios').filter((f) => !PAIRS.some((p) => p[0] === path.basename(f)));
const read = (f: string): Uint8Array => new Uint8Array(readFileSync(f));

describe.skipIf(skip !== undefined)('dmidecode -u --from-dump agrees with hvmpack on the corpus', () => {
  it.concurrent.each(files.map((f) => [path.basename(f), f]))('%s', async (_n, f) => {
    await compareWithDmidecode(decodeSmbios(read(f)));
  });
  it.concurrent.each(PAIRS)('sysfs pair %s + %s', async (ep, table) => {
    const dir = path.dirname(files[0]!);
    await compareWithDmidecode(decodeSmbiosPair(read(path.join(dir, ep)), read(path.join(dir, table))));
  });
  it('our --dump-bin of a dmidecode dump is read by dmidecode with the same preamble', async () => {
    const f = files.find((x) => x.includes('Asus-UX307LA'));
    if (!f) return;
    const { stderr } = await compareWithDmidecode(decodeSmbios(read(f)));
    expect(stderr).toBe('');
  });
});

function builtSample(major: number, minor: number): SmbiosTable {
  const strings = ['Vendor Inc.', 'V1.0', '01/02/2024'];
  const t0 = new Uint8Array(20);
  t0.set([1, 2, 0x00, 0xf0, 3, 0x0f], 0); // vendor, version, segment, date, ROM size
  const t1 = new Uint8Array(23);
  t1.set([1, 2, 0, 0], 0);
  return buildTable(
    [
      { type: 0, data: t0, strings },
      { type: 1, handle: 0x0100, data: t1, strings: ['Maker', 'Model'] },
      { type: 0xd0, handle: 0xd000, data: new Uint8Array([1, 2, 3]) },
      { type: 126, data: new Uint8Array([9, 9]), strings: ['disabled'] },
    ],
    { version: { major, minor } },
  ).table;
}

describe.skipIf(skipTool !== undefined)('dmidecode agrees with hvmpack on built and crafted tables', () => {
  it.each([
    [2, 4],
    [2, 8],
    [3, 0],
    [3, 5],
  ])('built SMBIOS %i.%i table', async (major, minor) => {
    const t = builtSample(major, minor);
    const { stderr } = await compareWithDmidecode(t);
    expect(stderr).toBe('');
  });

  it.each([
    ['zero-length header after two structures', 0],
    ['length-2 header after two structures', 2],
  ])('stops like dmidecode on a %s', async (_n, badLength) => {
    const good = builtSample(3, 0);
    // Replace the end-of-table with a broken header, keeping the entry point's maximum size.
    const body = good.table.subarray(0, good.structures[2]!.offset);
    const crafted = new Uint8Array(32 + body.length + 8);
    const dump = encodeDumpBin(good);
    crafted.set(dump.subarray(0, 32));
    crafted.set(body, 32);
    crafted.set([0x05, badLength, 0x34, 0x12, 0, 0, 0, 0], 32 + body.length);
    const t = decodeSmbios(crafted, { verifyChecksums: false });
    expect(t.structures.length).toBe(2);
    const f = t.findings.find((x) => x.code === 'SMBIOS_INVALID_STRUCTURE_LENGTH');
    expect(f?.offset).toBe(32 + body.length);
    const { stderr } = await compareWithDmidecode(t);
    expect(stderr).toContain(`Invalid entry length (${badLength}). DMI table is broken! Stop.`);
  });
});

void latin1;
