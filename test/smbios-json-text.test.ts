// smbiosJsonText writes JSON.stringify(smbiosJsonDocument(…)) byte for byte, from RawStructure
// objects (decodeSmbios) and from a structure index (indexSmbios), as text and as bytes: on every
// corpus file and on tables built here whose strings hold everything JSON escapes (quotes,
// backslashes, control characters) and everything it does not (bytes 0x7f–0xff).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTable, decodeSmbios, decodeSmbiosPair, smbiosJsonDocument, type DecodeSmbiosOptions, type SmbiosTable, type StructureSpec } from '@hvmpack/smbios';
import { indexSmbios, indexSmbiosPair, SmbiosJsonBlocks, smbiosJsonBytes, smbiosJsonText, type IndexedSmbios } from '@hvmpack/smbios/indexed';
import { corpusFiles, skipReason } from './support/env.js';

const skip = skipReason({ corpus: 'smbios' });
const read = (f: string): Uint8Array => new Uint8Array(readFileSync(f));

/** The corpus tables, sysfs entry point files read with their table file as the CLI does. */
function corpusTables(): Array<[string, SmbiosTable, IndexedSmbios]> {
  const files = corpusFiles('smbios');
  const out: Array<[string, SmbiosTable, IndexedSmbios]> = [];
  for (const f of files) {
    const b = read(f);
    if (b.length > 32) out.push([path.basename(f), decodeSmbios(b), indexSmbios(b)]);
    else {
      const table = f.replace(/entry(?!.*entry)/, 'dmi');
      if (files.includes(table)) out.push([path.basename(f), decodeSmbiosPair(b, read(table)), indexSmbiosPair(b, read(table))]);
    }
  }
  return out;
}

const utf8 = new TextDecoder();

/** Every writer form against JSON.stringify of the document built from the objects. */
function expectSame(input: string, t: SmbiosTable, ix: IndexedSmbios, types?: ReadonlySet<number>): void {
  const want = JSON.stringify(smbiosJsonDocument(input, t, types));
  expect(smbiosJsonText(input, t, types)).toBe(want);
  expect(smbiosJsonText(input, ix, types)).toBe(want);
  expect(utf8.decode(smbiosJsonBytes(input, ix, types))).toBe(want);
  expect(utf8.decode(smbiosJsonBytes(input, t, types))).toBe(want);
}

/** {@link expectSame} for one input buffer, decoded both ways. */
function expectSameBytes(input: string, bytes: Uint8Array, options: DecodeSmbiosOptions = {}, types?: ReadonlySet<number>): void {
  expectSame(input, decodeSmbios(bytes, options), indexSmbios(bytes, options), types);
}

describe.skipIf(skip !== undefined)('smbiosJsonText equals JSON.stringify of the document: corpus', () => {
  it.each(corpusTables())('%s', (n, t, ix) => {
    expectSame(n, t, ix);
    expectSame(n, t, ix, new Set([1, 4, 11, 17]));
  });
});

const range = (from: number, to: number): string => String.fromCharCode(...Array.from({ length: to - from }, (_, i) => from + i));

// Strings as firmware could store them (Latin-1, no NUL): JSON escapes, controls, high bytes.
const CRAFTED = ['only a " quote', 'only a \\ backslash', 'quote " and backslash \\ and slash /', `controls ${range(1, 0x20)}`, `high ${range(0x7f, 0x100)}`, '\\"\\u0000 looks escaped', 'plain'];

function craftedItems(): StructureSpec[] {
  return [
    // Type 1: manufacturer…serial = strings 1–4, UUID, wake-up type, SKU = 5, family = 9 (beyond the set: a finding).
    { type: 1, data: Uint8Array.from([1, 2, 3, 4, ...Array.from({ length: 16 }, (_, i) => i * 17), 6, 5, 9]), strings: CRAFTED },
    // Type 11 (fields written by its extras through JSON.stringify).
    { type: 11, data: Uint8Array.from([CRAFTED.length]), strings: CRAFTED },
    // Type 17 longer than 16 fields, with string fields in it.
    { type: 17, data: Uint8Array.from({ length: 0x5c - 4 }, (_, i) => (i === 0x10 - 4 ? 1 : i === 0x17 - 4 ? 2 : i === 0x1a - 4 ? 3 : i)), strings: CRAFTED.slice(0, 3) },
    // Type 40 entries (extras): values of 1, 2, 4 and 3 bytes, strings that JSON escapes.
    { type: 40, data: Uint8Array.from([4, 6, 1, 0, 8, 1, 0x7f, 7, 2, 0, 9, 2, 0x34, 0x12, 9, 3, 0, 4, 3, 1, 2, 3, 4, 8, 4, 0, 5, 4, 1, 2, 0xab]), strings: CRAFTED },
    // An OEM type (generic hex view) and a type cut short.
    { type: 200, data: Uint8Array.from([0, 0x7f, 0x80, 0xff, 0x22, 0x5c]), strings: CRAFTED.slice(2) },
    { type: 4, data: Uint8Array.from([1, 3]), strings: [CRAFTED[1]!] },
  ];
}

describe('smbiosJsonText equals JSON.stringify of the document: crafted strings', () => {
  const built = buildTable(craftedItems(), { version: { major: 3, minor: 3, docrev: 0 } });
  const inputs = ['plain.bin', 'quote".bin', 'back\\slash\n.bin', 'caf\u00e9 \u20ac \u{1f600}.bin', 'lone \ud800 surrogate', ''];
  it.each(inputs.map((i) => [JSON.stringify(i), i]))('built table, input %s', (_, input) => {
    expect(smbiosJsonText(input, built.table)).toBe(JSON.stringify(smbiosJsonDocument(input, built.table)));
    expectSameBytes(input, built.dumpBin);
  });

  // What the index path hands to the object path: a string number past the set on a type without
  // computed members, a set at the string cap, type 34's length fix-up, a type filter.
  it.each([
    ['a string number past the set (type 17)', [{ type: 17, data: Uint8Array.from({ length: 0x1c - 4 }, (_, i) => (i === 0x10 - 4 ? 1 : i === 0x17 - 4 ? 7 : 0)), strings: ['DIMM 0'] }], {}],
    ['a string number past an empty set (type 4)', [{ type: 4, data: Uint8Array.from([3, 3]), strings: [] }], {}],
    ['a set at the string cap (type 3)', [{ type: 3, data: Uint8Array.from([1, 3, 2, 4]), strings: ['a', 'b', 'c', 'd', 'e'] }], { limits: { maxStringsPerStructure: 3 } }],
    ['a set over the cap (type 17)', [{ type: 17, data: Uint8Array.from({ length: 0x1c - 4 }, (_, i) => (i === 0x10 - 4 ? 4 : 0)), strings: ['a', 'b', 'c', 'd'] }], { limits: { maxStringsPerStructure: 2 } }],
    ['a type 40 entry string past the set, then a short entry', [{ type: 40, data: Uint8Array.from([3, 6, 1, 0, 8, 7, 0x7f, 2, 0, 0, 0, 0, 0]), strings: ['one'] }], {}],
    ['type 34 with text in bytes 11-15', [{ type: 34, data: Uint8Array.from([1, 1, 0, 0, 0, 0, 1, 0x41, 0x42, 0x43, 0x44, 0x45]), strings: ['desc'] }], {}],
    ['type 34 of length 16 without text', [{ type: 34, data: Uint8Array.from([1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]), strings: ['desc'] }], {}],
  ] as Array<[string, StructureSpec[], DecodeSmbiosOptions]>)('%s', (_, items, options) => {
    const b = buildTable(items, { version: { major: 3, minor: 3, docrev: 0 } });
    expectSameBytes('x', b.dumpBin, options);
    expectSameBytes('x', b.dumpBin, options, new Set([items[0]!.type]));
    expectSameBytes('x', b.dumpBin, options, new Set([127]));
  });

  it('the crafted strings reach the output unchanged', () => {
    const parsed = JSON.parse(smbiosJsonText('x', decodeSmbios(built.dumpBin))) as { structures: Array<{ type: number; strings: string[] }>; findings: unknown[] };
    expect(parsed.structures.find((s) => s.type === 11)?.strings).toEqual(CRAFTED);
    const t40 = parsed.structures.find((s) => s.type === 40) as unknown as { fields: { entries: { string: string; value: number | string }[] } };
    expect(t40.fields.entries.map((e) => [e.string, e.value])).toEqual([[CRAFTED[0], 0x7f], [CRAFTED[1], 0x1234], [CRAFTED[2], 0x04030201], [CRAFTED[3], '0102ab']]);
    expect(parsed.findings.length).toBeGreaterThan(0);
  });
});

describe('SmbiosJsonBlocks', () => {
  // Documents written into shared blocks equal smbiosJsonBytes' own copies, and stay as they were
  // written while later documents fill the block.
  const check = (docs: Array<[string, IndexedSmbios]>, blockSize?: number): SmbiosJsonBlocks => {
    const blocks = new SmbiosJsonBlocks(blockSize);
    const views = docs.map(([name, ix]) => blocks.add(name, ix));
    views.forEach((v, i) => expect(utf8.decode(v)).toBe(utf8.decode(smbiosJsonBytes(docs[i]![0], docs[i]![1]))));
    for (const v of views) expect(blocks.buffers).toContain(v.buffer);
    // Each block once: a transfer list naming a buffer twice is refused.
    expect(new Set(blocks.buffers).size).toBe(blocks.buffers.length);
    return blocks;
  };

  it.skipIf(skip !== undefined)('every corpus document, in 1 MiB and in small blocks', () => {
    const docs = corpusTables().map(([n, , ix]): [string, IndexedSmbios] => [n, ix]);
    expect(check(docs).buffers.length).toBeLessThan(docs.length);
    expect(check(docs, 1).buffers.length).toBeGreaterThan(docs.length / 2);
  });

  it('a document that outgrows the room kept for it (4,000 six-byte structures)', () => {
    const items: StructureSpec[] = Array.from({ length: 4000 }, () => ({ type: 41, data: new Uint8Array(0), strings: [] }));
    const built = buildTable(items, { version: { major: 3, minor: 3, docrev: 0 } });
    const ix = indexSmbios(built.dumpBin);
    const blocks = check([['a', ix], ['b', ix], ['c', indexSmbios(buildTable(craftedItems(), { version: { major: 3, minor: 3, docrev: 0 } }).dumpBin)]], 4096);
    expect(blocks.buffers.length).toBeGreaterThanOrEqual(3);
  });
});

describe('JSON output limit', () => {
  // Found in review: six string fields of a type 17 pointing at one string of 12 MiB made a line
  // of hundreds of MiB; the writer now stops at its limit with a typed error.
  it('refuses a document past the limit with LIMIT_EXCEEDED, in every writer form', () => {
    const big = 'A'.repeat(12 << 20);
    const data = Uint8Array.from({ length: 0x1c - 4 }, (_, i) => ([0x10, 0x11, 0x17, 0x18, 0x19, 0x1a].includes(i + 4) ? 1 : 0));
    const built = buildTable([{ type: 17, data, strings: [big] }], { version: { major: 3, minor: 3, docrev: 0 } });
    const ix = indexSmbios(built.dumpBin);
    for (const write of [() => smbiosJsonText('x', ix), () => smbiosJsonBytes('x', ix), () => new SmbiosJsonBlocks().add('x', ix), () => smbiosJsonText('x', decodeSmbios(built.dumpBin))]) {
      let code: unknown;
      try {
        write();
      } catch (e) {
        code = (e as { code?: unknown }).code;
      }
      expect(code).toBe('LIMIT_EXCEEDED');
    }
  });
});
