// pack → check → guest-view, in-process, on a corpus host and on fixtures built in code.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '@hvmpack/bytes';
import { runHvmpack } from './support/cli.js';
import { corpusDir, skipReason } from './support/env.js';
import { tempDir } from './support/tools.js';

const tmp = tempDir('xen-cli');
const at = (name: string) => path.join(tmp, name);

/** An ACPI table with a 36-byte header, right or wrong checksum. */
function table(sig: string, body: number, badChecksum = false, oem = 'HVMPCK'): Uint8Array {
  const w = new ByteWriter();
  w.ascii(sig, 4);
  const len = w.reserve(4);
  w.u8(2).u8(0).ascii(oem, 6).ascii('TESTTBL', 8).u32(1).ascii('HVMP', 4).u32(1).fill(body, 0x33);
  w.patch(len, w.length).patchChecksum8(9);
  const b = w.finish();
  if (badChecksum) b[9] = (b[9]! + 1) & 0xff;
  return b;
}

/** smbios_firmware blob written byte by byte: [u32 length][structure]. */
function smbiosBlob(...structs: Uint8Array[]): Uint8Array {
  const w = new ByteWriter();
  for (const s of structs) w.u32(s.length).bytes(s);
  return w.finish();
}
function structure(type: number, flen: number, handle: number, strings: string[]): Uint8Array {
  const w = new ByteWriter();
  w.u8(type).u8(flen).u16(handle).fill(flen - 4, 0);
  for (const s of strings) w.cstring(s);
  if (strings.length === 0) w.u8(0);
  return w.u8(0).finish();
}

interface ViewJson {
  smbios: { entryPoint: { structureCount: number } | null; structures: { type: number; handle: number; source: string; strings: string[] }[] };
  acpi: { tables: { signature: string; source: string }[]; dropped: unknown[]; slotCount: number };
  findings: { code: string; severity: string }[];
}

const T480 = corpusDir && path.join(corpusDir, 'smbios', 'u-root_u-root__cmds_exp_dmidecode_testdata_Lenovo-ThinkPad-T480.bin');
const X1 = corpusDir && path.join(corpusDir, 'acpi', 'linuxhw_ACPI__Notebook_Lenovo_ThinkPad_ThinkPad-X1-Carbon-5th-20HQS3DV00_66976DD8FE3D.acpidump.txt');

describe.skipIf(skipReason({ corpus: 'smbios' }) ?? skipReason({ corpus: 'acpi' }))('walk-through on a corpus host (ThinkPad T480 SMBIOS, X1 Carbon ACPI)', () => {
  it('pack smbios → check → pack acpi → check → guest-view', async () => {
    const ps = await runHvmpack(['pack', 'smbios', T480!, '-o', at('t480.smbios')]);
    expect(ps.code, ps.stderr).toBe(0);
    expect(existsSync(at('t480.smbios'))).toBe(true);
    const cs = await runHvmpack(['check', at('t480.smbios'), '--json']);
    expect(cs.code).toBe(0);
    const csj = JSON.parse(cs.stdout) as { kind: string; findings: { code: string }[] };
    expect(csj.kind).toBe('smbios');
    expect(csj.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['XEN_SMBIOS_COUNT_QUIRK', 'XEN_SMBIOS_OEM_HANDLE_COLLISION']));

    const pa = await runHvmpack(['pack', 'acpi', X1!, '-o', at('x1.acpi')]);
    expect(pa.code, pa.stderr).toBe(0);
    const ca = await runHvmpack(['check', at('x1.acpi')]);
    expect(ca.code).toBe(0);
    expect(ca.stdout).toMatch(/XEN_ACPI_OVER_CAP/);

    const gv = await runHvmpack(['guest-view', '--smbios', at('t480.smbios'), '--acpi', at('x1.acpi'), '--vcpus', '2', '--json']);
    expect(gv.code).toBe(0);
    const v = JSON.parse(gv.stdout) as ViewJson;
    const types = v.smbios.structures.map((s) => s.type);
    expect(types.slice(0, 6)).toEqual([0, 1, 2, 3, 4, 4]);
    expect(types.at(-1)).toBe(127);
    expect(v.smbios.structures.filter((s) => s.type === 4).map((s) => s.handle)).toEqual([0x401, 0x402]);
    expect(v.acpi.tables.filter((t) => t.source === 'pass-through')).toHaveLength(10);
    expect(v.acpi.slotCount).toBe(10);
    // The --json contract: entry point, structures with type/handle/length/strings, tables with signature/length/source.
    expect(Object.keys(v).sort()).toEqual(['acpi', 'diff', 'findings', 'input', 'smbios']);
    expect(v.smbios.entryPoint).toMatchObject({ anchor: '_SM_', major: 2, minor: 4 });
    for (const s of v.smbios.structures) expect(Object.keys(s)).toEqual(expect.arrayContaining(['type', 'handle', 'length', 'strings']));
    for (const t of v.acpi.tables) expect(Object.keys(t)).toEqual(expect.arrayContaining(['signature', 'length', 'source']));

    // OVMF and a TPM 2 guest: fewer ACPI slots, same SMBIOS (it fits 20,449 bytes).
    const gv2 = await runHvmpack(['guest-view', '--smbios', at('t480.smbios'), '--acpi', at('x1.acpi'), '--firmware', 'ovmf', '--tpm', '2', '--json']);
    const v2 = JSON.parse(gv2.stdout) as ViewJson;
    expect(v2.acpi.slotCount).toBe(8);
    expect(v2.smbios.entryPoint).not.toBeNull();
  });

  it('guest-view --host-smbios/--host-acpi lists per-type and per-signature differences from the host', async () => {
    await runHvmpack(['pack', 'smbios', T480!, '-o', at('t480-h.smbios')]);
    await runHvmpack(['pack', 'acpi', X1!, '-o', at('x1-h.acpi')]);
    const r = await runHvmpack(['guest-view', '--smbios', at('t480-h.smbios'), '--acpi', at('x1-h.acpi'), '--host-smbios', T480!, '--host-acpi', X1!, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const host = (JSON.parse(r.stdout) as { host: { smbios: { key: number; host: number; guest: number }[]; acpi: { key: string; host: number; guest: number }[] } }).host;
    // The host's many type 9 slots collapse to one; its type 17s become hvmloader's single DIMM.
    const t9 = host.smbios.find((x) => x.key === 9)!;
    expect(t9.guest).toBe(1);
    expect(t9.host).toBeGreaterThan(1);
    expect(host.smbios.find((x) => x.key === 17)?.guest).toBe(1);
    // The X1's DMAR lies past the 10 pass-through slots: on the host, not in the guest.
    expect(host.acpi.find((x) => x.key === 'DMAR')).toEqual({ key: 'DMAR', host: 1, guest: 0 });
    const text = await runHvmpack(['guest-view', '--smbios', at('t480-h.smbios'), '--host-smbios', T480!]);
    expect(text.stdout).toMatch(/SMBIOS differences from the host/);
  });

  it('pack smbios --types keeps only the listed types', async () => {
    const r = await runHvmpack(['pack', 'smbios', T480!, '--types', '1,2,128-255', '-o', at('t480-some.smbios'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const gv = await runHvmpack(['guest-view', '--smbios', at('t480-some.smbios'), '--json']);
    const passed = (JSON.parse(gv.stdout) as ViewJson).smbios.structures.filter((s) => s.source === 'pass-through').map((s) => s.type);
    expect(passed.every((t) => t === 1 || t === 2 || t >= 128)).toBe(true);
    expect(passed.slice(0, 2)).toEqual([1, 2]);
  });
});

describe('walk-through on fixtures built in code', () => {
  it('pack acpi stops on a bad checksum, writes with --force, fixes with --fix-checksums', async () => {
    writeFileSync(at('bad.ssdt'), table('SSDT', 20, true));
    const stopped = await runHvmpack(['pack', 'acpi', at('bad.ssdt'), '-o', at('bad.acpi')]);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toMatch(/XEN_ACPI_BAD_CHECKSUM/);
    expect(existsSync(at('bad.acpi'))).toBe(false);
    expect((await runHvmpack(['pack', 'acpi', at('bad.ssdt'), '-o', at('bad.acpi'), '--force'])).code).toBe(0);
    expect((await runHvmpack(['check', at('bad.acpi')])).code).toBe(1);
    const fixed = await runHvmpack(['pack', 'acpi', at('bad.ssdt'), '-o', at('fixed.acpi'), '--fix-checksums']);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect((await runHvmpack(['check', at('fixed.acpi')])).code).toBe(0);
  });

  it('pack acpi --oem-id/--oem-table-id makes a SLIC match Xen\'s fixed IDs', async () => {
    writeFileSync(at('slic.bin'), table('SLIC', 30, false, 'LENOVO'));
    // SLIC is sensitive: it is packed only when named (issue 11 item 5).
    const before = await runHvmpack(['pack', 'acpi', at('slic.bin'), '--tables', 'SLIC', '-o', at('slic1.acpi'), '--json']);
    expect(JSON.parse(before.stdout).findings.map((f: { code: string }) => f.code)).toContain('XEN_ACPI_SLIC_OEM_MISMATCH');
    const after = await runHvmpack(['pack', 'acpi', at('slic.bin'), '--tables', 'SLIC', '-o', at('slic2.acpi'), '--oem-id', 'Xen', '--oem-table-id', 'HVM', '--json']);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout).findings.map((f: { code: string }) => f.code)).not.toContain('XEN_ACPI_SLIC_OEM_MISMATCH');
    const b = readFileSync(at('slic2.acpi'));
    expect(b.subarray(10, 13).toString('latin1')).toBe('Xen');
    expect(b.reduce((a, x) => (a + x) & 0xff, 0)).toBe(0);
  });

  it('check finds the stray-bytes and zero-length hazards (exit 1)', async () => {
    writeFileSync(at('stray.smbios'), Buffer.concat([smbiosBlob(structure(1, 27, 1, ['A'])), Buffer.from([0, 5, 3])]));
    const s = await runHvmpack(['check', at('stray.smbios'), '--json']);
    expect(s.code).toBe(1);
    expect(JSON.parse(s.stdout).findings.map((f: { code: string }) => f.code)).toContain('SMBIOS_BLOB_TRAILING_BYTES');
    const zero = table('SSDT', 4);
    zero.fill(0, 4, 8);
    writeFileSync(at('zero.acpi'), Buffer.concat([table('SSDT', 4), zero]));
    const a = await runHvmpack(['check', at('zero.acpi'), '--kind', 'acpi']);
    expect(a.code).toBe(1);
    expect(a.stdout).toMatch(/ACPI_BLOB_ZERO_LENGTH/);
  });

  it('check --firmware ovmf: a table over 20,449 bytes means no SMBIOS (exit 1); seabios takes it', async () => {
    writeFileSync(at('big.smbios'), smbiosBlob(structure(200, 4, 0x8000, ['x'.repeat(21000)])));
    expect((await runHvmpack(['check', at('big.smbios'), '--firmware', 'ovmf'])).code).toBe(1);
    expect((await runHvmpack(['check', at('big.smbios'), '--firmware', 'seabios'])).code).toBe(0);
    const gv = await runHvmpack(['guest-view', '--smbios', at('big.smbios'), '--firmware', 'rombios', '--json']);
    expect((JSON.parse(gv.stdout) as ViewJson).smbios.entryPoint).toBeNull();
  });

  it.each([
    ['default xl guest', [], 10],
    ['1 vCPU, --no-apic --no-hpet --no-acpi-s3 --no-acpi-s4 (WAET only)', ['--no-apic', '--no-hpet', '--no-acpi-s3', '--no-acpi-s4'], 14],
    ['--no-apic but 2 vCPUs still builds a MADT', ['--no-apic', '--vcpus', '2'], 10],
    ['--battery --laptop-slate', ['--battery', '--laptop-slate'], 8],
    ['--tpm 1 (SSDT_TPM + TCPA)', ['--tpm', '1'], 8],
    ['--tpm 2 --vnuma (SSDT_TPM2 + TPM2, SRAT + SLIT)', ['--tpm', '2', '--vnuma'], 6],
  ])('guest-view slot arithmetic, %s: 15 − built-ins = %i pass-through tables, the rest dropped', async (_name, flags, slots) => {
    const blob = at('sixteen-ssdts.bin');
    writeFileSync(blob, Buffer.concat(Array.from({ length: 16 }, (_, i) => table('SSDT', 8 + i))));
    const r = await runHvmpack(['guest-view', '--acpi', blob, '--json', ...flags]);
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout) as ViewJson;
    expect(v.acpi.slotCount).toBe(slots);
    expect(v.acpi.tables.filter((t) => t.source === 'pass-through')).toHaveLength(slots);
    expect(v.acpi.dropped).toHaveLength(16 - slots);
    expect(v.acpi.tables.filter((t) => t.source === 'built-in').length).toBe(6 + 15 - slots);
  });

  it('--no-platform-acpi: no ACPI at all, the blob\'s tables all dropped', async () => {
    writeFileSync(at('one.acpi'), table('SSDT', 8));
    const r = await runHvmpack(['guest-view', '--acpi', at('one.acpi'), '--no-platform-acpi', '--json']);
    const v = JSON.parse(r.stdout) as ViewJson;
    expect(v.acpi.tables).toEqual([]);
    expect(v.acpi.dropped).toHaveLength(1);
  });

  it('Xen 4.20 vs 4.21: type 9 is passed only by 4.21', async () => {
    writeFileSync(at('slot.smbios'), smbiosBlob(structure(9, 17, 0x20, ['Slot 1'])));
    const types = async (xen: string) => {
      const r = await runHvmpack(['guest-view', '--smbios', at('slot.smbios'), '--xen', xen, '--json']);
      return (JSON.parse(r.stdout) as ViewJson).smbios.structures.map((s) => s.type);
    };
    expect(await types('4.21')).toContain(9);
    expect(await types('4.20')).not.toContain(9);
  });

  it('guest-view --bios-string feeds the generated structures (xl underscores become hyphens)', async () => {
    writeFileSync(at('oem.smbios'), smbiosBlob(structure(130, 4, 0x8000, [])));
    const r = await runHvmpack(['guest-view', '--smbios', at('oem.smbios'), '--bios-string', 'system_manufacturer=Acme', '--bios-string', 'oem-1=one', '--json']);
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout) as ViewJson;
    expect(v.smbios.structures.find((s) => s.type === 1)?.strings[0]).toBe('Acme');
    expect(v.smbios.structures.find((s) => s.type === 11)?.strings).toEqual(['one']);
  });

  it('check on host data (not a blob) says to pack it first (exit 2)', async () => {
    writeFileSync(at('host.dmi'), Buffer.concat([Buffer.from('_SM_'), Buffer.alloc(60)]));
    const r = await runHvmpack(['check', at('host.dmi')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/hvmpack pack smbios/);
  });

  it.each([
    [['check', '/nonexistent.bin']],
    [['guest-view', '--smbios', '/nonexistent.bin']],
    [['guest-view']],
    [['check', '/dev/null', '--xen', '4.2']],
    [['guest-view', '--acpi', '/dev/null', '--bios-string', 'colour=blue']],
    [['pack', 'smbios', '/dev/null', '--types', '300', '-o', '/tmp/x']],
  ])('usage or input problems exit 2: %j', async (argv) => {
    const r = await runHvmpack(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^hvmpack: /);
  });
});
