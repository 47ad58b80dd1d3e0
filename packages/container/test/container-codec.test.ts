// Module container: rejections with their codes and offsets, round trips, fast-check properties,
// and mutated sets that must only ever produce FormatErrors or findings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter, checksum8, isFormatError, patchChecksum8 } from '@hvmpack/bytes';
import { AcpiRootFlags, ModuleFlags, ModuleSetFlags, SmbiosPayloadFormat, buildAcpiModule, buildMetaModule, buildOromModule, buildSmbiosModule, decodeModuleSet, describeHandoff, encodeModuleSet, handoffToJson, verifyModuleSet, type MetaEntry, type Module, type ModuleSet } from '@hvmpack/container';

function smbiosStructure(type: number, formatted: number, strings: string[]): Uint8Array {
  const w = new ByteWriter().u8(type).u8(formatted).u16(0x100 + type).fill(formatted - 4, 0x11);
  for (const s of strings) w.cstring(s);
  if (strings.length === 0) w.u8(0);
  return w.u8(0).finish();
}

function xenBlob(structs: Uint8Array[]): Uint8Array {
  const w = new ByteWriter();
  for (const s of structs) w.u32(s.length).bytes(s);
  return w.finish();
}

function acpiTable(sig: string, bodyLength: number): Uint8Array {
  const w = new ByteWriter().ascii(sig, 4).u32(36 + bodyLength).u8(2).u8(0).ascii('HVMPCK', 6).ascii('TABLE', 8, 0x20).u32(1).ascii('HVMP').u32(1).fill(bodyLength, 0x5a);
  return w.patchChecksum8(9).finish();
}

function optionRom(vendor: number, device: number): Uint8Array {
  const rom = new Uint8Array(1024);
  rom.set([0x55, 0xaa, 2]);
  rom[0x18] = 0x20;
  rom.set([0x50, 0x43, 0x49, 0x52, vendor & 0xff, vendor >> 8, device & 0xff, device >> 8], 0x20);
  rom.set([0x00, 0x00, 0x03], 0x20 + 0x0d); // VGA-compatible display controller
  patchChecksum8(rom, 1023);
  return rom;
}

function sampleSet(): ModuleSet {
  return {
    formatMinor: 0,
    flags: ModuleSetFlags.Reclaimable,
    modules: [
      buildSmbiosModule(xenBlob([smbiosStructure(1, 27, ['Maker', 'Model']), smbiosStructure(222, 8, [])]), { version: { major: 3, minor: 4 } }),
      buildAcpiModule(Uint8Array.from([...acpiTable('SSDT', 20), ...acpiTable('SLIC', 338)])),
      buildOromModule(optionRom(0x1234, 0x1111), { vendorId: 0x1234, deviceId: 0x1111 }),
      buildMetaModule([{ key: 'a', value: 'x' }]),
    ],
  };
}

/** Rewrites a u32 at `at` and fixes both checksums, so only the intended field is wrong. */
function mutate(bytes: Uint8Array, edit: (b: Uint8Array, dv: DataView) => void, fixModuleAt?: number): Uint8Array {
  const b = bytes.slice();
  const dv = new DataView(b.buffer);
  edit(b, dv);
  if (fixModuleAt !== undefined) patchChecksum8(b, fixModuleAt + 12, fixModuleAt, fixModuleAt + dv.getUint32(fixModuleAt + 8, true));
  patchChecksum8(b, 24, 0, Math.max(32, Math.min(b.length, dv.getUint16(12, true))));
  return b;
}

function codeAt(bytes: Uint8Array): { code: string; offset: number | undefined } {
  try {
    decodeModuleSet(bytes);
  } catch (e) {
    if (isFormatError(e)) return { code: e.code, offset: e.offset };
    throw e;
  }
  return { code: 'OK', offset: undefined };
}

describe('module set encode/decode', () => {
  it('round-trips a set with every known type', () => {
    const set = sampleSet();
    const bytes = encodeModuleSet(set);
    expect(decodeModuleSet(bytes).set).toEqual(set);
    expect(verifyModuleSet(bytes).findings).toEqual([]);
  });

  it('detects the SMBIOS payload format and counts structures', () => {
    const m = sampleSet().modules[0] as Extract<Module, { kind: 'smbios' }>;
    expect(m.smbios).toMatchObject({ payloadFormat: SmbiosPayloadFormat.XenBlob, structureCount: 2, maxStructureSize: 40 });
    const table = buildSmbiosModule(Uint8Array.from([...smbiosStructure(0, 24, ['V']), ...smbiosStructure(127, 4, [])]));
    expect(table.smbios).toMatchObject({ payloadFormat: SmbiosPayloadFormat.Table, structureCount: 2 });
  });

  it('reads the option-ROM class code from its PCIR structure', () => {
    const m = sampleSet().modules[2] as Extract<Module, { kind: 'orom' }>;
    expect(m.orom.classCode).toBe(0x030000);
  });

  it('keeps header extensions from newer minors and revisions', () => {
    const set: ModuleSet = { formatMinor: 3, flags: 0x8001, headerExtra: new Uint8Array(16).fill(7), modules: [{ ...buildMetaModule([]), revision: 2, headerExtra: new Uint8Array(8).fill(9) }] };
    expect(decodeModuleSet(encodeModuleSet(set)).set).toEqual(set);
  });

  const base = encodeModuleSet(sampleSet());
  const m0 = 0x20;
  // Table of crafted sets: each must be rejected with this code at this offset.
  it.each<[string, () => Uint8Array, string, number]>([
    ['wrong signature', () => mutate(base, (b) => void (b[0] = 0x58)), 'BAD_SIGNATURE', 0],
    ['major version 2', () => mutate(base, (_b, dv) => dv.setUint16(8, 2, true)), 'UNSUPPORTED_VERSION', 8],
    ['header_length 24', () => mutate(base, (_b, dv) => dv.setUint16(12, 24, true)), 'BAD_LENGTH', 12],
    ['total_length not a multiple of 16', () => mutate(base, (_b, dv) => dv.setUint32(16, base.length - 8, true)), 'MISALIGNED', 16],
    ['total_length past the data', () => mutate(base, (_b, dv) => dv.setUint32(16, base.length + 16, true)), 'TRUNCATED', 16],
    ['an unknown incompatible flag', () => mutate(base, (_b, dv) => dv.setUint32(20, 0x10000, true)), 'UNSUPPORTED_FEATURE', 20],
    ['a reserved header byte', () => mutate(base, (b) => void (b[30] = 1)), 'RESERVED_NOT_ZERO', 30],
    ['a bad header checksum', () => { const b = base.slice(); b[24]! ^= 1; return b; }, 'BAD_CHECKSUM', 24],
    ['module_count one too many', () => mutate(base, (_b, dv) => dv.setUint16(14, 5, true)), 'TRUNCATED', base.length],
    ['module_count one too few', () => mutate(base, (_b, dv) => dv.setUint16(14, 3, true)), 'BAD_LENGTH', decodeModuleSet(base).placements[3]!.offset],
    ['module type 0', () => mutate(base, (_b, dv) => dv.setUint16(m0 + 4, 0, true), m0), 'BAD_VALUE', m0 + 4],
    ['module signature not its type', () => mutate(base, (b) => void (b[m0] = 0x41), m0), 'BAD_SIGNATURE', m0],
    ['module flag bit 1', () => mutate(base, (b) => void (b[m0 + 7] = 2), m0), 'RESERVED_NOT_ZERO', m0 + 7],
    ['module length below its headers', () => mutate(base, (_b, dv) => dv.setUint32(m0 + 8, 20, true)), 'BAD_LENGTH', m0 + 8],
    ['module length past the set', () => mutate(base, (_b, dv) => dv.setUint32(m0 + 8, 0x7fffffff, true)), 'TRUNCATED', m0 + 8],
    ['a bad module checksum', () => mutate(base, (b) => void (b[m0 + 40]! ^= 0xff)), 'BAD_CHECKSUM', m0 + 12],
    ['type_header_length 12', () => mutate(base, (_b, dv) => dv.setUint16(m0 + 14, 12, true), m0), 'MISALIGNED', m0 + 14],
    ['SMBIOS payload format 0', () => mutate(base, (b) => void (b[m0 + 16 + 3] = 0), m0), 'BAD_VALUE', m0 + 16 + 3],
    ['SMBIOS reserved type-header bytes', () => mutate(base, (b) => void (b[m0 + 16 + 13] = 1), m0), 'RESERVED_NOT_ZERO', m0 + 16 + 13],
  ])('rejects %s', (_name, make, code, offset) => {
    expect(codeAt(make())).toEqual({ code, offset });
  });

  it('rejects non-zero padding after a module', () => {
    const set: ModuleSet = { formatMinor: 0, flags: 0, modules: [buildMetaModule([{ key: 'k', value: 'v' }])] };
    const b = encodeModuleSet(set);
    const end = 0x20 + new DataView(b.buffer).getUint32(0x28, true);
    b[end] = 1;
    patchChecksum8(b, 24, 0, 32);
    expect(codeAt(b)).toEqual({ code: 'PADDING_NOT_ZERO', offset: end });
  });

  it('skips an unknown module by length but rejects an unknown critical one', () => {
    const unknown: Module = { kind: 'unknown', type: 0x9000, signature: 'ZZZZ', revision: 0, flags: 0, typeHeader: new Uint8Array(0), payload: new Uint8Array(5) };
    const ok = encodeModuleSet({ formatMinor: 0, flags: 0, modules: [unknown, buildMetaModule([])] });
    expect(decodeModuleSet(ok).set.modules.map((m) => m.kind)).toEqual(['unknown', 'meta']);
    const crit = encodeModuleSet({ formatMinor: 0, flags: 0, modules: [{ ...unknown, flags: ModuleFlags.Critical }] });
    expect(codeAt(crit)).toEqual({ code: 'UNKNOWN_CRITICAL_MODULE', offset: 0x24 });
    expect(verifyModuleSet(crit).findings.map((f) => f.code)).toContain('UNKNOWN_CRITICAL_MODULE');
  });

  it.each<[string, MetaEntry[], string]>([
    ['a repeated key', [{ key: 'a', value: 'x' }, { key: 'a', value: 'y' }], 'DUPLICATE_KEY'],
    ['an upper-case key', [{ key: 'A', value: 'x' }], 'BAD_VALUE'],
    ['a string with a NUL', [{ key: 'a', value: 'x\0' }], 'BAD_VALUE'],
  ])('refuses to encode metadata with %s', (_n, entries, code) => {
    expect(() => encodeModuleSet({ formatMinor: 0, flags: 0, modules: [buildMetaModule(entries)] })).toThrow(expect.objectContaining({ code }));
  });

  it('reports count mismatches and bad table checksums as findings', () => {
    const bad = acpiTable('SSDT', 4);
    bad[20]! ^= 1;
    const acpi = { ...buildAcpiModule(acpiTable('SSDT', 4)), payload: bad };
    const smbios = buildSmbiosModule(xenBlob([smbiosStructure(1, 27, ['x'])]));
    smbios.smbios.structureCount = 5;
    const r = verifyModuleSet(encodeModuleSet({ formatMinor: 0, flags: 0, modules: [smbios, { ...acpi, acpi: { tableCount: 1, rootFlags: 0 } }] }));
    expect(r.findings.map((f) => [f.code, f.severity])).toEqual([
      ['COUNT_MISMATCH', 'error'],
      ['BAD_CHECKSUM', 'error'],
      ['NO_ROOT_TABLE', 'warning'],
    ]);
  });

  it('reports every checksum failure, not just the first', () => {
    const b = base.slice();
    b[24]! ^= 1;
    b[m0 + 40]! ^= 1;
    expect(verifyModuleSet(b).findings.filter((f) => f.code === 'BAD_CHECKSUM').map((f) => f.offset)).toEqual([24, m0 + 12]);
  });

  it('does not loop on a set whose module lengths are all zero', () => {
    const b = mutate(base, (_b, dv) => dv.setUint32(m0 + 8, 0, true));
    expect(codeAt(b).code).toBe('BAD_LENGTH');
  });
});

describe('properties', () => {
  const bytesArb = (max: number) => fc.uint8Array({ maxLength: max });
  const metaValue = fc.oneof(
    fc.stringMatching(/^[ -~]{0,20}$/),
    fc.bigInt({ min: 0n, max: 0xffffffffffffffffn }),
    fc.boolean(),
    fc.record({ valueType: fc.integer({ min: 4, max: 255 }), bytes: bytesArb(12) }),
  );
  const metaEntries = fc.uniqueArray(fc.record({ key: fc.stringMatching(/^[a-z0-9._/-]{1,12}$/), value: metaValue }), { selector: (e) => e.key, maxLength: 6 });
  const structure = fc.record({ type: fc.integer({ min: 0, max: 255 }), len: fc.integer({ min: 4, max: 40 }), strings: fc.array(fc.stringMatching(/^[!-~]{1,8}$/), { maxLength: 3 }) });
  const common = { revision: fc.integer({ min: 1, max: 255 }), flags: fc.constantFrom(0, 1) };
  const moduleArb: fc.Arbitrary<Module> = fc.oneof(
    fc.record({ s: fc.array(structure, { minLength: 1, maxLength: 4 }), major: fc.integer({ min: 0, max: 255 }), minor: fc.integer({ min: 0, max: 255 }) }).map(({ s, major, minor }) =>
      buildSmbiosModule(xenBlob(s.map((x) => smbiosStructure(x.type, x.len, x.strings))), { version: { major, minor } }),
    ),
    fc.record({ n: fc.array(fc.integer({ min: 0, max: 64 }), { minLength: 1, maxLength: 3 }), root: fc.integer({ min: 0, max: 3 }) }).map(({ n, root }) =>
      buildAcpiModule(Uint8Array.from(n.flatMap((l) => [...acpiTable('SSDT', l)])), root),
    ),
    fc.record({ v: fc.integer({ min: 0, max: 0xffff }), d: fc.integer({ min: 0, max: 0xffff }), c: fc.integer({ min: 0, max: 0xffffff }), mode: fc.constantFrom(0 as const, 1 as const), p: bytesArb(40) }).map((x) =>
      buildOromModule(x.p, { vendorId: x.v, deviceId: x.d, classCode: x.c, mode: x.mode }),
    ),
    metaEntries.map((e) => buildMetaModule(e)),
    fc.record({ ...common, type: fc.integer({ min: 5, max: 0xffff }), signature: fc.stringMatching(/^[ -~]{4}$/), th: fc.integer({ min: 0, max: 3 }), payload: bytesArb(30) }).map(
      (x): Module => ({ kind: 'unknown', type: x.type, signature: x.signature, revision: x.revision, flags: x.flags, typeHeader: new Uint8Array(x.th * 8).fill(3), payload: x.payload }),
    ),
  );
  const setArb = fc.record({ formatMinor: fc.integer({ min: 0, max: 0xffff }), flags: fc.integer({ min: 0, max: 0xffff }), modules: fc.array(moduleArb, { maxLength: 5 }) });

  it('decode(encode(x)) deep-equals x', () => {
    fc.assert(
      fc.property(setArb, (set) => {
        const bytes = encodeModuleSet(set);
        expect(bytes.length % 16).toBe(0);
        expect(checksum8(bytes, 0, 32)).toBe(0);
        expect(decodeModuleSet(bytes, { allowUnknownCritical: true }).set).toEqual(set);
      }),
      { numRuns: 200 },
    );
  });

  it('mutated and truncated sets only ever give FormatErrors or findings', () => {
    fc.assert(
      fc.property(setArb, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), fc.nat(), (set, edits, cut) => {
        const bytes = encodeModuleSet(set);
        for (const [at, v] of edits) bytes[at % bytes.length] = v;
        const variants = [bytes, bytes.subarray(0, cut % (bytes.length + 1))];
        for (const b of variants) {
          try {
            decodeModuleSet(b);
          } catch (e) {
            expect(isFormatError(e)).toBe(true);
          }
          const r = verifyModuleSet(b);
          expect(r.decoded !== null || r.findings.some((f) => f.severity === 'error')).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('random bytes never crash the decoder', () => {
    fc.assert(
      fc.property(bytesArb(200), (b) => {
        const withSig = Uint8Array.from([0x48, 0x56, 0x4d, 0x4d, 0x4f, 0x44, 0x53, 0x00, ...b]);
        for (const x of [b, withSig]) {
          try {
            decodeModuleSet(x);
          } catch (e) {
            expect(isFormatError(e)).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('hand-off', () => {
  it('describes xenstore keys, ECX:EDX and the start-info entry', () => {
    const h = describeHandoff(0x200000n, 0x1230);
    expect(handoffToJson(h)).toEqual({
      base: '0x200000',
      length: 0x1230,
      xenstore: { 'hvmloader/modules/address': '0x200000', 'hvmloader/modules/length': '0x1230' },
      registers: { ecx: '0x0', edx: '0x200000' },
      startInfo: { name: 'modules', paddr: '0x200000', size: '0x1230', cmdlinePaddr: '0x201230', entry: '00002000000000003012000000000000301220000000000000000000000000000'.slice(0, 64) },
    });
    expect(h.startInfo.nameBytes).toEqual(Uint8Array.of(0x6d, 0x6f, 0x64, 0x75, 0x6c, 0x65, 0x73, 0));
  });

  it.each<[string, bigint, number, string]>([
    ['a misaligned base', 0x200008n, 16, 'MISALIGNED'],
    ['a zero base', 0n, 16, 'MISALIGNED'],
    ['a set ending above 4 GiB', 0xfffff000n, 0x2000, 'OVERFLOW'],
  ])('rejects %s', (_n, base, len, code) => {
    expect(() => describeHandoff(base, len)).toThrow(expect.objectContaining({ code }));
  });

  it('puts the low half of the base in EDX', () => {
    expect(describeHandoff(0xeff00000n, 0x100).registers).toEqual({ ecx: 0, edx: 0xeff00000 });
  });
});
void AcpiRootFlags;
