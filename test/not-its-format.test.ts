// Issue 11 item 4: every command detects its input with the library's detection and refuses what
// is not its format (exit 2, one line "not an SMBIOS table: …" / "not ACPI tables: …"); `smbios
// get` never prints a value it did not decode from a real table. Each file is built here in code.
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeTable } from '@hvmpack/acpi';
import { ByteWriter, latin1Bytes } from '@hvmpack/bytes';
import { buildMetaModule, encodeModuleSet, ModuleSetFlags } from '@hvmpack/container';
import { buildTable, decodeSmbios, encodeTyped } from '@hvmpack/smbios';
import { runHvmpack } from './support/cli.js';
import { tempDir } from './support/tools.js';

const work = tempDir('not-its-format');
const write = (name: string, bytes: Uint8Array): string => {
  const f = path.join(work, name);
  writeFileSync(f, bytes);
  return f;
};

/** A baseline JPEG's first bytes (SOI, APP0 "JFIF" 1.1, a DQT marker), then deterministic noise. */
function jpeg(): Uint8Array {
  const w = new ByteWriter();
  w.bytes(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10)).ascii('JFIF', 4).u8(0).u8(1).u8(1).u8(0).u16(0x4800).u16(0x4800).u8(0).u8(0);
  w.bytes(Uint8Array.of(0xff, 0xdb, 0x00, 0x43, 0x00));
  let x = 0x2545f491;
  for (let i = 0; i < 520; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    // Zero now and then, as image data has: the walk finds string ends and more "structures".
    w.u8(i % 37 === 0 ? 0 : (x >>> 16) & 0xff);
  }
  return w.finish();
}

/** A DSDT: the 36-byte header by our encoder, then AML (a Scope(\_SB) holding a Device with _HID). */
function dsdt(): Uint8Array {
  const aml = new ByteWriter();
  aml.u8(0x10).u8(0x40).u8(0x05).ascii('\\_SB_', 5);
  for (let i = 0; i < 40; i++) aml.bytes(Uint8Array.of(0x5b, 0x82, 0x1a)).ascii(`DV${String(i).padStart(2, '0')}`, 4).u8(0x08).ascii('_HID', 4).u8(0x0d).ascii('PNP0C0A', 7).u8(0);
  const header = { signature: 'DSDT', length: 0, revision: 2, checksum: 0, oemId: 'HVMPCK', oemTableId: 'TESTDSDT', oemRevision: 1, creatorId: 'INTL', creatorRevision: 0x20230628 };
  return encodeTable({ header, body: aml.finish() });
}

const UUID = '4c4c4544-0042-3510-8052-b7c04f4e3732';
const smbiosDump = buildTable([encodeTyped(1, { manufacturer: 'Maker', productName: 'Box', serialNumber: 'SN-1', uuid: UUID }, { version: { major: 3, minor: 2 } })], {
  version: { major: 3, minor: 2 },
}).dumpBin;
const smbios2Dump = buildTable([encodeTyped(1, { manufacturer: 'Maker', productName: 'Box', serialNumber: 'SN-1', uuid: UUID }, { version: { major: 2, minor: 8 } })], {
  version: { major: 2, minor: 8 },
}).dumpBin;
const moduleSet = encodeModuleSet({ formatMinor: 0, flags: ModuleSetFlags.Reclaimable, modules: [buildMetaModule([{ key: 'guest.name', value: 'vm1' }])] });

const files = {
  photo: write('photo.jpg', jpeg()),
  dsdt: write('dsdt.dat', dsdt()),
  dump: write('host.dump-bin', smbiosDump),
  dump2: write('host2.dump-bin', smbios2Dump),
  modules: write('modules.img', moduleSet),
};

/** Exit 2, nothing on stdout, one line naming the file and what it is not. */
async function expectRefused(argv: string[], file: string, what: 'not an SMBIOS table' | 'not ACPI tables'): Promise<void> {
  const r = await runHvmpack(argv);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]!.startsWith(`hvmpack: ${file}: ${what}: `), lines[0]).toBe(true);
}

describe('commands refuse what is not their format', () => {
  it('smbios decode photo.jpg', () => expectRefused(['smbios', 'decode', files.photo], files.photo, 'not an SMBIOS table'));
  it('smbios get photo.jpg system-uuid prints no value', () => expectRefused(['smbios', 'get', files.photo, 'system-uuid'], files.photo, 'not an SMBIOS table'));
  it('smbios decode <DSDT>', () => expectRefused(['smbios', 'decode', files.dsdt], files.dsdt, 'not an SMBIOS table'));
  it('smbios dump-bin <DSDT> writes nothing', async () => {
    const out = path.join(work, 'never.bin');
    await expectRefused(['smbios', 'dump-bin', files.dsdt, '-o', out], files.dsdt, 'not an SMBIOS table');
    expect(existsSync(out)).toBe(false);
  });
  it('acpi list <SMBIOS dump-bin>', () => expectRefused(['acpi', 'list', files.dump], files.dump, 'not ACPI tables'));
  it('acpi list <SMBIOS 2.8 dump-bin>', () => expectRefused(['acpi', 'list', files.dump2], files.dump2, 'not ACPI tables'));
  it('acpi list modules.img', () => expectRefused(['acpi', 'list', files.modules], files.modules, 'not ACPI tables'));
  it('pack acpi <SMBIOS dump-bin>', () => expectRefused(['pack', 'acpi', files.dump, '-o', path.join(work, 'a.bin')], files.dump, 'not ACPI tables'));
  it('pack smbios photo.jpg', () => expectRefused(['pack', 'smbios', files.photo, '-o', path.join(work, 's.bin')], files.photo, 'not an SMBIOS table'));
});

describe('the library refuses them too (decodeSmbios is the one check)', () => {
  const ELF = new Uint8Array(256);
  ELF.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
  it.each([
    ['an ELF file', ELF],
    ['a JPEG', jpeg()],
    ['a DSDT', dsdt()],
    ['text', latin1Bytes('Hello, world: this is not a firmware table.\n')],
  ])('decodeSmbios refuses %s with UNKNOWN_FORMAT', (_n, bytes) => {
    expect(() => decodeSmbios(bytes)).toThrow(expect.objectContaining({ code: 'UNKNOWN_FORMAT' }));
  });

  it('a bare table that opens with an OEM structure and ends cleanly is still SMBIOS (a Dell R630 table does)', () => {
    const t = buildTable([{ type: 218, data: Uint8Array.of(1, 2, 3, 4), strings: [] }, encodeTyped(0, { vendor: 'V', version: '1', releaseDate: '01/01/2020', romSize: 1, startingAddressSegment: 0xf000 })], {
      version: { major: 2, minor: 7 },
    });
    expect(decodeSmbios(t.table.table).structures.map((s) => s.type)).toEqual([218, 0, 127]);
  });
});

describe('smbios get prints no value from a broken decode', () => {
  it('a bare table cut inside its second structure: the findings, no value, exit 1', async () => {
    const typed = encodeTyped(1, { manufacturer: 'Maker', productName: 'Box', serialNumber: 'SN-CUT', uuid: UUID }, { version: { major: 2, minor: 8 } });
    const t = buildTable([typed, encodeTyped(2, { manufacturer: 'Maker', product: 'Board' })], { version: { major: 2, minor: 8 } });
    const table = t.table.table;
    const cut = write('cut-table.bin', table.subarray(0, t.table.structures[1]!.offset + 6));
    const r = await runHvmpack(['smbios', 'get', cut, 'system-uuid']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/error/);
    expect(r.stderr.toLowerCase()).not.toContain(UUID);
  });
});
