import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ELF, ElfErrorCode, buildElf32, decodeElf32 } from '@hvmpack/layout';
import { which } from '../../../test/support/env.js';
import { errorCodeAt as thrown } from '../../../test/support/errors.js';

// A loader like hvmloader: text at 0x100000, data with .bss behind it.
const text = new Uint8Array(0x1800).fill(0x90);
const data = new Uint8Array(0x200).fill(0xaa);
const image = buildElf32({
  entry: 0x100000,
  segments: [
    { paddr: 0x100000, data: text },
    { paddr: 0x102000, data, memSize: 0x5000, flags: ELF.PF_R | ELF.PF_W },
  ],
});

describe('decodeElf32 on our own writer', () => {
  it('reads the load segments, entry and .bss', () => {
    const img = decodeElf32(image);
    expect(img.entry).toBe(0x100000n);
    expect(img.machine).toBe(ELF.EM_386);
    expect(img.segments.map((s) => [s.paddr, s.fileSize, s.memSize])).toEqual([
      [0x100000n, 0x1800n, 0x1800n],
      [0x102000n, 0x200n, 0x5000n],
    ]);
    expect(img.pstart).toBe(0x100000n);
    expect(img.pend).toBe(0x107000n); // end of .bss, not of the file bytes
    expect(img.fileSize).toBe(0x1a00n);
    expect(img.memSize).toBe(0x6800n);
  });

  it('places by p_paddr, not p_vaddr (libelf elf_parse_binary)', () => {
    const img = decodeElf32(buildElf32({ segments: [{ paddr: 0x100000, vaddr: 0xc0100000, data: text }] }));
    expect([img.pstart, img.pend]).toEqual([0x100000n, 0x101800n]);
  });

  it('ignores PT_LOAD headers with no R/W/X flag (elf_phdr_is_loadable)', () => {
    const img = decodeElf32(buildElf32({ segments: [{ paddr: 0x100000, data: text }, { paddr: 0x900000, data, flags: 0 }] }));
    expect(img.pend).toBe(0x101800n);
  });

  it('accepts non-Xen notes (GNU build id)', () => {
    const img = decodeElf32(buildElf32({ segments: [{ paddr: 0x100000, data: text }], notes: [{ name: 'GNU', type: 3, desc: new Uint8Array(20) }] }));
    expect(img.segments).toHaveLength(1);
  });
});

describe('rejections (what libxenguest rejects)', () => {
  const elf64 = new Uint8Array(64);
  elf64.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  const xenNoted = buildElf32({ segments: [{ paddr: 0x100000, data: text }], notes: [{ name: 'Xen', type: 18, desc: new Uint8Array(4) }] });
  const truncated = image.slice(0, 0x900);
  const noLoad = buildElf32({ segments: [] });
  const bigEndian = image.slice();
  bigEndian[5] = 2;
  const fileOverMem = buildElf32({ segments: [{ paddr: 0x100000, data: text, memSize: 0x100 }] });
  it.each([
    ['ELF64 header', elf64, ElfErrorCode.Not32Bit, 4],
    ['PE file', new TextEncoder().encode('MZ\x90\x00 not an elf at all....'), ElfErrorCode.NotElf, 0],
    ['ELF32 with a Xen PT_NOTE', xenNoted, ElfErrorCode.XenNotes, 0x74],
    ['ELF32 cut before its first segment', truncated, 'TRUNCATED', 0x900], // the byte layer reports the data end
    ['ELF32 without program headers', noLoad, ElfErrorCode.NoLoadSegment, 28],
    ['big-endian ELF32', bigEndian, ElfErrorCode.NotLittleEndian, 5],
    ['segment with p_filesz > p_memsz', fileOverMem, 'BAD_VALUE', 52 + 16],
  ] as const)('rejects %s', (_name, bytes, code, offset) => {
    expect(thrown(() => decodeElf32(bytes))).toEqual({ code, offset });
  });

  it('accepts Xen notes when asked not to reject them', () => {
    expect(decodeElf32(xenNoted, { rejectXenNotes: false }).pstart).toBe(0x100000n);
  });
});

// Any ELF32 executable a Debian package ships (valgrind's x86 tools, perf's vdso32 reader).
const CANDIDATES = ['/usr/libexec/valgrind/none-x86-linux', '/usr/libexec/valgrind/memcheck-x86-linux', '/usr/lib/perf-core/perf-read-vdso32'];
const realElf = CANDIDATES.find((p) => existsSync(p));
const readelf = which('readelf');

describe('a real ELF32 file from this machine', () => {
  if (!realElf) console.warn('[skip] no ELF32 executable found on this machine');
  it.skipIf(!realElf)('reads its load segments and .bss like readelf -l', () => {
    const img = decodeElf32(readFileSync(realElf!));
    expect(img.segments.length).toBeGreaterThan(0);
    expect(img.memSize).toBeGreaterThanOrEqual(img.fileSize);
    if (!readelf) return console.warn('[skip] readelf not installed: checked structure only');
    const out = spawnSync(readelf, ['-lW', realElf!], { encoding: 'utf8', timeout: 10_000, maxBuffer: 1 << 20 }).stdout;
    const loads = out
      .split('\n')
      .filter((l) => /^\s*LOAD\s/.test(l))
      .map((l) => l.trim().split(/\s+/))
      .map((f) => [BigInt(f[3]!), BigInt(f[4]!), BigInt(f[5]!)]);
    expect(img.segments.map((s) => [s.paddr, s.fileSize, s.memSize])).toEqual(loads);
  });
});
