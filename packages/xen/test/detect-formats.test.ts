// detectFormats / inspectBytes: each known format recognised from its bytes, and no input crashes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '@hvmpack/bytes';
import { buildMetaModule, encodeModuleSet } from '@hvmpack/container';
import { buildHvmInfoTable, detectFormats, encodeHvmInfoTable, encodeHvmStartInfo, inspectBytes } from '@hvmpack/xen';

const ssdt = (body: number): Uint8Array =>
  new ByteWriter().ascii('SSDT').u32(36 + body).u8(2).u8(0).ascii('HVMPCK', 6).ascii('DETECT', 8, 0x20).u32(1).ascii('HVMP').u32(1).fill(body, 1).patchChecksum8(9).finish();

const type127 = Uint8Array.of(127, 4, 0xff, 0xff, 0, 0);
const xenSmbios = new ByteWriter().u32(type127.length).bytes(type127).finish();
const rawTable = Uint8Array.of(0, 24, 0, 0, ...new Array(20).fill(0), 0x41, 0, 0, ...type127);
const ep = new ByteWriter().ascii('_SM3_').fill(0x13).finish();

describe('detectFormats', () => {
  it.each<[string, Uint8Array, string]>([
    ['a module set', encodeModuleSet({ formatMinor: 0, flags: 0, modules: [buildMetaModule([])] }), 'hvmpack-module-set'],
    ['hvm_start_info', encodeHvmStartInfo({ version: 1, flags: 0, nrModules: 0, modlistPaddr: 0n, cmdlinePaddr: 0n, rsdpPaddr: 0n }), 'hvm-start-info'],
    ['hvm_info_table', encodeHvmInfoTable(buildHvmInfoTable({ nrVcpus: 1, lowMemBytes: 1n << 30n })), 'hvm-info-table'],
    ['a Xen SMBIOS blob', xenSmbios, 'xen-smbios-blob'],
    ['a raw SMBIOS structure table', rawTable, 'smbios'],
    ['one ACPI table', ssdt(4), 'acpi'],
    ['ACPI tables back to back', Uint8Array.from([...ssdt(4), ...ssdt(8)]), 'xen-acpi-blob'],
    ['acpidump text', new TextEncoder().encode('SSDT @ 0x0000000000000000\n  0000: 53 53 44 54 24 00 00 00 02 00 00 00 00 00 00 00  SSDT$...........\n'), 'acpi'],
    ['nothing', new Uint8Array(0), 'unknown'],
  ])('recognises %s', (_n, bytes, format) => {
    expect(detectFormats(bytes)[0]!.format).toBe(format);
  });

  it('ranks candidates by confidence', () => {
    for (const d of [detectFormats(ep), detectFormats(xenSmbios)]) {
      for (let i = 1; i < d.length; i++) expect(d[i - 1]!.confidence).toBeGreaterThanOrEqual(d[i]!.confidence);
    }
  });

  it('turns a decoder error on a matching signature into an error finding', () => {
    const b = encodeHvmInfoTable(buildHvmInfoTable({ nrVcpus: 1, lowMemBytes: 1n << 30n }));
    b[20]! ^= 1;
    const r = inspectBytes(b);
    expect(r.format).toBe('hvm-info-table');
    expect(r.findings.map((f) => [f.code, f.offset])).toEqual([['BAD_CHECKSUM', 12]]);
  });

  it('never throws on random bytes, with or without a known signature in front', () => {
    const prefixes = [new Uint8Array(), new TextEncoder().encode('HVMMODS\0'), Uint8Array.of(0x78, 0xc5, 0x6e, 0x33), new TextEncoder().encode('HVM INFO'), new TextEncoder().encode('SSDT'), new TextEncoder().encode('_SM_')];
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 300 }), (p, b) => {
        const r = inspectBytes(Uint8Array.from([...p, ...b]));
        expect(typeof r.format).toBe('string');
      }),
      { numRuns: 400 },
    );
  });
});
