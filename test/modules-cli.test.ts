// `hvmpack pack modules` and `hvmpack inspect`, run in-process on files built in code and on the corpus.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ByteWriter, patchChecksum8 } from '@hvmpack/bytes';
import { ModuleSetFlags, buildAcpiModule, buildMetaModule, buildOromModule, buildSmbiosModule, decodeModuleSet, encodeModuleSet } from '@hvmpack/container';
import { GuestMemory, buildHvmInfoTable, encodeHvmInfoTable, encodeStartInfoSegment, readStartInfo } from '@hvmpack/xen';
import { runHvmpack } from './support/cli.js';
import { corpusFiles, skipReason } from './support/env.js';
import { tempDir } from './support/tools.js';

const dir = tempDir('modules-cli');
const file = (name: string, bytes?: Uint8Array): string => {
  const p = path.join(dir, name);
  if (bytes) writeFileSync(p, bytes);
  return p;
};

function smbiosBlob(): Uint8Array {
  const w = new ByteWriter();
  const s1 = new ByteWriter().u8(1).u8(27).u16(0x100).u8(1).u8(2).fill(21).cstring('Maker').cstring('Model').u8(0).finish();
  const s2 = new ByteWriter().u8(200).u8(6).u16(0xc800).u16(0xbeef).u8(0).u8(0).finish();
  for (const s of [s1, s2]) w.u32(s.length).bytes(s);
  return w.finish();
}

function acpiTable(sig: string, body: number): Uint8Array {
  return new ByteWriter().ascii(sig, 4).u32(36 + body).u8(2).u8(0).ascii('HVMPCK', 6).ascii('CLITEST', 8, 0x20).u32(1).ascii('HVMP').u32(1).fill(body, 0xa5).patchChecksum8(9).finish();
}

function optionRom(): Uint8Array {
  const rom = new Uint8Array(512);
  rom.set([0x55, 0xaa, 1]);
  rom[0x18] = 0x20;
  rom.set([0x50, 0x43, 0x49, 0x52, 0x86, 0x80, 0x34, 0x12], 0x20);
  patchChecksum8(rom, 511);
  return rom;
}

const smbios = file('smbios.bin', smbiosBlob());
const acpiBytes = Uint8Array.from([...acpiTable('SSDT', 40), ...acpiTable('SLIC', 338)]);
const acpi = file('acpi.bin', acpiBytes);
const rom = file('rom.bin', optionRom());

describe('hvmpack pack modules', () => {
  it('writes the set the library builds and prints all three hand-offs', async () => {
    const out = file('modules.img');
    const r = await runHvmpack(['pack', 'modules', '--smbios', smbios, '--smbios-version', '3.4', '--acpi', acpi, '--orom', `8086:1234=${rom}`, '--meta', 'origin=cli', '--meta', 'verbose=true', '--meta', 'n=0x10', '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const expected = encodeModuleSet({
      formatMinor: 0,
      flags: ModuleSetFlags.Reclaimable,
      modules: [
        buildSmbiosModule(smbiosBlob(), { version: { major: 3, minor: 4 } }),
        buildAcpiModule(acpiBytes),
        buildOromModule(optionRom(), { vendorId: 0x8086, deviceId: 0x1234 }),
        buildMetaModule([{ key: 'origin', value: 'cli' }, { key: 'verbose', value: true }, { key: 'n', value: 16n }]),
      ],
    });
    expect(new Uint8Array(readFileSync(out))).toEqual(expected);
    expect(r.stdout).toContain('hvmloader/modules/address = 0x200000');
    expect(r.stdout).toContain(`hvmloader/modules/length = 0x${expected.length.toString(16)}`);
    expect(r.stdout).toContain('ECX=0x00000000 EDX=0x00200000');
    expect(r.stdout).toContain('hvm_modlist_entry "modules"');
  });

  it('prints JSON with --json and honours --base', async () => {
    const out = file('modules-json.img');
    const r = await runHvmpack(['pack', 'modules', '--acpi', acpi, '--acpi-root', 'xsdt', '--base', '0x7f000000', '-o', out, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const len = readFileSync(out).length;
    expect(j.handoff).toMatchObject({ base: '0x7f000000', length: len, registers: { ecx: '0x0', edx: '0x7f000000' }, xenstore: { 'hvmloader/modules/address': '0x7f000000' } });
    expect(j.modules[0]).toMatchObject({ signature: 'ACPI', details: { tableCount: 2, appendTo: ['XSDT'] } });
    expect(decodeModuleSet(new Uint8Array(readFileSync(out))).set.modules).toHaveLength(1);
  });

  it.each<[string, string[]]>([
    ['nothing to pack', []],
    ['a misaligned base', ['--meta', 'a=1', '--base', '0x200008']],
    ['a base that puts the set above 4 GiB', ['--meta', 'a=1', '--base', '0xfffffff0']],
    ['a bad --orom spec', ['--orom', 'intel=rom.bin']],
    ['a bad metadata key', ['--meta', 'Bad Key=1']],
    ['an ACPI blob with a bad checksum', ['--acpi', file('bad-acpi.bin', (() => { const b = acpiTable('SSDT', 4); b[30]! ^= 1; return b; })())]],
    ['an ACPI blob with a table overrunning it', ['--acpi', file('short-acpi.bin', acpiTable('SSDT', 40).subarray(0, 50))]],
    ['an unreadable input', ['--smbios', path.join(dir, 'missing.bin')]],
  ])('exits 2 on %s and writes nothing', async (name, extra) => {
    const out = file(`never-${name.replace(/\W+/g, '-')}.img`);
    const r = await runHvmpack(['pack', 'modules', ...extra, '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^hvmpack: /);
    expect(() => readFileSync(out)).toThrow();
  });

  it('warns about an option ROM whose PCIR IDs differ from --orom', async () => {
    const r = await runHvmpack(['pack', 'modules', '--orom', `10de:1234=${rom}`, '-o', file('mismatch.img'), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings.map((f: { code: string }) => f.code)).toEqual(['ID_MISMATCH']);
    const text = await runHvmpack(['pack', 'modules', '--orom', `10de:1234=${rom}`, '-o', file('mismatch2.img')]);
    expect(text.stderr).toMatch(/^hvmpack: .*mismatch2\.img: warning ID_MISMATCH at 0x[0-9A-F]+: /);
  });

  it('refuses to write over an input', async () => {
    const r = await runHvmpack(['pack', 'modules', '--acpi', acpi, '-o', acpi]);
    expect(r.code).toBe(2);
    expect(new Uint8Array(readFileSync(acpi))).toEqual(acpiBytes);
  });
});

describe('hvmpack inspect', () => {
  const S = 0x3f0000n;
  const segment = encodeStartInfoSegment(S, { modules: [{ paddr: 0x1a0000n, size: 0x20000n, name: 'firmware' }], memmap: [{ addr: 0x100000n, size: 0x3ff00000n, type: 1, reserved: 0 }] });
  const page9f = new Uint8Array(4096);
  page9f.set(encodeHvmInfoTable(buildHvmInfoTable({ nrVcpus: 2, lowMemBytes: 0x40000000n })), 0x800);
  const set = encodeModuleSet({ formatMinor: 0, flags: 1, modules: [buildAcpiModule(acpiBytes)] });
  const corrupt = set.slice();
  corrupt[0x50]! ^= 0xff;

  it.each<[string, Uint8Array, string, number]>([
    ['a module set', set, 'hvmpack-module-set', 0],
    ['a module set with a bad module checksum', corrupt, 'hvmpack-module-set', 1],
    ['a start-info segment', segment, 'hvm-start-info', 0],
    ['a bare hvm_start_info struct', segment.subarray(0, 56), 'hvm-start-info', 0],
    ['an hvm_info_table', encodeHvmInfoTable(buildHvmInfoTable({ nrVcpus: 4, lowMemBytes: 0x80000000n })), 'hvm-info-table', 0],
    ['a dump of page 0x9F', page9f, 'hvm-info-table', 0],
    ['a Xen smbios_firmware blob', smbiosBlob(), 'xen-smbios-blob', 0],
    ['a Xen acpi_firmware blob', acpiBytes, 'xen-acpi-blob', 0],
    ['one ACPI table', acpiTable('SSDT', 8), 'acpi', 0],
    ['random bytes', Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff), 'unknown', 2],
  ])('recognises %s', async (name, bytes, format, code) => {
    const r = await runHvmpack(['inspect', file(`inspect-${name.replace(/\W+/g, '-')}.bin`, bytes), '--json']);
    expect(r.code).toBe(code);
    const j = JSON.parse(r.stdout);
    // An unknown format is an error: in JSON mode the error document (docs/json.md).
    if (code === 2) expect(j.error.code).toBe('UNKNOWN_FORMAT');
    else expect(j.format).toBe(format);
    if (code === 1) expect(j.findings.map((f: { code: string }) => f.code)).toContain('BAD_CHECKSUM');
  });

  it('follows the start-info pointers inside a segment file', async () => {
    const r = await runHvmpack(['inspect', file('segment.bin', segment), '--json']);
    const j = JSON.parse(r.stdout);
    expect(j.details).toMatchObject({ segmentAddress: '0x3f0000', modules: [{ name: 'firmware', paddr: '0x1a0000' }], memmap: [{ type: 'RAM' }] });
    expect(readStartInfo(new GuestMemory([{ address: S, bytes: segment }]), S).findings).toEqual([]);
  });

  it('describes a module set in text', async () => {
    const r = await runHvmpack(['inspect', file('text.img', set)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/module 0: ACPI at 0x20, \d+ bytes: ACPI, 2 tables appended to RSDT\+XSDT/);
  });

  const corpus = [...corpusFiles('smbios'), ...corpusFiles('acpi-bin')];
  it.skipIf(skipReason({ corpus: 'smbios' }) !== undefined)('recognises every corpus SMBIOS dump and binary ACPI table', async () => {
    for (const f of corpus) {
      const r = await runHvmpack(['inspect', f, '--json']);
      const j = JSON.parse(r.stdout);
      expect({ f: path.basename(f), format: j.format }).toEqual({ f: path.basename(f), format: f.includes('/smbios/') ? 'smbios' : 'acpi' });
    }
  });
});
