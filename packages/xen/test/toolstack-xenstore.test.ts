// xenstore keys for hvmloader: libxl's formats, hvmloader's rules on bios-strings, the sh script.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveGuest } from '@hvmpack/guest';
import { buildTable, encodeTyped } from '@hvmpack/smbios';
import {
  absoluteEntries,
  biosStringsFromHost,
  checkXenstorePath,
  encodeSmbiosBlob,
  escapeXenstoreValue,
  formatXenstoreLines,
  guestHvmInfo,
  hvmInfoEntries,
  utf8Length,
  xenstoreEntries,
  xenstoreScript,
  type XenstoreEntry,
} from '@hvmpack/xen';

const dir = mkdtempSync(path.join(tmpdir(), 'hvmpack-xs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const valueOf = (entries: readonly XenstoreEntry[], p: string): string | undefined => entries.find((e) => e.path === p)?.value;
const codes = (f: readonly { code: string }[]): string[] => f.map((x) => x.code);

/**
 * What Xen 4.17's xenstore-write does to a value without -R, as observed with the real client
 * (test/toolstack-xenstore-client.test.ts): `\n \r \t \\ \xNN` decoded, other escapes lose the backslash.
 */
function unsanitise(s: string): string {
  let out = '';
  const named: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\' };
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\') {
      out += s[i];
      continue;
    }
    const c = s[i + 1];
    if (c !== undefined && named[c] !== undefined) {
      out += named[c];
      i++;
    } else if (c === 'x') {
      const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 2))!;
      out += String.fromCharCode(parseInt(m[0], 16));
      i += 1 + m[0].length;
    } else {
      out += c ?? '\\';
      i++;
    }
  }
  return out;
}

describe('xenstore keys', () => {
  it('writes the blob placements in libxl\'s formats and the platform switches', () => {
    const guest = resolveGuest({ acpiS4: false, tpm: 2, defaultBattery: true });
    const { entries, findings } = xenstoreEntries({ guest, acpi: { address: 0x12f000n, length: 0x1234 }, smbios: { address: 0x131000n, length: 0x800 } });
    expect(findings).toEqual([]);
    expect(entries.map((e) => `${e.path}=${e.value}`)).toEqual([
      'hvmloader/bios=seabios',
      'hvmloader/acpi/address=0x12f000',
      'hvmloader/acpi/length=0x1234',
      'hvmloader/smbios/address=0x131000',
      'hvmloader/smbios/length=0x800',
      'platform/acpi=1',
      'platform/acpi_s3=1',
      'platform/acpi_s4=0',
      'platform/acpi_laptop_slate=0',
      'platform/tpm_version=2',
      'hvmloader/smbios/default_battery=1',
    ]);
    // hvmloader parses with strtoll(s, NULL, 0): the values read back as the placement.
    expect(Number.parseInt(valueOf(entries, 'hvmloader/smbios/address')!, 16)).toBe(0x131000);
    expect(Number(valueOf(entries, 'hvmloader/acpi/length'))).toBe(0x1234);
  });

  it.each<[string, bigint, number, string]>([
    ['at address 0', 0n, 0x100, 'XENSTORE_ADDRESS_OUT_OF_RANGE'],
    ['past 4 GiB', 0xffff_f000n, 0x2000, 'XENSTORE_ADDRESS_OUT_OF_RANGE'],
  ])('reports a blob placed %s', (_n, address, length, code) => {
    expect(codes(xenstoreEntries({ guest: resolveGuest(), smbios: { address, length } }).findings)).toEqual([code]);
  });

  it('refuses a blob length that is not a u32', () => {
    for (const length of [1.5, -1, 2 ** 32]) {
      expect(() => xenstoreEntries({ guest: resolveGuest(), acpi: { address: 0x200000n, length } })).toThrow(expect.objectContaining({ code: 'BAD_VALUE' }));
    }
  });

  it('writes no keys for an empty blob, as libxl', () => {
    const { entries } = xenstoreEntries({ guest: resolveGuest(), smbios: { address: 0x131000n, length: 0 } });
    expect(entries.some((e) => e.path.startsWith('hvmloader/smbios/'))).toBe(false);
  });

  it.each<[string, Record<string, string>, string[], string[]]>([
    ['known keys, OEM strings in order', { 'oem-2': 'b', 'system-manufacturer': 'M', 'oem-1': 'a', 'bios-vendor': 'V' }, ['bios-vendor', 'system-manufacturer', 'oem-1', 'oem-2'], []],
    ['an OEM gap', { 'oem-1': 'a', 'oem-3': 'c' }, ['oem-1', 'oem-3'], ['XENSTORE_OEM_GAP']],
    ['oem-100', { 'oem-100': 'x' }, [], ['XENSTORE_TOO_MANY_OEM_STRINGS']],
    ['an unknown key', { 'system-uuid': 'x' }, [], ['XENSTORE_UNKNOWN_BIOS_STRING']],
    ['oem-01 (zero-padded)', { 'oem-01': 'x' }, [], ['XENSTORE_UNKNOWN_BIOS_STRING']],
    ['an empty value', { 'bios-vendor': '' }, [], ['XENSTORE_EMPTY_VALUE']],
    ['a NUL byte', { 'bios-vendor': 'a\0b' }, [], ['XENSTORE_VALUE_NUL']],
    ['a 4 KiB value', { 'bios-vendor': 'x'.repeat(4096) }, [], ['XENSTORE_VALUE_TOO_LONG']],
    ['a battery key without a battery', { 'battery-manufacturer': 'B' }, ['battery-manufacturer'], ['XENSTORE_KEY_UNUSED']],
  ])('bios-strings: %s', (_n, biosStrings, keys, findingCodes) => {
    const { entries, findings } = xenstoreEntries({ guest: resolveGuest({ biosStrings }) });
    expect(entries.filter((e) => e.path.startsWith('bios-strings/')).map((e) => e.path.slice(13))).toEqual(keys);
    expect(codes(findings)).toEqual(findingCodes);
  });

  it('caps the payload at XENSTORE_PAYLOAD_MAX for the longest domid path', () => {
    const home = '/local/domain/32751/bios-strings/bios-vendor';
    const fits = 'é'.repeat((4096 - home.length - 1) >> 1);
    expect(utf8Length(home) + 1 + utf8Length(fits)).toBeLessThanOrEqual(4096);
    expect(codes(xenstoreEntries({ guest: resolveGuest({ biosStrings: { 'bios-vendor': fits } }) }).findings)).toEqual([]);
    expect(codes(xenstoreEntries({ guest: resolveGuest({ biosStrings: { 'bios-vendor': fits + 'éé' } }) }).findings)).toEqual(['XENSTORE_VALUE_TOO_LONG']);
  });

  it('says which keys a passed-through structure overrides (only one hvmloader accepts)', () => {
    const v = { version: { major: 3, minor: 2 } };
    const t1 = buildTable([{ ...encodeTyped(1, { manufacturer: 'Host', productName: 'P', uuid: '00000000-0000-0000-0000-000000000001', wakeUpType: 6, skuNumber: 'S', family: 'F' }, v), handle: 1 }], v);
    const structures = t1.table.structures.filter((s) => s.type === 1);
    const blob = encodeSmbiosBlob(structures);
    const biosStrings = { 'system-manufacturer': 'Mine', 'bios-vendor': 'V' };
    const { entries, findings } = xenstoreEntries({ guest: resolveGuest({ biosStrings }), smbiosBlob: blob });
    expect(findings).toEqual([expect.objectContaining({ code: 'XENSTORE_KEY_OVERRIDDEN', path: 'guest.biosStrings.system-manufacturer' })]);
    // Still written: a guest whose blob changes later should not silently lose its key.
    expect(valueOf(entries, 'bios-strings/system-manufacturer')).toBe('Mine');
    // A type 1 shorter than Xen 4.21's 27-byte minimum falls back to the generated one: no finding.
    const short = new Uint8Array([1, 4, 1, 0, 0, 0]);
    expect(xenstoreEntries({ guest: resolveGuest({ biosStrings }), smbiosBlob: encodeSmbiosBlob([short]) }).findings).toEqual([]);
  });

  it('rejects paths xenstored refuses', () => {
    for (const p of ['local/domain', '/local/domain/', '/local//domain', '/local/dom ain', '/a/b.c', '/' + 'a'.repeat(3072)]) {
      expect(() => checkXenstorePath(p), p).toThrow(expect.objectContaining({ code: 'BAD_VALUE' }));
    }
    expect(() => checkXenstorePath('/local/domain/7/hvmloader/smbios/default_battery')).not.toThrow();
    expect(() => absoluteEntries([], 0x7ff0)).toThrow(expect.objectContaining({ code: 'BAD_VALUE' }));
    expect(absoluteEntries([{ path: 'platform/acpi', value: '1', reader: 'hvmloader' }], 7)[0]!.path).toBe('/local/domain/7/platform/acpi');
  });

  it('puts the hvm_info_table values in the proposal namespace', () => {
    const t = guestHvmInfo(resolveGuest({ vcpus: 9, memoryMiB: 8192 }));
    expect(t).toMatchObject({ nrVcpus: 9, lowMemPgend: 0xf0000, highMemPgend: 0x210000 });
    const e = hvmInfoEntries(t);
    expect(e.every((x) => x.reader === 'proposal' && x.path.startsWith('hvmloader/hvm-info/'))).toBe(true);
    expect(valueOf(e, 'hvmloader/hvm-info/vcpu-online')).toBe('ff01' + '00'.repeat(14));
    expect(valueOf(e, 'hvmloader/hvm-info/low-mem-pgend')).toBe('0xf0000');
  });
});

describe('xenstore values escaped for xenstore-write', () => {
  it.each([
    ['plain', 'plain'],
    ['back\\slash', 'back\\\\slash'],
    ['line\nbreak\ttab', 'line\\nbreak\\ttab'],
    ['\x01\x7f', '\\x01\\x7f'],
    ['\v\f\b\x07', '\\x0b\\x0c\\x08\\x07'],
    ['non-ASCII é ✓', 'non-ASCII é ✓'],
  ])('%j', (raw, escaped) => {
    expect(escapeXenstoreValue(raw)).toBe(escaped);
    expect(unsanitise(escaped)).toBe(raw);
  });

  it('formats path=value lines', () => {
    expect(formatXenstoreLines([{ path: 'bios-strings/oem-1', value: 'a=b\nc', reader: 'hvmloader' }])).toBe('bios-strings/oem-1=a=b\\nc\n');
  });
});

describe('bios-strings from a host', () => {
  it('copies types 0/1/2/3 strings and type 11 as oem-N, skipping empty and absent ones', () => {
    const v = { version: { major: 3, minor: 2 } };
    const table = buildTable([
      { ...encodeTyped(0, { vendor: 'Vend', version: 'V1', releaseDate: '01/01/2020' }, v), handle: 0 },
      { ...encodeTyped(1, { manufacturer: 'Maker', productName: 'Box', serialNumber: 'SN1' }, v), handle: 1 },
      { ...encodeTyped(1, { manufacturer: 'Second' }, v), handle: 5 },
      { ...encodeTyped(3, { manufacturer: 'Case', chassisType: 3, assetTag: 'AT' }, v), handle: 3 },
      { ...encodeTyped(11, { count: 2, strings: ['one', 'two'] }, v), handle: 11 },
    ], v);
    const { biosStrings, findings } = biosStringsFromHost(table.table.structures);
    expect(findings).toEqual([]);
    expect(biosStrings).toEqual({
      'bios-vendor': 'Vend',
      'bios-version': 'V1',
      'system-manufacturer': 'Maker',
      'system-product-name': 'Box',
      'system-serial-number': 'SN1',
      'enclosure-manufacturer': 'Case',
      'enclosure-asset-tag': 'AT',
      'oem-1': 'one',
      'oem-2': 'two',
    });
    const { entries, findings: f2 } = xenstoreEntries({ guest: resolveGuest({ biosStrings }) });
    expect(f2).toEqual([]);
    expect(entries.filter((e) => e.path.startsWith('bios-strings/'))).toHaveLength(9);
  });
});

describe('xenstore.sh', () => {
  const stub = path.join(dir, 'stub-write');
  const argvFile = path.join(dir, 'argv');
  // Records its argv NUL-separated, as the real client would receive it.
  writeFileSync(stub, `#!/bin/sh\nprintf '%s\\0' "$@" >> '${argvFile}'\n`);
  chmodSync(stub, 0o755);

  function run(script: string, ...args: string[]): { status: number | null; calls: string[][]; stderr: string } {
    const file = path.join(dir, 'xenstore.sh');
    writeFileSync(file, script);
    writeFileSync(argvFile, '');
    const r = spawnSync('sh', [file, ...args], { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', XENSTORE_WRITE: stub }, encoding: 'utf8' });
    const raw = readFileSync(argvFile, 'utf8');
    // Each call starts with `--`; split the flat list there.
    const calls: string[][] = [];
    for (const a of raw.split('\0').slice(0, -1)) {
      if (a === '--') calls.push([]);
      else calls.at(-1)!.push(a);
    }
    return { status: r.status, calls, stderr: r.stderr };
  }

  it('takes the domid as $1 and refuses anything but a domid', () => {
    const { entries } = xenstoreEntries({ guest: resolveGuest() });
    const script = xenstoreScript(entries);
    expect(run(script, '7').calls[0]!.slice(0, 2)).toEqual(['/local/domain/7/hvmloader/bios', 'seabios']);
    for (const bad of [[], ['x'], ['7;reboot'], ['-1'], ['32752'], ['123456'], ['1', '2']]) {
      const r = run(script, ...bad);
      expect(r.status, bad.join(' ')).toBe(2);
      expect(r.calls).toEqual([]);
    }
  });

  it('writes proposals in a call of their own', () => {
    const { entries } = xenstoreEntries({ guest: resolveGuest(), modules: { address: 0x200000n, length: 0x1000 } });
    const script = xenstoreScript(entries);
    expect(script).toContain('# hvmpack proposals');
    const { calls } = run(script, '3');
    expect(calls).toHaveLength(2);
    expect(calls[1]).toEqual(['/local/domain/3/hvmloader/modules/address', '0x200000', '/local/domain/3/hvmloader/modules/length', '0x1000']);
  });

  it('passes any value through sh unchanged and runs nothing in it (property)', () => {
    const value = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\0') && s !== '');
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 32751 }), (values, domid) => {
        const biosStrings = Object.fromEntries(values.map((v, i) => [`oem-${i + 1}`, v]));
        const { entries, findings } = xenstoreEntries({ guest: resolveGuest({ biosStrings }) });
        expect(findings).toEqual([]);
        const { status, calls } = run(xenstoreScript(entries), String(domid));
        expect(status).toBe(0);
        const args = calls[0]!;
        const got: Record<string, string> = {};
        for (let i = 0; i < args.length; i += 2) got[args[i]!] = unsanitise(args[i + 1]!);
        for (const e of absoluteEntries(entries, domid)) expect(got[e.path]).toBe(e.value);
      }),
      { numRuns: 30 },
    );
  });
});
