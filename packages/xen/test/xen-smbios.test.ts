// Every SMBIOS behaviour of xen.md §11 ("confirmed by running hvmloader's own code"), built in code.
import { describe, expect, it } from 'vitest';
import { memorySplit, parseXenVersion, resolveGuest, type Guest } from '@hvmpack/guest';
import { buildGuestSmbios, checkSmbiosBlob, decodeSmbiosBlob, encodeGuestDumpBin, SMBIOS_FIXED_WINDOW_MAX } from '@hvmpack/xen';
import { blobOf, cat, smbiosFormattedOfSize, smbiosOfSize, smbiosStructure } from './xen-fixtures.js';

const X421 = parseXenVersion('4.21');
const X420 = parseXenVersion('4.20');
const cfg = (p: Partial<Guest> = {}) => resolveGuest({ xen: X421, ...p });
const codes = (fs: { code: string }[]) => fs.map((f) => f.code);
const types = (g: ReturnType<typeof buildGuestSmbios>) => g.structures.map((s) => s.type);

/** A blob with one structure of every type hvmloader handles, each at its minimum length or more. */
function everyHandledType(): Uint8Array {
  return blobOf(
    smbiosFormattedOfSize(0, 26, 0x0010),
    smbiosFormattedOfSize(1, 29, 0x0011),
    smbiosFormattedOfSize(2, 17, 0x0012),
    smbiosFormattedOfSize(3, 24, 0x0013),
    smbiosFormattedOfSize(7, 21, 0x0014),
    smbiosFormattedOfSize(8, 11, 0x0015),
    smbiosFormattedOfSize(9, 19, 0x0016),
    smbiosStructure(11, 5, 0x0017, ['one']),
    smbiosFormattedOfSize(22, 28, 0x0018),
    smbiosFormattedOfSize(26, 22, 0x0019),
    smbiosFormattedOfSize(27, 16, 0x001a),
    smbiosFormattedOfSize(28, 22, 0x001b),
    smbiosFormattedOfSize(39, 24, 0x001c),
    smbiosStructure(200, 6, 0x0050),
    smbiosStructure(4, 26, 0x0060),
    smbiosStructure(17, 21, 0x0061),
    smbiosStructure(5, 6, 0x0062),
    smbiosStructure(222, 6, 0x0051),
  );
}

describe('guest SMBIOS table order and handles (xen.md §11)', () => {
  it('an empty blob gives hvmloader\'s own table: 0, 1, 3, 4, 11, 16, 17, 19, 20, 32, 127', () => {
    const g = buildGuestSmbios(null, cfg());
    expect(types(g)).toEqual([0, 1, 3, 4, 11, 16, 17, 19, 20, 32, 127]);
    expect(g.structures.map((s) => s.handle)).toEqual([0, 0x100, 0x300, 0x401, 0xb00, 0x1000, 0x1100, 0x1300, 0x1400, 0x2000, 0x7f00]);
    expect(g.entryPoint).toMatchObject({ anchor: '_SM_', length: 0x1f, major: 2, minor: 4, structureCount: 11, bcdRevision: 0x24 });
  });

  it('puts one type 4 per vCPU (0x0401…) and one 17/19/20 set per 16 GiB', () => {
    const g = buildGuestSmbios(null, cfg({ vcpus: 3, memoryMiB: 40960 }));
    expect(g.structures.filter((s) => s.type === 4).map((s) => s.handle)).toEqual([0x401, 0x402, 0x403]);
    expect(g.structures.filter((s) => s.type === 17).map((s) => s.handle)).toEqual([0x1100, 0x1101, 0x1102]);
    const sizes = g.structures.filter((s) => s.type === 17).map((s) => s.bytes[12]! | (s.bytes[13]! << 8));
    expect(sizes).toEqual([16384, 16384, 8192]);
    expect(types(g).slice(7, 16)).toEqual([16, 17, 19, 20, 17, 19, 20, 17, 19]);
  });

  it('orders a full blob 0,1,2,3,4,7,8,9,11,16,17,19,20,22,26,27,28,32,39,OEM…,127 with handles N<<8', () => {
    const g = buildGuestSmbios(everyHandledType(), cfg());
    expect(types(g)).toEqual([0, 1, 2, 3, 4, 7, 8, 9, 11, 16, 17, 19, 20, 22, 26, 27, 28, 32, 39, 200, 222, 127]);
    for (const s of g.structures.filter((x) => x.source === 'pass-through' && x.type < 128)) expect(s.handle).toBe(s.type << 8);
    // OEM handles are never changed.
    expect(g.structures.filter((s) => s.type >= 128).map((s) => s.handle)).toEqual([0x50, 0x51]);
    // Types 4, 17 and 5 from the blob are ignored: 4 and 17 are generated, 5 is not handled.
    expect(g.fates.filter((f) => f.fate !== 'used').map((f) => [f.type, f.fate])).toEqual([[4, 'generated-only'], [17, 'generated-only'], [5, 'not-handled']]);
  });

  it('Xen 4.20 ignores 7, 8, 9, 26, 27, 28 and reports them', () => {
    const r = checkSmbiosBlob(everyHandledType(), cfg({ xen: X420 }));
    expect(types(r.guest)).toEqual([0, 1, 2, 3, 4, 11, 16, 17, 19, 20, 22, 32, 39, 200, 222, 127]);
    expect(r.findings.filter((f) => f.code === 'XEN_SMBIOS_TYPE_NEEDS_XEN_4_21')).toHaveLength(6);
  });
});

describe('first structure of each handled type only', () => {
  it('uses the first type 9 and reports the second', () => {
    const first = smbiosFormattedOfSize(9, 19, 0x90);
    const second = smbiosFormattedOfSize(9, 19, 0x91);
    second[5] = 0x77;
    const r = checkSmbiosBlob(blobOf(first, second), cfg());
    const t9 = r.guest.structures.filter((s) => s.type === 9);
    expect(t9).toHaveLength(1);
    expect(t9[0]!.blobIndex).toBe(0);
    expect(r.findings.find((f) => f.code === 'XEN_SMBIOS_DUPLICATE_IGNORED')?.path).toBe('smbiosBlob.records[1]');
  });

  it('a too-short first instance shadows a long enough second one', () => {
    const g = buildGuestSmbios(blobOf(smbiosFormattedOfSize(1, 10, 1), smbiosFormattedOfSize(1, 40, 2)), cfg());
    const t1 = g.structures.find((s) => s.type === 1)!;
    expect(t1.source).toBe('generated');
  });
});

describe('minimum separator lengths (Xen 4.21+)', () => {
  const mins: [number, number, 'generated' | 'omitted'][] = [
    [0, 24, 'generated'], [1, 27, 'generated'], [2, 8, 'omitted'], [3, 12, 'generated'], [7, 19, 'omitted'], [8, 9, 'omitted'],
    [9, 13, 'omitted'], [11, 5, 'generated'], [22, 26, 'omitted'], [26, 20, 'omitted'], [27, 12, 'omitted'], [28, 20, 'omitted'], [39, 16, 'omitted'],
  ];
  it.each(mins)('type %i: %i bytes taken, one less falls back (%s)', (type, min, fallback) => {
    const ok = buildGuestSmbios(blobOf(smbiosFormattedOfSize(type, min, 0x4242)), cfg());
    expect(ok.structures.find((s) => s.type === type)?.source).toBe('pass-through');
    const short = smbiosFormattedOfSize(type, min - 1, 0x4242);
    const r = checkSmbiosBlob(blobOf(short), cfg());
    const got = r.guest.structures.find((s) => s.type === type);
    if (fallback === 'generated') expect(got?.source).toBe('generated');
    else expect(got).toBeUndefined();
    expect(codes(r.findings)).toContain('XEN_SMBIOS_TOO_SHORT');
    // Before 4.21 any non-zero length was taken.
    const old = buildGuestSmbios(blobOf(short), cfg({ xen: X420 }));
    if ([0, 1, 2, 3, 11, 22, 39].includes(type)) expect(old.structures.find((s) => s.type === type)?.source).toBe('pass-through');
  });

  it('compares the separator length, not header.length: a short formatted area with long strings passes', () => {
    // Type 1 with an 8-byte formatted area but 30 bytes with strings: 4.21 takes it.
    const s = smbiosStructure(1, 8, 0x77, ['abcdefghij', 'klmnopqrst']);
    expect(s.length).toBeGreaterThanOrEqual(27);
    const g = buildGuestSmbios(blobOf(s), cfg());
    expect(g.structures[1]).toMatchObject({ type: 1, source: 'pass-through', length: 8, handle: 0x100 });
  });
});

describe('type 2 chassis handle rewrite', () => {
  const board = (hlen: number, chassis: number) => {
    const s = smbiosFormattedOfSize(2, hlen + 2, 0x22);
    s[11] = chassis & 0xff;
    s[12] = chassis >> 8;
    return s;
  };
  it.each([
    ['4.21', 13, 0x1234, 0x0300],
    ['4.21', 15, 0x1234, 0x0300],
    ['4.21', 13, 0x0000, 0x0000],
    ['4.20', 13, 0x1234, 0x1234],
    ['4.20', 15, 0x1234, 0x0300],
  ])('Xen %s, header length %i, chassis %i → %i', (xen, hlen, chassis, want) => {
    const g = buildGuestSmbios(blobOf(board(hlen, chassis)), cfg({ xen: parseXenVersion(xen) }));
    const t2 = g.structures.find((s) => s.type === 2)!;
    expect(t2.bytes[11]! | (t2.bytes[12]! << 8)).toBe(want);
    expect(t2.handle).toBe(0x200);
  });
});

describe('OEM structures', () => {
  it('an OEM handle 0x0000 collides with the generated type 0 (ThinkPad T480 case)', () => {
    const r = checkSmbiosBlob(blobOf(smbiosStructure(222, 6, 0x0000)), cfg());
    expect(r.guest.structures.filter((s) => s.handle === 0)).toHaveLength(2);
    expect(r.findings.find((f) => f.code === 'XEN_SMBIOS_OEM_HANDLE_COLLISION')?.offset).toBe(0);
  });

  it('an OEM handle equal to a per-vCPU type 4 handle collides only when that vCPU exists', () => {
    const blob = blobOf(smbiosStructure(130, 6, 0x0402));
    expect(codes(checkSmbiosBlob(blob, cfg({ vcpus: 1 })).findings)).not.toContain('XEN_SMBIOS_OEM_HANDLE_COLLISION');
    expect(codes(checkSmbiosBlob(blob, cfg({ vcpus: 2 })).findings)).toContain('XEN_SMBIOS_OEM_HANDLE_COLLISION');
  });

  it('counts all OEM structures as one: with three, count readers miss the third and type 127', () => {
    const blob = blobOf(smbiosOfSize(130, 40, 0x8001), smbiosOfSize(131, 40, 0x8002), smbiosOfSize(132, 40, 0x8003));
    const r = checkSmbiosBlob(blob, cfg());
    const g = r.guest;
    expect(g.structures).toHaveLength(14);
    expect(g.entryPoint!.structureCount).toBe(12);
    expect(g.visibleToCountReaders).toBe(12);
    const seen = g.structures.slice(0, g.visibleToCountReaders).map((s) => s.type);
    expect(seen.slice(-2)).toEqual([130, 131]);
    expect(seen).not.toContain(127);
    // max_structure_size is the OEM block's combined size.
    expect(g.entryPoint!.maxStructureSize).toBe(3 * 40);
    expect(r.findings.find((f) => f.code === 'XEN_SMBIOS_COUNT_QUIRK')?.message).toContain('will not see 2 structure');
  });

  it('one OEM structure does not trigger the count quirk', () => {
    const r = checkSmbiosBlob(blobOf(smbiosStructure(130, 6, 0x8001)), cfg());
    expect(r.guest.visibleToCountReaders).toBe(r.guest.structures.length);
    expect(codes(r.findings)).not.toContain('XEN_SMBIOS_COUNT_QUIRK');
  });
});

describe('size limits', () => {
  const baseline = (c: Guest) => buildGuestSmbios(null, c).tableLength;
  it.each(['ovmf', 'rombios'] as const)('%s: a 20,449-byte table works, one byte more gives no entry point', (firmware) => {
    const c = cfg({ firmware });
    const room = SMBIOS_FIXED_WINDOW_MAX - baseline(c);
    const fits = buildGuestSmbios(blobOf(smbiosOfSize(200, room, 0x8000)), c);
    expect(fits.tableLength).toBe(20449);
    expect(fits.entryPoint).toMatchObject({ address: 0xeb000, tableAddress: 0xeb01f });
    const r = checkSmbiosBlob(blobOf(smbiosOfSize(200, room + 1, 0x8000)), c);
    expect(r.guest.entryPoint).toBeNull();
    expect(r.findings.find((f) => f.code === 'XEN_SMBIOS_TOO_LARGE_FOR_FIRMWARE')?.severity).toBe('error');
  });

  it('seabios: no window limit, but the length and max size fields are truncated to 16 bits', () => {
    const c = cfg({ firmware: 'seabios' });
    const r = checkSmbiosBlob(blobOf(smbiosOfSize(200, 70000, 0x8000)), c);
    expect(r.guest.entryPoint).not.toBeNull();
    expect(r.guest.entryPoint!.tableLength).toBe(r.guest.tableLength & 0xffff);
    expect(r.guest.entryPoint!.maxStructureSize).toBe(70000 & 0xffff);
    expect(codes(r.findings).filter((c2) => c2 === 'XEN_SMBIOS_U16_TRUNCATION')).toHaveLength(2);
  });
});

describe('blob walk quirks', () => {
  it('reads 3 stray bytes after the last structure as a separator: a ~197 KB bogus type 0', () => {
    const blob = cat(blobOf(smbiosFormattedOfSize(1, 30, 1)), Uint8Array.of(0x00, 0x05, 0x03));
    const r = checkSmbiosBlob(blob, cfg());
    const tr = r.findings.find((f) => f.code === 'SMBIOS_BLOB_TRAILING_BYTES')!;
    expect(tr).toMatchObject({ severity: 'error', offset: 34 });
    const t0 = r.guest.structures[0]!;
    expect(t0).toMatchObject({ type: 0, source: 'pass-through', size: 0x030500 });
  });

  it('does not loop on a zero-length separator: compares the next separator\'s low byte as the type', () => {
    const t1 = smbiosFormattedOfSize(1, 27, 0x11);
    const blob = cat(Uint8Array.of(0, 0, 0, 0), blobOf(t1));
    const w = decodeSmbiosBlob(blob);
    expect(w.records.map((r) => [r.offset, r.length, r.type])).toEqual([[0, 0, 27], [4, 27, 1]]);
    expect(w.findings.find((f) => f.code === 'SMBIOS_BLOB_ZERO_LENGTH')?.offset).toBe(0);
    const g = buildGuestSmbios(blob, cfg());
    expect(g.structures[1]).toMatchObject({ type: 1, source: 'pass-through' });
    expect(g.fates.find((f) => f.blobIndex === 0)?.fate).toBe('too-short');
  });

  it('reports a length wrapping the 32-bit walk back onto itself as a hang, not a hang of ours', () => {
    const blob = cat(Uint8Array.of(0xfc, 0xff, 0xff, 0xff), new Uint8Array(8));
    const w = decodeSmbiosBlob(blob);
    expect(w.end).toBe('loop');
    expect(w.findings.find((f) => f.code === 'SMBIOS_BLOB_LOOP')?.offset).toBe(0);
  });

  it('does not allocate gigabytes on a blob of 0xFF bytes (every record wraps by 3 and overruns)', () => {
    const blob = new Uint8Array(3000).fill(0xff);
    const r = checkSmbiosBlob(blob, cfg());
    expect(r.guest.walk.records).toHaveLength(1000);
    expect(r.guest.table.length).toBeLessThan(4 << 20);
    expect(r.guest.modelCapped).toBe(true);
    expect(codes(r.findings)).toContain('SMBIOS_BLOB_OVERRUN');
  });

  it('copies junk after the double NUL into the guest table', () => {
    const s = cat(smbiosFormattedOfSize(200, 10, 0x8000), Uint8Array.of(1, 2, 3));
    const r = checkSmbiosBlob(blobOf(s), cfg());
    expect(r.guest.structures.find((x) => x.type === 200)?.size).toBe(13);
    expect(codes(r.findings)).toEqual(expect.arrayContaining(['SMBIOS_BLOB_JUNK_AFTER_STRUCTURE', 'XEN_SMBIOS_JUNK_COPIED']));
  });

  it('flags a separator running past the blob end', () => {
    const blob = cat(Uint8Array.of(100, 0, 0, 0), smbiosFormattedOfSize(200, 10, 1));
    const r = checkSmbiosBlob(blob, cfg());
    expect(r.findings.find((f) => f.code === 'SMBIOS_BLOB_OVERRUN')).toMatchObject({ severity: 'error', offset: 0 });
    expect(r.guest.structures.find((s) => s.type === 200)?.size).toBe(100);
  });
});

describe('bios-strings keys', () => {
  const strings = (g: ReturnType<typeof buildGuestSmbios>, type: number) => g.structures.find((s) => s.type === type)?.strings;
  it('feed the generated 0, 1, 3 and 11 and default to Xen values', () => {
    const g = buildGuestSmbios(null, cfg({
      uuid: '12345678-9abc-def0-1234-56789abcdef0',
      biosStrings: { 'bios-vendor': 'V', 'system-product-name': 'P', 'enclosure-manufacturer': 'E', 'oem-1': 'a', 'oem-2': 'b', 'oem-4': 'd' },
    }));
    expect(strings(g, 0)!.slice(0, 2)).toEqual(['V', '4.21.0']);
    expect(strings(g, 1)).toEqual(['Xen', 'P', '4.21.0', '12345678-9abc-def0-1234-56789abcdef0']);
    expect(strings(g, 3)).toEqual(['E']);
    // oem-N stops at the first missing key.
    expect(strings(g, 11)).toEqual(['a', 'b']);
  });

  it('type 11 defaults to the single string "Xen"', () => {
    expect(strings(buildGuestSmbios(null, cfg()), 11)).toEqual(['Xen']);
  });

  it('a pass-through structure beats the keys', () => {
    const g = buildGuestSmbios(blobOf(smbiosStructure(1, 27, 5, ['Host'])), cfg({ biosStrings: { 'system-manufacturer': 'Key' } }));
    expect(strings(g, 1)).toEqual(['Host']);
  });

  it.each([
    ['4.21', { 'baseboard-manufacturer': 'B' }, true],
    ['4.21', { 'baseboard-manufacturer': '' }, false],
    ['4.21', {}, false],
    ['4.12', { 'baseboard-manufacturer': 'B' }, false],
  ] as const)('Xen %s with %j: generated type 2 = %s', (xen, keys, present) => {
    const g = buildGuestSmbios(null, cfg({ xen: parseXenVersion(xen), biosStrings: keys }));
    expect(g.structures.some((s) => s.type === 2)).toBe(present);
  });

  it('generated type 22 appears only with default_battery', () => {
    expect(buildGuestSmbios(null, cfg({ defaultBattery: true })).structures.find((s) => s.type === 22)?.strings).toEqual(['Primary', 'Xen', '01/01/2025', 'XEN-VBAT']);
    expect(buildGuestSmbios(null, cfg()).structures.some((s) => s.type === 22)).toBe(false);
  });
});

describe('generated structures byte for byte (smbios_types.h layouts)', () => {
  const latin = (s: string) => [...s].map((c) => c.charCodeAt(0));
  const g = buildGuestSmbios(null, cfg({ memoryMiB: 1024 }));
  const bytesOf = (type: number) => Array.from(g.structures.find((s) => s.type === type)!.bytes);
  it.each([
    // type 0: vendor 1, version 2, segment 0xE800, date 3, ROM size 0, characteristics, ext 0x04, Xen 4.21, EC 0xFF 0xFF.
    [0, [0, 24, 0, 0, 1, 2, 0x00, 0xe8, 3, 0, 0x80, 0, 0x08, 0, 0, 0, 0, 0, 0, 0x04, 4, 21, 0xff, 0xff,
      ...latin('Xen\0'), ...latin('4.21.0\0'), ...latin('01/01/2025\0'), 0]],
    // type 16: location other, use system memory, multi-bit ECC, 1 GiB in KiB, no error handle, 1 device.
    [16, [16, 15, 0x00, 0x10, 1, 3, 6, 0x00, 0x00, 0x10, 0x00, 0xfe, 0xff, 1, 0, 0, 0]],
    // type 19: 0 .. 1 GiB − 1 KiB (in KiB), array 0x1000, partition width 1.
    [19, [19, 15, 0x00, 0x13, 0, 0, 0, 0, 0xff, 0xff, 0x0f, 0x00, 0x00, 0x10, 1, 0, 0]],
    [32, [32, 11, 0x00, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
    [127, [127, 4, 0x00, 0x7f, 0, 0]],
  ] as const)('type %i', (type, want) => {
    expect(bytesOf(type)).toEqual(want);
  });
});

describe('entry point and dump-bin', () => {
  it('writes a checksummed 31-byte _SM_ entry point with the table at 32', () => {
    const g = buildGuestSmbios(blobOf(smbiosStructure(130, 6, 0x8001), smbiosStructure(131, 6, 0x8002)), cfg());
    const bin = encodeGuestDumpBin(g)!;
    expect(String.fromCharCode(...bin.subarray(0, 4))).toBe('_SM_');
    expect(bin[5]).toBe(0x1f);
    expect(bin.subarray(0, 16).reduce((a, b) => a + b, 0) & 0xff).toBe(0);
    expect(bin.subarray(16, 31).reduce((a, b) => a + b, 0) & 0xff).toBe(0);
    expect(bin[24]! | (bin[25]! << 8)).toBe(32);
    expect(bin[28]! | (bin[29]! << 8)).toBe(g.entryPoint!.structureCount);
    expect(bin.length).toBe(32 + g.tableLength);
  });
});

describe('generated structures by Xen release (versions.ts)', () => {
  const at = (v: string, p: Partial<Guest> = {}) => buildGuestSmbios(null, resolveGuest({ xen: parseXenVersion(v), ...p }));
  const len = (g: ReturnType<typeof buildGuestSmbios>, type: number) => g.structures.find((s) => s.type === type)?.length;
  it.each([
    // 98df75f278 "hvmloader: add fields for SMBIOS 2.4 compliance" is in 4.10.
    ['4.3', 13, 26, 21],
    ['4.9', 13, 26, 21],
    ['4.10', 21, 35, 27],
    ['4.20', 21, 35, 27],
    ['4.23-dev', 21, 35, 27],
  ] as const)('Xen %s: type 3 is %i bytes, type 4 %i, type 17 %i', (v, t3, t4, t17) => {
    const g = at(v);
    expect([len(g, 3), len(g, 4), len(g, 17)]).toEqual([t3, t4, t17]);
  });

  it.each([
    // 4aa19549e1 (4.4): count only generators that wrote something. 4.3 counts 2, 22, 39 and the
    // OEM call even when they write nothing: 0 1 2 3 4 11 16 17 19 20 22 32 39 OEM 127 = 15 calls.
    ['4.3', 15],
    ['4.4', 11],
    // 4.21 adds six more generator calls (7, 8, 9, 26, 27, 28), which write nothing here.
    ['4.21', 11],
  ] as const)('Xen %s: an empty blob gives an entry-point count of %i', (v, n) => {
    const g = at(v);
    expect(g.structures).toHaveLength(11);
    expect(g.entryPoint!.structureCount).toBe(n);
  });

  it.each([
    ['4.12', false],
    ['4.13', true],
  ] as const)('Xen %s: a baseboard-* key generates type 2: %s (704caeb93c)', (v, generated) => {
    expect(types(at(v, { biosStrings: { 'baseboard-manufacturer': 'B' } })).includes(2)).toBe(generated);
  });

  it.each([
    ['4.9', 0],
    ['4.10', 2],
  ] as const)('Xen %s: enclosure-asset-tag is string %i of a generated type 3 (cd3ed39b9d)', (v, ref) => {
    const t3 = at(v, { biosStrings: { 'enclosure-asset-tag': 'TAG' } }).structures.find((s) => s.type === 3)!;
    expect(t3.bytes[8]).toBe(ref);
    expect(t3.strings.includes('TAG')).toBe(ref !== 0);
  });

  it('type 4 byte for byte (4.10+): processor ID EAX then EDX, MHz twice, cache handles 0xFFFF, manufacturer from the vendor ID', () => {
    const g = at('4.22', { cpu: { vendor: 'AuthenticAMD', signatureEax: 0x00a20f12, featuresEdx: 0x178bfbff, mhz: 3693 } });
    const latin = (s: string) => [...s].map((c) => c.charCodeAt(0));
    expect(Array.from(g.structures.find((s) => s.type === 4)!.bytes)).toEqual([
      4, 35, 0x01, 0x04, 1, 0x03, 0x01, 2, 0x12, 0x0f, 0xa2, 0x00, 0xff, 0xfb, 0x8b, 0x17, 0, 0, 0x00, 0x00,
      0x6d, 0x0e, 0x6d, 0x0e, 0x41, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0,
      ...latin('CPU 1\0'), ...latin('AMD\0'), 0,
    ]);
  });

  it.each([
    ['GenuineIntel', 'Intel'],
    ['AuthenticAMD', 'AMD'],
    ['HygonGenuine', 'unknown'],
  ])('CPUID vendor %s gives manufacturer %s', (vendor, name) => {
    expect(at('4.22', { cpu: { vendor, signatureEax: 0, featuresEdx: 0, mhz: 0 } }).structures.find((s) => s.type === 4)!.strings[1]).toBe(name);
  });

  it('type 1 carries the UUID bytes unswapped and its lower-case text as serial', () => {
    const t1 = at('4.22', { uuid: '5B0F2CBE-3C1A-4D2E-9F10-0123456789AB' }).structures.find((s) => s.type === 1)!;
    expect(Array.from(t1.bytes.subarray(8, 24))).toEqual([0x5b, 0x0f, 0x2c, 0xbe, 0x3c, 0x1a, 0x4d, 0x2e, 0x9f, 0x10, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab]);
    expect(t1.strings[3]).toBe('5b0f2cbe-3c1a-4d2e-9f10-0123456789ab');
  });

  it('the version string of --xen feeds type 0 and type 1; its numbers the release bytes', () => {
    const g = at('4.23-unstable');
    const t0 = g.structures.find((s) => s.type === 0)!;
    expect([t0.bytes[20], t0.bytes[21], t0.strings[1]]).toEqual([4, 23, '4.23-unstable']);
    expect(at('4.23-dev').structures.find((s) => s.type === 1)!.strings[2]).toBe('4.23-unstable');
  });

  it('20 GiB with 3840 MiB below 4 GiB: two 17/19/20 sets of 16384 and 4096 MiB, contiguous from 0', () => {
    const g = at('4.22', { memoryMiB: 20480, memoryBelow4GMiB: 3840 });
    const t17 = g.structures.filter((s) => s.type === 17).map((s) => s.bytes[12]! | (s.bytes[13]! << 8));
    const t19 = g.structures.filter((s) => s.type === 19).map((s) => [s.bytes.subarray(4, 8), s.bytes.subarray(8, 12)].map((b) => new DataView(b.buffer, b.byteOffset).getUint32(0, true)));
    expect(t17).toEqual([16384, 4096]);
    expect(t19).toEqual([[0, 16 * 1024 * 1024 - 1], [16 * 1024 * 1024, 20 * 1024 * 1024 - 1]]);
  });

  it('full-count dump-bin: only the count and the intermediate checksum covering it differ from hvmloader\'s entry point', () => {
    const g = buildGuestSmbios(blobOf(smbiosStructure(130, 6, 0x8001), smbiosStructure(131, 6, 0x8002)), cfg());
    const plain = encodeGuestDumpBin(g)!;
    const full = encodeGuestDumpBin(g, { fullCount: true })!;
    const differing = Array.from(plain.keys()).filter((i) => plain[i] !== full[i]);
    expect(differing).toEqual([0x15, 28]);
    expect(full[28]).toBe(g.structures.length);
    expect(plain[28]).toBe(g.structures.length - 1);
  });
});

describe('guest inputs (Guest fields)', () => {
  it.each([
    ['4.17.0', '4.17.0'],
    ['4.22', '4.22.0'],
    ['4.21.1-pre', '4.21.1-pre'],
    ['4.23-unstable', '4.23-unstable'],
    ['4.23-dev', '4.23-unstable'],
  ])('--xen %s is version string %s', (text, want) => {
    const v = parseXenVersion(text);
    expect(`${v.major}.${v.minor}${v.extra}`).toBe(want);
  });

  it.each(['4.2', 'xen', ''])('refuses Xen version %j with BAD_VALUE', (text) => {
    expect(() => parseXenVersion(text)).toThrow(expect.objectContaining({ code: 'BAD_VALUE' }));
  });

  it.each([
    [{ uuid: 'not-a-uuid' }],
    [{ memoryMiB: 4096, memoryBelow4GMiB: 4090 }],
    [{ memoryMiB: 1024, memoryBelow4GMiB: 2048 }],
  ])('resolveGuest refuses %o with BAD_VALUE', (p) => {
    expect(() => resolveGuest(p as Partial<Guest>)).toThrow(expect.objectContaining({ code: 'BAD_VALUE' }));
  });

  it.each([
    [1024, null, 1024, 0],
    [20480, null, 3840, 16640],
    [8192, 2048, 2048, 6144],
  ] as const)('%i MiB (below 4 GiB: %o) splits %i + %i', (memoryMiB, below, lo, hi) => {
    expect(memorySplit(resolveGuest({ memoryMiB, memoryBelow4GMiB: below }))).toEqual({ below4GMiB: lo, above4GMiB: hi });
  });
});

describe('point releases: backported changes (versions.ts backports)', () => {
  const at = (v: string, blob: Uint8Array | null, p: Partial<Guest> = {}) => buildGuestSmbios(blob, resolveGuest({ xen: parseXenVersion(v), ...p }));
  it.each([
    ['4.3.0', ['Xen']],
    ['4.3.1', ['one', 'two']],
    ['4.4.0', ['one', 'two']],
  ] as const)('Xen %s reads OEM strings %j for keys oem-1, oem-2 (4.3.0 asked for oem-01)', (v, want) => {
    const g = at(v, null, { biosStrings: { 'oem-1': 'one', 'oem-2': 'two' } });
    expect(g.structures.find((s) => s.type === 11)!.strings).toEqual(want);
  });

  it.each([
    ['4.3.0', 15],
    ['4.3.1', 11],
  ] as const)('Xen %s: empty-blob entry-point count %i', (v, n) => {
    expect(at(v, null).entryPoint!.structureCount).toBe(n);
  });

  it.each([
    ['4.18.6', false],
    ['4.19.3', false],
    ['4.19.4', true],
    ['4.20.1', false],
    ['4.20.2', true],
    ['4.21.0', true],
  ] as const)('Xen %s applies the minimum lengths: %s', (v, applied) => {
    // A 23-byte type 0 (one below the minimum) is taken without the length checks.
    const g = at(v, blobOf(smbiosFormattedOfSize(0, 23, 0x0010)));
    expect(g.structures[0]!.source).toBe(applied ? 'generated' : 'pass-through');
  });
});
