// encodeTyped inverts decodeTyped on real structures: re-encoding every corpus structure's typed
// fields (same length and handle) gives a structure whose dmidecode-style text is identical.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildStructure, decodeSmbios, decodeTyped, encodeTyped, formatStructureText, type RawStructure, type SmbiosTable } from '@hvmpack/smbios';
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
      const built = buildStructure(encodeTyped(s.type, typed.fields, { length: s.length, version: t.version }), s.handle);
      const before = formatStructureText(s, t.version);
      const after = formatStructureText(built, t.version);
      // Handles and types only: the text holds serial numbers.
      if (after.join('\n') !== before.join('\n')) mismatches.push(`handle ${s.handle} type ${s.type}: text`);
      if (JSON.stringify(decodeTyped(built, t.version).fields) !== JSON.stringify(typed.fields)) mismatches.push(`handle ${s.handle} type ${s.type}: fields`);
      checked++;
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });
});
