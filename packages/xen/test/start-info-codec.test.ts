// hvm_start_info v0/v1, its module list and memory map, read back from a sparse guest image.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteReader, isFormatError } from '@hvmpack/bytes';
import { GuestMemory, HVM_START_MAGIC, MemmapType, decodeHvmStartInfo, decodeMemmapEntry, decodeModlistEntry, encodeHvmStartInfo, encodeMemmapEntry, encodeModlistEntry, encodeStartInfoSegment, readStartInfo, type HvmStartInfo } from '@hvmpack/xen';

const u64 = fc.bigInt({ min: 0n, max: 0xffffffffffffffffn });
const u32 = fc.integer({ min: 0, max: 0xffffffff });

const S = 0x3f0000n;
const memmap = [
  { addr: 0x100000n, size: 0x3ff00000n, type: MemmapType.Ram, reserved: 0 },
  { addr: 0xfc000000n, size: 0x4000000n, type: MemmapType.Reserved, reserved: 0 },
];

function xenSegment(): GuestMemory {
  const seg = encodeStartInfoSegment(S, { modules: [{ paddr: 0x1a0000n, size: 0x20000n, name: 'firmware' }], memmap });
  return new GuestMemory([{ address: S, bytes: seg }]);
}

describe('hvm_start_info', () => {
  it('is 40 bytes in v0 and 56 in v1, magic 78 c5 6e 33', () => {
    const v0: HvmStartInfo = { version: 0, flags: 0, nrModules: 0, modlistPaddr: 0n, cmdlinePaddr: 0n, rsdpPaddr: 0n };
    expect(encodeHvmStartInfo(v0)).toHaveLength(40);
    expect([...encodeHvmStartInfo({ ...v0, version: 1 }).subarray(0, 4)]).toEqual([0x78, 0xc5, 0x6e, 0x33]);
    expect(encodeHvmStartInfo({ ...v0, version: 1 })).toHaveLength(56);
    expect(HVM_START_MAGIC).toBe(0x336ec578);
  });

  it('lays out the segment as libxenguest does (xen.md §2.3)', () => {
    const mem = xenSegment();
    const seg = mem.segments[0]!.bytes;
    expect(seg.length).toBe(2168 + 2 * 24);
    const info = decodeHvmStartInfo(seg);
    expect(info).toEqual({ version: 1, flags: 0, nrModules: 1, modlistPaddr: S + 56n, cmdlinePaddr: 0n, rsdpPaddr: 0n, memmapPaddr: S + 2168n, memmapEntries: 2, reserved: 0 });
    const r = new ByteReader(seg);
    expect(decodeModlistEntry(r, 56)).toEqual({ paddr: 0x1a0000n, size: 0x20000n, cmdlinePaddr: S + 120n, reserved: 0n });
    expect(r.asciiAt(120, 9)).toBe('firmware\0');
  });

  it('reads the segment back, following every pointer, with no findings', () => {
    const v = readStartInfo(xenSegment(), S);
    expect(v.findings).toEqual([]);
    expect(v.modules.map((m) => m.name)).toEqual(['firmware']);
    expect(v.memmap).toEqual(memmap);
  });

  it.each<[string, (m: GuestMemory) => GuestMemory, string]>([
    ['a module above 4 GiB', () => new GuestMemory([{ address: S, bytes: encodeStartInfoSegment(S, { modules: [{ paddr: 0xfffff000n, size: 0x2000n, name: 'firmware' }], memmap: [] }) }]), 'ABOVE_4G'],
    ['three modules', () => new GuestMemory([{ address: S, bytes: encodeStartInfoSegment(S, { modules: ['a', 'b', 'c'].map((name, i) => ({ paddr: 0x200000n + BigInt(i) * 0x1000n, size: 16n, name })), memmap: [] }) }]), 'TOO_MANY_MODULES'],
    ['a repeated name', () => new GuestMemory([{ address: S, bytes: encodeStartInfoSegment(S, { modules: [{ paddr: 0x200000n, size: 1n, name: 'firmware' }, { paddr: 0x201000n, size: 1n, name: 'firmware' }], memmap: [] }) }]), 'DUPLICATE_NAME'],
    ['an unknown memory type', () => new GuestMemory([{ address: S, bytes: encodeStartInfoSegment(S, { modules: [], memmap: [{ addr: 0n, size: 4096n, type: 9, reserved: 0 }] }) }]), 'UNKNOWN_MEMMAP_TYPE'],
    ['overlapping memory ranges', () => new GuestMemory([{ address: S, bytes: encodeStartInfoSegment(S, { modules: [], memmap: [memmap[0]!, { ...memmap[0]!, addr: 0x200000n }] }) }]), 'OVERLAP'],
    ['a modlist outside guest memory', () => {
      const b = encodeStartInfoSegment(S, { modules: [{ paddr: 0x200000n, size: 1n, name: 'firmware' }], memmap: [] });
      new DataView(b.buffer).setUint32(16, 0x10000000, true);
      return new GuestMemory([{ address: S, bytes: b }]);
    }, 'TRUNCATED'],
  ])('reports %s', (_n, make, code) => {
    expect(readStartInfo(make(new GuestMemory()), S).findings.map((f) => f.code)).toContain(code);
  });

  it('throws BAD_SIGNATURE on a wrong magic, TRUNCATED on a short v1', () => {
    const b = encodeHvmStartInfo({ version: 1, flags: 0, nrModules: 0, modlistPaddr: 0n, cmdlinePaddr: 0n, rsdpPaddr: 0n });
    const bad = b.slice();
    bad[0] = 0;
    expect(() => decodeHvmStartInfo(bad)).toThrow(expect.objectContaining({ code: 'BAD_SIGNATURE', offset: 0 }));
    expect(() => decodeHvmStartInfo(b.subarray(0, 50))).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
    expect(() => readStartInfo(new GuestMemory(), S)).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
  });

  it('refuses overlapping guest memory segments', () => {
    expect(() => new GuestMemory([{ address: 0x1000n, bytes: new Uint8Array(0x100) }, { address: 0x10f0n, bytes: new Uint8Array(16) }])).toThrow(expect.objectContaining({ code: 'OVERFLOW' }));
  });

  it('decode(encode(x)) deep-equals x for the struct and both entries', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), u32, u32, u64, u64, u64, u64, u32, u32, (version, flags, nr, ml, cl, rsdp, mm, mme, res) => {
        const x: HvmStartInfo = { version, flags, nrModules: nr, modlistPaddr: ml, cmdlinePaddr: cl, rsdpPaddr: rsdp };
        if (version >= 1) Object.assign(x, { memmapPaddr: mm, memmapEntries: mme, reserved: res });
        expect(decodeHvmStartInfo(encodeHvmStartInfo(x))).toEqual(x);
      }),
    );
    fc.assert(fc.property(u64, u64, u64, u64, (paddr, size, cmdlinePaddr, reserved) => {
      const e = { paddr, size, cmdlinePaddr, reserved };
      expect(decodeModlistEntry(new ByteReader(encodeModlistEntry(e)))).toEqual(e);
    }));
    fc.assert(fc.property(u64, u64, u32, u32, (addr, size, type, reserved) => {
      const e = { addr, size, type, reserved };
      expect(decodeMemmapEntry(new ByteReader(encodeMemmapEntry(e)))).toEqual(e);
    }));
  });

  it('mutated segments give findings or FormatErrors only', () => {
    const seg = xenSegment().segments[0]!.bytes;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 160 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), (edits) => {
        const b = seg.slice();
        for (const [at, v] of edits) b[at] = v;
        try {
          readStartInfo(new GuestMemory([{ address: S, bytes: b }]), S);
        } catch (e) {
          expect(isFormatError(e)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
