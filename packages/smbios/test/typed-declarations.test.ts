// The per-type declarations drive both directions: random typed fields encode and decode back to
// themselves, and the bytes they encode to re-encode unchanged; the sensitivity lookup and the
// `-s` keywords come from the same rows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesEqual } from '@hvmpack/bytes';
import {
  buildStructure,
  decodeTyped,
  encodeStructure,
  encodeTyped,
  encodeTypedOver,
  encodeTypedStructure,
  findStringKeyword,
  isTypedAs,
  sensitiveFields,
  TYPE_DECLARATIONS,
  type FieldSpec,
  type SmbiosVersion,
  type TypedType,
} from '@hvmpack/smbios';

const VERSION: SmbiosVersion = { major: 3, minor: 3 };
const declarations = Object.entries(TYPE_DECLARATIONS).map(([t, d]) => [Number(t) as TypedType, d.fields as readonly FieldSpec[]] as const);

// Text a string set can hold: non-empty Latin-1 without NUL.
const text = fc.string({ unit: fc.integer({ min: 1, max: 0xff }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 12 });
const uuidBytes = fc.uint8Array({ minLength: 16, maxLength: 16 });

function valueOf(f: FieldSpec): fc.Arbitrary<unknown> {
  switch (f.kind) {
    case 'u8': return fc.integer({ min: 0, max: 0xff });
    case 'u16': case 'handle': return fc.integer({ min: 0, max: 0xffff });
    case 'u32': return fc.integer({ min: 0, max: 0xffffffff });
    case 'u64': return fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
    case 'string': return fc.option(text, { nil: null });
    // Any 16 bytes, as the text dmidecode shows for them.
    case 'uuid': return uuidBytes.map((b) => {
      const s = buildStructure({ type: 1, data: new Uint8Array(0x15).map((_, i) => (i >= 4 && i < 20 ? b[i - 4]! : 0)) });
      return (decodeTyped(s, VERSION).fields as { uuid?: string }).uuid;
    });
  }
}

/** Random fields for every declared field of a type (types with members outside their declaration or a count byte are left to the corpus test). */
function fieldsFor(specs: readonly FieldSpec[]): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(Object.fromEntries(specs.map((f) => [f.name, valueOf(f)])));
}

// Types whose extra members read the formatted area by a count byte, or whose reading the type-34
// fix-up changes: random counts would add members the random fields do not have.
const DERIVED = new Set([2, 3, 10, 11, 34, 42]);

describe('declarations', () => {
  it.each(declarations.filter(([t, f]) => !DERIVED.has(t) && f.length > 0).map(([t]) => t))('type %i: decode(encode(x)) is x and encode(decode(b)) is b', (type) => {
    const specs = TYPE_DECLARATIONS[type].fields as readonly FieldSpec[];
    fc.assert(
      fc.property(fieldsFor(specs), fc.integer({ min: 0, max: 0xffff }), (fields, handle) => {
        const bytes = encodeTypedStructure<TypedType>(type, fields as never, { handle, version: VERSION });
        const s = buildStructure(encodeTyped<TypedType>(type, fields as never, { version: VERSION }), handle);
        expect(bytesEqual(encodeStructure(s), bytes)).toBe(true);
        const typed = decodeTyped(s, VERSION);
        expect(typed.findings).toEqual([]);
        // Every declared field was given, so every one comes back, null strings included.
        expect(Object.fromEntries(specs.map((f) => [f.name, (typed.fields as Record<string, unknown>)[f.name]]))).toEqual(fields);
        const again = encodeTypedStructure<TypedType>(type, typed.fields as never, { handle, version: VERSION });
        expect(bytesEqual(again, bytes)).toBe(true);
        expect(bytesEqual(encodeStructure(encodeTypedOver(s, typed, VERSION)), bytes)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('an edited field is written over the structure, the rest kept', () => {
    const s = buildStructure(encodeTyped(1, { manufacturer: 'Maker', productName: 'Box', serialNumber: 'SN-1', uuid: '4c4c4544-0042-3510-8052-b7c04f4e3732', skuNumber: 'SKU', family: 'Fam' }, { version: VERSION }), 0x100);
    const typed = decodeTyped(s, VERSION);
    if (!isTypedAs(typed, 1)) throw new Error('type 1 expected');
    const edited = encodeTypedOver(s, { ...typed, fields: { ...typed.fields, serialNumber: 'REDACTED', wakeUpType: 6 } }, VERSION);
    const back = decodeTyped(edited, VERSION);
    expect(back.fields).toMatchObject({ manufacturer: 'Maker', serialNumber: 'REDACTED', wakeUpType: 6, uuid: '4c4c4544-0042-3510-8052-b7c04f4e3732' });
    // The old serial stays in the set (nothing else may point at it); the new text is appended.
    expect(edited.strings).toEqual(['Maker', 'Box', 'SN-1', 'SKU', 'Fam', 'REDACTED']);
  });

  it('64-bit fields are bigint in the model', () => {
    const s = buildStructure(encodeTyped(19, { extendedStartingAddress: 0x1_0000_0000n, extendedEndingAddress: '0x00000001FFFFFFFF' }), 0x1300);
    const typed = decodeTyped(s, VERSION);
    expect(typed.fields.extendedStartingAddress).toBe(0x1_0000_0000n);
    expect(typed.fields.extendedEndingAddress).toBe(0x1_ffff_ffffn);
  });

  it('refuses a value that does not fit its field, naming the field', () => {
    expect(() => encodeTyped(0, { romSize: 256 })).toThrow(expect.objectContaining({ code: 'BAD_VALUE', path: 'structure.fields.romSize' }));
    expect(() => encodeTyped(1, { uuid: 'not-a-uuid' })).toThrow(expect.objectContaining({ code: 'BAD_VALUE', path: 'structure.fields.uuid' }));
  });

  it.each([
    [1, [['serialNumber', 'serial'], ['skuNumber', 'sku'], ['uuid', 'uuid']]],
    [2, [['serialNumber', 'serial'], ['assetTag', 'asset-tag']]],
    [3, [['serialNumber', 'serial'], ['assetTag', 'asset-tag']]],
    [4, [['serialNumber', 'serial'], ['assetTag', 'asset-tag'], ['partNumber', 'part-number']]],
    [17, [['serialNumber', 'serial'], ['assetTag', 'asset-tag'], ['partNumber', 'part-number']]],
    [22, [['serialNumber', 'serial'], ['sbdsSerialNumber', 'serial']]],
    [39, [['serialNumber', 'serial'], ['assetTagNumber', 'asset-tag'], ['modelPartNumber', 'part-number']]],
    [0, []],
    [200, []],
  ] as const)('sensitiveFields(%i)', (type, expected) => {
    expect(sensitiveFields(type).map((f) => [f.field, f.class])).toEqual(expected);
  });

  it('takes the -s keywords from the declarations', () => {
    for (const [type, specs] of declarations) {
      for (const f of specs) {
        if (f.keyword === undefined) continue;
        expect(findStringKeyword(f.keyword)).toEqual({ keyword: f.keyword, type, offset: f.offset });
      }
    }
    expect(findStringKeyword('system-serial-number')).toEqual({ keyword: 'system-serial-number', type: 1, offset: 0x07 });
  });
});

describe('encodeTypedStructure', () => {
  // Type 0 with vendor = version: shared strings give 1, 1 and one string; distinct give 1, 2 and two.
  it.each([
    [false, [1, 1], 'Same\0\0'],
    [true, [1, 2], 'Same\0Same\0\0'],
  ])('distinctStrings %s numbers repeated texts %j', (distinctStrings, numbers, set) => {
    const b = encodeTypedStructure(0, { vendor: 'Same', version: 'Same' }, { handle: 7, distinctStrings });
    expect([b[0x04], b[0x05]]).toEqual(numbers);
    expect([b[2], b[3]]).toEqual([7, 0]);
    expect(String.fromCharCode(...b.subarray(b[1]!))).toBe(set);
  });

  it.each([-1, 0x10000, 1.5])('refuses handle %s', (handle) => {
    expect(() => encodeTypedStructure(127, {}, { handle })).toThrow(expect.objectContaining({ code: 'BAD_VALUE' }));
  });
});
