// The typed encoders invert decodeTyped on real structures: re-encoding every corpus structure's
// typed fields from scratch (same length and handle) gives a structure whose dmidecode-style text
// is identical, and writing them over the structure with every declared number zeroed gives back
// its exact bytes.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesEqual } from '@hvmpack/bytes';
import { buildStructure, decodeSmbios, decodeTyped, encodeStructure, encodeTyped, encodeTypedOver, fieldsForJson, formatStructureText, isTypedType, TYPE_DECLARATIONS, type RawStructure, type SmbiosTable, type TypedType } from '@hvmpack/smbios';
import { corpusFiles, skipReason } from './support/env.js';

const reason = skipReason({ corpus: 'smbios' });

/** Types whose offset table covers everything the text shows (2, 3 and 9 only without their variable parts). */
function encodable(s: RawStructure): boolean {
  const f = s.formatted;
  switch (s.type) {
    case 0: case 1: case 4: case 7: case 8: case 11: case 16: case 17: case 19: case 20: case 22:
    case 26: case 27: case 28: case 29: case 32: case 39: case 126: case 127:
      return true;
    case 2:
      return s.length < 0x0f || f[0x0e] === 0;
    case 3:
      return s.length <= 0x15 && (s.length < 0x15 || f[0x13] === 0);
    case 9:
      return s.length <= 0x13;
    default:
      return false;
  }
}

function tables(): [string, SmbiosTable][] {
  const out: [string, SmbiosTable][] = [];
  for (const file of corpusFiles('smbios')) {
    try {
      out.push([path.basename(file), decodeSmbios(new Uint8Array(readFileSync(file)))]);
    } catch {
      // not a standalone input
    }
  }
  return out;
}

describe.skipIf(reason !== undefined)('encodeTyped round trip on the corpus', () => {
  const all = reason ? [] : tables();

  it.for(all)('%s', ([, t]) => {
    let checked = 0;
    const mismatches: string[] = [];
    for (const s of t.structures) {
      if (!encodable(s)) continue;
      const typed = decodeTyped(s, t.version);
      if (typed.findings.length > 0) continue; // bad string numbers cannot be re-encoded as such
      if (!isTypedType(s.type)) continue;
      // A decoded structure of any declared type: the encoder's per-type input is its fields.
      const built = buildStructure(encodeTyped<TypedType>(s.type, typed.fields as never, { length: s.length, version: t.version }), s.handle);
      const before = formatStructureText(s, t.version);
      const after = formatStructureText(built, t.version);
      // Handles and types only: the text holds serial numbers.
      if (after.join('\n') !== before.join('\n')) mismatches.push(`handle ${s.handle} type ${s.type}: text`);
      if (JSON.stringify(fieldsForJson(decodeTyped(built, t.version))) !== JSON.stringify(fieldsForJson(typed))) mismatches.push(`handle ${s.handle} type ${s.type}: fields`);
      checked++;
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });
});

/**
 * `s` with the bytes of every declared number field its decode holds set to zero (string numbers
 * kept, so duplicate strings keep their place; a type 34 dmidecode reads as shorter keeps the
 * bytes it reads as strings).
 */
function zeroNumbers(s: RawStructure, present: object): RawStructure {
  const formatted = s.formatted.slice();
  const decl = (TYPE_DECLARATIONS as Record<number, { fields: readonly { name: string; offset: number; kind: string }[] } | undefined>)[s.type];
  for (const f of decl?.fields ?? []) {
    if (f.kind === 'string' || !(f.name in present)) continue;
    const size = { u8: 1, u16: 2, handle: 2, u32: 4, u64: 8, uuid: 16 }[f.kind] ?? 0;
    if (f.offset + size <= formatted.length) formatted.fill(0, f.offset, f.offset + size);
  }
  return { ...s, formatted };
}

describe.skipIf(reason !== undefined)('encodeTypedOver(decodeTyped(s)) gives back every corpus structure byte for byte', () => {
  const all = reason ? [] : tables();

  it.for(all)('%s', ([, t]) => {
    const mismatches: string[] = [];
    let zeroed = 0;
    for (const s of t.structures) {
      const typed = decodeTyped(s, t.version);
      const base = zeroNumbers(s, typed.fields);
      if (!bytesEqual(base.formatted, s.formatted)) zeroed++;
      const again = encodeStructure(encodeTypedOver(base, typed, t.version));
      if (!bytesEqual(again, encodeStructure(s))) mismatches.push(`handle ${s.handle} type ${s.type}`);
    }
    expect(mismatches).toEqual([]);
    expect(zeroed).toBeGreaterThan(0);
  });
});
