// smbiosJsonText writes JSON.stringify(smbiosJsonDocument(…)) byte for byte: on every corpus
// file and on tables built here whose strings hold everything JSON escapes (quotes, backslashes,
// control characters) and everything it does not (bytes 0x7f–0xff).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTable, decodeSmbios, decodeSmbiosPair, smbiosJsonDocument, smbiosJsonText, type SmbiosTable, type StructureSpec } from '@hvmpack/smbios';
import { corpusFiles, skipReason } from './support/env.js';

const skip = skipReason({ corpus: 'smbios' });
const read = (f: string): Uint8Array => new Uint8Array(readFileSync(f));

/** The corpus tables, sysfs entry point files read with their table file as the CLI does. */
function corpusTables(): Array<[string, SmbiosTable]> {
  const files = corpusFiles('smbios');
  const out: Array<[string, SmbiosTable]> = [];
  for (const f of files) {
    const b = read(f);
    if (b.length > 32) out.push([path.basename(f), decodeSmbios(b)]);
    else {
      const table = f.replace(/entry(?!.*entry)/, 'dmi');
      if (files.includes(table)) out.push([path.basename(f), decodeSmbiosPair(b, read(table))]);
    }
  }
  return out;
}

function expectSame(input: string, t: SmbiosTable, types?: ReadonlySet<number>): void {
  expect(smbiosJsonText(input, t, types)).toBe(JSON.stringify(smbiosJsonDocument(input, t, types)));
}

describe.skipIf(skip !== undefined)('smbiosJsonText equals JSON.stringify of the document: corpus', () => {
  it.each(corpusTables())('%s', (n, t) => {
    expectSame(n, t);
    expectSame(n, t, new Set([1, 4, 11, 17]));
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
    // An OEM type (generic hex view) and a type cut short.
    { type: 200, data: Uint8Array.from([0, 0x7f, 0x80, 0xff, 0x22, 0x5c]), strings: CRAFTED.slice(2) },
    { type: 4, data: Uint8Array.from([1, 3]), strings: [CRAFTED[1]!] },
  ];
}

describe('smbiosJsonText equals JSON.stringify of the document: crafted strings', () => {
  const built = buildTable(craftedItems(), { version: { major: 3, minor: 3, docrev: 0 } });
  const inputs = ['plain.bin', 'quote".bin', 'back\\slash\n.bin', 'caf\u00e9 \u20ac \u{1f600}.bin', 'lone \ud800 surrogate', ''];
  it.each(inputs.map((i) => [JSON.stringify(i), i]))('built table, input %s', (_, input) => {
    expectSame(input, built.table);
    expectSame(input, decodeSmbios(built.dumpBin));
  });

  it('the crafted strings reach the output unchanged', () => {
    const parsed = JSON.parse(smbiosJsonText('x', decodeSmbios(built.dumpBin))) as { structures: Array<{ type: number; strings: string[] }>; findings: unknown[] };
    expect(parsed.structures.find((s) => s.type === 11)?.strings).toEqual(CRAFTED);
    expect(parsed.findings.length).toBeGreaterThan(0);
  });
});
