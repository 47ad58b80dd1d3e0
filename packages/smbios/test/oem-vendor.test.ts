import { describe, expect, it } from 'vitest';
import { buildStructure, encodeTyped, formatWithFindings, oemContext, OemVendor, type RawStructure, type StructureSpec } from '@hvmpack/smbios';

const V = { major: 3, minor: 2 };

/** A type 1 whose Manufacturer and Product Name are string numbers `mi` and `pi`. */
function system(strings: string[], mi = 1, pi = 2, offset = 0): RawStructure {
  return { ...buildStructure({ type: 1, data: Uint8Array.from([mi, pi, 0, 0]), strings }), offset };
}

function raw(spec: StructureSpec, offset: number): RawStructure {
  return { ...buildStructure(spec), offset };
}

describe('oemContext picks the vendor as dmidecode 3.4 does', () => {
  // [manufacturer, product, vendor (undefined: no decoders), HP generation]
  it.each([
    ['HP', 'ProLiant DL380 Gen10 Plus', OemVendor.Hp, 11],
    ['HPE', 'ProLiant DL380 Gen10', OemVendor.Hpe, 10],
    ['HP', 'ProLiant BL460c Gen8', OemVendor.Hp, 8],
    ['Hewlett-Packard', 'ProLiant DL360 G7', OemVendor.Hp, 7],
    ['Hewlett-Packard', 'ProLiant DL360 G6', OemVendor.Hp, 6],
    ['HP', 'ProLiant ML350', OemVendor.Hp, 6],
    ['Hewlett Packard Enterprise', 'Apollo 6500', OemVendor.Hpe, 11],
    ['HPE', 'Edgeline EL8000 Gen9', OemVendor.Hpe, 9],
    ['HP', 'EliteDesk 800 G6', OemVendor.Hp, -1],
    ['HP', 'proliant dl380 gen9', OemVendor.Hp, -1],
    ['Acer  ', 'Aspire', OemVendor.Acer, -1],
    ['IBM', 'x3650', OemVendor.Ibm, -1],
    ['LENOVO', 'ThinkPad', OemVendor.Lenovo, -1],
    ['Lenovo', 'ThinkPad', undefined, -1],
    [' LENOVO', 'ThinkPad', undefined, -1],
    ['LENOVO\t', 'ThinkPad', undefined, -1],
    ['Dell Inc.', 'PowerEdge', undefined, -1],
  ] as Array<[string, string, OemVendor | undefined, number]>)('%j %j', (maker, product, vendor, gen) => {
    const ctx = oemContext([system([maker, product])], V);
    expect(ctx?.vendor).toBe(vendor);
    if (ctx) expect([ctx.product, ctx.hpGeneration]).toEqual([product, gen]);
  });

  it('reads string number 0 as the first string, as dmidecode\'s unfiltered lookup does', () => {
    expect(oemContext([system(['LENOVO', 'x'], 0, 0)], V)).toMatchObject({ vendor: OemVendor.Lenovo, product: 'LENOVO' });
  });

  it('finds no vendor behind a string number past the set', () => {
    expect(oemContext([system(['LENOVO'], 2, 1)], V)).toBeUndefined();
  });

  it('keeps the last known vendor but the last product', () => {
    const ctx = oemContext([system(['HPE', 'ProLiant DL20 Gen9'], 1, 2, 0), system(['Other', 'Box'], 1, 2, 40)], V);
    expect([ctx?.vendor, ctx?.product, ctx?.hpGeneration]).toEqual([OemVendor.Hpe, 'Box', -1]);
  });

  it('ignores a type 1 shorter than 6 bytes', () => {
    expect(oemContext([raw({ type: 1, data: Uint8Array.from([1]), strings: ['LENOVO'] }, 0)], V)).toBeUndefined();
  });

  it('takes the CPUID layout from the first type 4 that has one', () => {
    const cpu = (family: number, offset: number): RawStructure => raw(encodeTyped(4, { processorFamily: family, processorUpgrade: 1 }), offset);
    // 0x02 (Unknown) with no version string gives none; 0x6B is AMD, 0xB3 Intel (5 and 6: CpuidType).
    const ctx = oemContext([system(['HP', 'ProLiant Gen9']), cpu(0x02, 40), cpu(0x6b, 80), cpu(0xb3, 120)], V);
    expect(ctx?.cpuid).toBe(6);
  });

  it('numbers port-less HP type 233 records in table order', () => {
    const nic = (length: number, port: number, offset: number): RawStructure => {
      const data = new Uint8Array(length - 4);
      if (length > 0x28) data[0x28 - 4] = port;
      return raw({ type: 233, data }, offset);
    };
    const ctx = oemContext([system(['HPE', 'ProLiant Gen9']), nic(0x0e, 0, 100), nic(0x0d, 0, 200), nic(0x29, 3, 300), nic(0x29, 0xff, 400)], V);
    expect([...ctx!.nicNumbers]).toEqual([
      [100, 1],
      [400, 2],
    ]);
  });
});

describe('formatWithFindings with an OEM context', () => {
  const lenovo = oemContext([system(['LENOVO', 'T480'])], V);
  // 0x16 bytes: version at 0x04, the 128 feature bits at 0x05–0x14 (bit 127, diagnostics, set).
  const tvt = buildStructure({ type: 131, data: Uint8Array.from([1, ...new Array<number>(15).fill(0), 0x80, 0]), strings: ['TVT-Enablement'] });

  it('prints the vendor decoder only when given the context', () => {
    expect(formatWithFindings(tvt, V, undefined, lenovo).lines).toEqual(['ThinkVantage Technologies', '\tVersion: 1', '\tDiagnostics: Available']);
    expect(formatWithFindings(tvt, V).lines[0]).toBe('OEM-specific Type');
  });

  it('falls back to the generic view, with no finding, for a type 131 without strings', () => {
    const bare = buildStructure({ type: 131, data: new Uint8Array(0x12) });
    const r = formatWithFindings(bare, V, undefined, lenovo);
    expect([r.lines[0], r.findings]).toEqual(['OEM-specific Type', []]);
  });
});
