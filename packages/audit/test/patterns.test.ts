// Free-text classes, placeholders and masking, case by case; and the inventory of arbitrary
// structures and tables never throws anything but our error class.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFormatError } from '@hvmpack/bytes';
import { decodeAcpiInput } from '@hvmpack/acpi';
import { decodeSmbios } from '@hvmpack/smbios';
import { inventory, isPlaceholder, maskValue, matchText } from '../src/index.js';
import { msdmBody } from './planted-host.js';

describe('matchText', () => {
  it.each<[string, string | undefined, string?]>([
    ['mgmt 02:11:22:33:44:55', 'mac-address', '02:11:22:33:44:55'],
    ['MAC=AA-BB-CC-DD-EE-0F', 'mac-address', 'AA-BB-CC-DD-EE-0F'],
    ['nic 0a1b.2c3d.4e5f', 'mac-address', '0a1b.2c3d.4e5f'],
    ['owner jane.doe+it@corp.example.org', 'email', 'jane.doe+it@corp.example.org'],
    ['node7.rack3.example', 'hostname', 'node7.rack3.example'],
    ['12[www.dell.com]', 'hostname', 'www.dell.com'],
    ['BIOS.ROM', undefined],
    ['3[1.0]', undefined],
    ['17[B85DD5313CC8D460]', 'serial-like', 'B85DD5313CC8D460'],
    ['90NB08T5-M04040', 'serial-like', '90NB08T5-M04040'],
    ['ticket 2048573619', 'serial-like', '2048573619'],
    ['Dell System', undefined],
    ['ME Firmware Version', undefined],
    ['Default string', undefined],
    ['FFFFFFFFFFFFFFFF', undefined],
    // Lenovo firmware image IDs (OEM type 140, type 0 BIOS version) name a build, not a machine.
    ['N22HT26W', undefined],
    ['G1HT29WW', undefined],
    ['N2IHT36W', undefined],
    ['N22ET52W (1.29 )', undefined],
    // One character off that shape, a token is serial-like again.
    ['N22HT26WX', 'serial-like', 'N22HT26WX'],
    ['N22HT26X', 'serial-like', 'N22HT26X'],
    ['N22HX26W', 'serial-like', 'N22HX26W'],
    ['n22ht26w', 'serial-like', 'n22ht26w'],
    ['PF1ABC2W', 'serial-like', 'PF1ABC2W'],
  ])('%j → %s', (text, cls, match) => {
    const m = matchText(text);
    expect(m?.class).toBe(cls);
    if (match !== undefined) expect(m?.match).toBe(match);
  });
});

describe('isPlaceholder', () => {
  it.each<[string, 'string' | 'uuid', boolean]>([
    ['To Be Filled By O.E.M.', 'string', true],
    ['to be filled by o.e.m', 'string', true],
    ['Default string', 'string', true],
    ['  Not Specified ', 'string', true],
    ['0123456789', 'string', true],
    ['00000000', 'string', true],
    ['ÿÿÿÿÿÿÿÿ', 'string', true],
    ['          ', 'string', true],
    ['PC131TBF', 'string', false],
    ['0', 'string', false],
    ['Not Settable', 'uuid', true],
    ['Not Present', 'uuid', true],
    ['03000200-0400-0500-0006-000700080009', 'uuid', true],
    ['161674cc-2a1e-11b2-a85c-e121881d01b9', 'uuid', false],
  ])('%j (%s) → %s', (v, kind, want) => {
    expect(isPlaceholder(v, kind)).toBe(want);
  });
});

describe('maskValue', () => {
  it.each([
    ['', ''],
    ['abc', '***'],
    ['SHRT1', 'S***1'],
    ['5CG1234XYZ', '5********Z'],
    ['161674cc-2a1e-11b2-a85c-e121881d01b9', '16********************************b9'],
  ])('%j → %j', (v, want) => {
    expect(maskValue(v)).toBe(want);
    expect(maskValue(v)).toHaveLength(v.length);
  });
});

describe('inventory robustness', () => {
  it('reads any table the SMBIOS decoder accepts, and any MSDM or SLIC, raising only FormatError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 600 }), fc.constantFrom('MSDM', 'SLIC', 'SSDT'), (junk, sig) => {
        for (const make of [() => decodeSmbios(junk), () => ({ smbios: null, acpi: decodeAcpiInput(tableOf(sig, junk), 'junk.bin') })]) {
          try {
            const v = make();
            const host = 'structures' in v ? { smbios: v } : v;
            const ids = inventory(host).identifiers;
            for (const id of ids) expect(id.bytes.length).toBe(id.place.length);
          } catch (e) {
            if (!isFormatError(e)) throw e;
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reports an MSDM whose data length runs past the table, and keeps the key bytes that are there', () => {
    const body = msdmBody('AAAAA-BBBBB-CCCCC-DDDDD-EEEEE').subarray(0, 30);
    const inv = inventory({ acpi: decodeAcpiInput(tableOf('MSDM', body), 'msdm.bin') });
    const key = inv.identifiers.find((i) => i.class === 'product-key');
    expect(key?.value).toBe('AAAAA-BBBB');
    expect(inv.findings.map((f) => f.code)).toContain('ACPI_MSDM_DATA_TRUNCATED');
  });
});

/** A table with a valid header (checksum fixed) around `body`. */
function tableOf(sig: string, body: Uint8Array): Uint8Array {
  const t = new Uint8Array(36 + body.length);
  t.set([...sig].map((c) => c.charCodeAt(0)), 0);
  new DataView(t.buffer).setUint32(4, t.length, true);
  t[8] = 1;
  t.set([0x50, 0x4c, 0x4e, 0x54, 0x20, 0x20], 10);
  t.set(body, 36);
  let sum = 0;
  for (const b of t) sum = (sum + b) & 0xff;
  t[9] = (0x100 - sum) & 0xff;
  return t;
}
