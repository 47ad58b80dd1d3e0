// The QEMU target's rules, on structures and tables built in code. The expected handles and
// lengths of QEMU's own structures are what Debian 12's QEMU 7.2 put in guest memory
// (test/qemu-memory.test.ts reads them back from a running QEMU).
import { describe, expect, it } from 'vitest';
import { concatBytes, FormatError } from '@hvmpack/bytes';
import { decodeAcpiHeader, encodeAcpiHeader, fixTableChecksum, verifyTableChecksum, type AcpiTable } from '@hvmpack/acpi';
import { buildStructure, encodeStructure, type RawStructure } from '@hvmpack/smbios';
import {
  buildQemuAcpiView,
  computeQemuGuestView,
  libvirtAcpiTableTypes,
  libvirtDomainXml,
  parseLibvirtVersion,
  parseQemuArguments,
  qemuArguments,
  qemuFixUpTable,
  qemuGeneratedStructures,
  qemuTarget,
  readSmbiosFile,
  resolveQemuGuest,
  selectQemuStructures,
  selectQemuTables,
  shellLine,
  RELOCATED_HANDLE_START,
  type QemuGuest,
} from '@hvmpack/qemu';

const g = (p: Partial<QemuGuest> = {}): QemuGuest => resolveQemuGuest(p);
const s = (type: number, handle: number, data: number[] = [], strings: string[] = []): RawStructure => buildStructure({ type, handle, data: Uint8Array.from(data), strings });
const rows = (list: readonly { type: number; handle: number; length: number; totalLength: number }[]): string[] => list.map((x) => `${x.type}@${x.handle.toString(16)}:${x.length}/${x.totalLength}`);

function table(signature: string, body: number[], o: { length?: number; oemId?: string; oemTableId?: string } = {}): Uint8Array {
  const h = encodeAcpiHeader({ signature, length: o.length ?? 36 + body.length, revision: 1, checksum: 0, oemId: o.oemId ?? 'HOSTOE', oemTableId: o.oemTableId ?? 'HOSTTBL1', oemRevision: 7, creatorId: 'ASL ', creatorRevision: 1 });
  return fixTableChecksum(concatBytes([h, Uint8Array.from(body)]));
}
const acpiTable = (bytes: Uint8Array, instance = 1): AcpiTable => ({ signature: decodeAcpiHeader(bytes).signature, instance, header: decodeAcpiHeader(bytes), bytes, checksumOk: verifyTableChecksum(bytes) });

describe("QEMU 7.2's own SMBIOS structures", () => {
  it.each([
    ['pc, 1 CPU, 1 GiB', g(), ['1@100:27/81', '3@300:22/42', '4@400:42/68', '16@1000:23/25', '17@1100:40/53', '19@1300:31/33', '32@2000:11/13', '127@7f00:4/6']],
    ['q35, -smp 4 (one socket)', g({ machine: 'q35', cpus: 4 }), ['1@100:27/75', '3@300:22/39', '4@400:42/65', '16@1000:23/25', '17@1100:40/53', '19@1300:31/33', '32@2000:11/13', '127@7f00:4/6']],
    ['pc, -smp 4,sockets=2', g({ cpus: 4, sockets: 2 }), ['1@100:27/81', '3@300:22/42', '4@400:42/68', '4@401:42/68', '16@1000:23/25', '17@1100:40/53', '19@1300:31/33', '32@2000:11/13', '127@7f00:4/6']],
    ['pc, 3.0 entry point: the 48-byte type 4', g({ smbiosEntryPoint: '64' }), ['1@100:27/81', '3@300:22/42', '4@400:48/74', '16@1000:23/25', '17@1100:40/53', '19@1300:31/33', '32@2000:11/13', '127@7f00:4/6']],
  ])('%s', (_name, guest, expected) => {
    expect(rows(qemuGeneratedStructures(guest, new Set()))).toEqual(expected);
  });

  it.each([
    // i440FX keeps 3.5 GiB low, then 3 GiB; Q35 2.75 GiB, then 2 GiB: RAM above 4 GiB is a second type 19.
    [g({ memoryMiB: 3583 }), 1, 1],
    [g({ memoryMiB: 3584 }), 2, 1],
    [g({ machine: 'q35', memoryMiB: 2815 }), 1, 1],
    [g({ machine: 'q35', memoryMiB: 3000 }), 2, 1],
    [g({ memoryMiB: 16 * 1024 + 1 }), 2, 2],
  ])('type 19 and 17 counts follow -m and the machine (%#)', (guest, t19, t17) => {
    const list = qemuGeneratedStructures(guest, new Set());
    expect(list.filter((x) => x.type === 19).map((x) => x.handle)).toEqual([0x1300, 0x1301].slice(0, t19));
    expect(list.filter((x) => x.type === 17).length).toBe(t17);
  });

  it('a type a file supplies is one QEMU no longer builds; type 0 and 11 it never builds', () => {
    const types = qemuGeneratedStructures(g(), new Set([0, 1, 4, 11])).map((x) => x.type);
    expect(types).toEqual([3, 16, 17, 19, 32, 127]);
  });
});

describe('selecting host structures', () => {
  it('takes 0, 1, 2, 3, 11 and OEM types by default, never 4, 17 or 127', () => {
    const host = [s(0, 0), s(1, 1), s(4, 2), s(17, 3), s(2, 4), s(3, 5), s(11, 6), s(200, 7), s(127, 8)];
    expect(selectQemuStructures(host, g()).chosen.map((x) => x.type)).toEqual([0, 1, 2, 3, 11, 200]);
  });

  it("moves a handle QEMU uses, and a duplicate, to free handles from 0x8000, with a finding each", () => {
    // 0x1000 is QEMU's type 16; handle 0 is the firmware's type 0 when the host passes none.
    const host = [s(1, 0x1000), s(200, 0x0000), s(201, 0x0005), s(202, 0x0005)];
    const { chosen, notes } = selectQemuStructures(host, g(), new Set([1, 200, 201, 202]));
    expect(chosen.map((x) => [x.type, x.handle])).toEqual([[1, 0x8000], [200, 0x8001], [201, 5], [202, 0x8002]]);
    expect(chosen.map((x) => x.formatted[2]! | (x.formatted[3]! << 8))).toEqual([0x8000, 0x8001, 5, 0x8002]);
    expect(notes.filter((n) => n.code === 'QEMU_SMBIOS_HANDLE_MOVED').map((n) => n.path)).toEqual(['input.structures[0]', 'input.structures[1]', 'input.structures[3]']);
  });

  it('a reference to a moved structure follows it only when the referenced type fits', () => {
    // Type 3 at 0x1100 (QEMU's type 17) moves; the type 2 chassis handle (offset 0x0B) points at it.
    const board = s(2, 0x20, [1, 2, 3, 4, 5, 0, 6, 0x00, 0x11, 0x0a, 0], ['a', 'b', 'c', 'd', 'e', 'f']);
    const oem = s(203, 0x21, [0x00, 0x11]);
    const { chosen } = selectQemuStructures([s(3, 0x1100), board, oem], g(), new Set([2, 3, 203]));
    expect(chosen[0]!.handle).toBe(RELOCATED_HANDLE_START);
    expect(chosen[1]!.formatted[0x0b]! | (chosen[1]!.formatted[0x0c]! << 8)).toBe(RELOCATED_HANDLE_START);
    // An OEM structure's bytes are not known to be handles: left alone.
    expect(encodeStructure(chosen[2]!)).toEqual(encodeStructure(oem));
  });

  it('emits one file per structure, byte-identical to the structure', () => {
    const host = [s(1, 0x10, [1, 2], ['x', 'y']), s(222, 0x11)];
    const files = qemuTarget.emit.smbios(host);
    expect(files.map((f) => [...f])).toEqual(host.map((h) => [...encodeStructure(h)]));
  });
});

describe('reading one -smbios file', () => {
  it.each([
    ['shorter than the header', Uint8Array.from([1, 4, 0]), 'QEMU_SMBIOS_FILE_TOO_SHORT', 0],
    ['length past the end', Uint8Array.from([1, 30, 0, 0, 0, 0]), 'QEMU_SMBIOS_BAD_STRUCTURE', 1],
    ['no double NUL', Uint8Array.from([1, 4, 0, 0, 0x41, 0]), 'QEMU_SMBIOS_BAD_STRUCTURE', 4],
    ['a second structure after the first', concatBytes([encodeStructure(s(1, 1)), encodeStructure(s(2, 2))]), 'QEMU_SMBIOS_BAD_STRUCTURE', 6],
  ])('%s', (_name, bytes, code, offset) => {
    const r = readSmbiosFile(bytes, 3);
    expect(r.findings.map((f) => [f.code, f.offset, f.path])).toEqual([[code, offset, 'smbios[3]']]);
  });

  it('reads strings and sizes of a good one', () => {
    const r = readSmbiosFile(encodeStructure(s(11, 0x40, [2], ['one', 'two'])), 0);
    expect(r.findings).toEqual([]);
    expect(r.structure).toMatchObject({ type: 11, handle: 0x40, length: 5, totalLength: 5 + 8 + 1, strings: ['one', 'two'] });
  });
});

describe('the SMBIOS guest view and its checks', () => {
  const files = (...list: RawStructure[]): Uint8Array[] => list.map(encodeStructure);

  it('SeaBIOS: its type 0 first, the files, then QEMU\'s; OVMF: the files, QEMU\'s, its type 0 and end-of-table', () => {
    const f = files(s(2, 0x100), s(11, 0x400, [1], ['x']));
    const sea = computeQemuGuestView({ smbios: f, acpi: [] }, g()).smbios;
    expect(sea.structures.map((x) => `${x.source}:${x.type}@${x.handle.toString(16)}`)).toEqual(['firmware:0@0', 'user:2@100', 'user:11@400', 'qemu:1@100', 'qemu:3@300', 'qemu:4@400', 'qemu:16@1000', 'qemu:17@1100', 'qemu:19@1300', 'qemu:32@2000', 'qemu:127@7f00']);
    expect(sea.entryPoints).toEqual([{ anchor: '_SM_', version: '2.8', structureCount: 11, tableLength: sea.structures.reduce((n, x) => n + x.totalLength, 0), maxStructureSize: 81 }]);
    const ovmf = computeQemuGuestView({ smbios: f, acpi: [] }, g({ firmware: 'ovmf' }));
    // Observed: OVMF drops QEMU's type 1 and 4, whose handles the files took first.
    expect(ovmf.smbios.structures.map((x) => `${x.source}:${x.type}@${x.handle.toString(16)}`)).toEqual(['user:2@100', 'user:11@400', 'qemu:3@300', 'qemu:16@1000', 'qemu:17@1100', 'qemu:19@1300', 'qemu:32@2000', 'firmware:0@0', 'firmware:127@feff']);
    expect(ovmf.smbios.dropped.map((x) => x.type)).toEqual([1, 4]);
    expect(ovmf.findings.filter((x) => x.code === 'QEMU_SMBIOS_DUPLICATE_HANDLE').map((x) => x.severity)).toEqual(['error', 'error']);
    expect(computeQemuGuestView({ smbios: f, acpi: [] }, g()).findings.filter((x) => x.code === 'QEMU_SMBIOS_DUPLICATE_HANDLE').map((x) => x.severity)).toEqual(['warning', 'warning']);
  });

  it('warns when OVMF gets less RAM than it needs to boot a kernel', () => {
    const code = (memoryMiB: number, firmware: QemuGuest['firmware']): string[] => computeQemuGuestView({ smbios: [], acpi: [] }, g({ memoryMiB, firmware })).findings.map((f) => f.code);
    expect([code(128, 'ovmf'), code(256, 'ovmf'), code(128, 'seabios')]).toEqual([['QEMU_OVMF_LOW_MEMORY'], [], []]);
  });

  it("OVMF stops at a file's type 127 and gives its type 0 the lowest free handle", () => {
    const v = computeQemuGuestView({ smbios: files(s(1, 0), s(127, 0x50), s(3, 0x51)), acpi: [] }, g({ firmware: 'ovmf', machine: 'q35' })).smbios;
    expect(v.structures.map((x) => `${x.type}@${x.handle.toString(16)}`)).toEqual(['1@0', '0@1', '127@feff']);
    expect(v.findings.find((x) => x.code === 'QEMU_SMBIOS_END_OF_TABLE_PASSED')?.severity).toBe('error');
  });

  it('predicts QEMU\'s type 4 count refusal in its own words', () => {
    const v = computeQemuGuestView({ smbios: files(s(4, 0x8000)), acpi: [] }, g({ cpus: 2, sockets: 2 }));
    expect(v.findings.find((x) => x.code === 'QEMU_SMBIOS_TYPE4_COUNT')?.message).toMatch(/^Expected 2 SMBIOS Type 4 tables, got 1 instead/);
    expect(computeQemuGuestView({ smbios: files(s(4, 0x8000)), acpi: [] }, g()).findings.some((x) => x.code === 'QEMU_SMBIOS_TYPE4_COUNT')).toBe(false);
  });

  it('measures the 2.1 limit on QEMU\'s table, which the 3.0 entry point lifts', () => {
    const big = buildStructure({ type: 200, handle: 0x8000, data: Uint8Array.from([1]), strings: ['A'.repeat(66000)] });
    const v = computeQemuGuestView({ smbios: files(big), acpi: [] }, g());
    // 66007 bytes of file plus QEMU's 321: the figure QEMU 7.2 prints.
    expect(v.smbios.qemuTableLength).toBe(66328);
    expect(v.findings.find((x) => x.code === 'QEMU_SMBIOS_TABLE_TOO_BIG')?.message).toMatch(/^SMBIOS 2\.1 table length 66328 exceeds 65535/);
    const v3 = computeQemuGuestView({ smbios: files(big), acpi: [] }, g({ smbiosEntryPoint: '64' }));
    expect(v3.findings.some((x) => x.code === 'QEMU_SMBIOS_TABLE_TOO_BIG')).toBe(false);
    expect(v3.smbios.entryPoints.map((e) => `${e.anchor} ${e.version}`)).toEqual(['_SM3_ 3.0.0']);
    expect(computeQemuGuestView({ smbios: [], acpi: [] }, g({ smbiosEntryPoint: '64', firmware: 'ovmf' })).smbios.entryPoints.map((e) => `${e.anchor} ${e.version}`)).toEqual(['_SM3_ 3.0.0', '_SM_ 3.0']);
  });
});

describe('ACPI tables through -acpitable', () => {
  it('fixes the length and the checksum as QEMU does, in its words', () => {
    const t = table('SSDT', [0x10, 5, 0x5c, 0x41, 0x42, 0x43, 0x44], { length: 99 });
    const r = qemuFixUpTable(t, 0);
    expect(r.findings.map((f) => f.code)).toEqual(['QEMU_ACPI_LENGTH_FIXED', 'QEMU_ACPI_CHECKSUM_RECOMPUTED']);
    expect(r.findings[0]!.message).toBe('ACPI table has wrong length, header says 99, actual size 43 bytes');
    expect(decodeAcpiHeader(r.table!.bytes).length).toBe(43);
    expect(verifyTableChecksum(r.table!.bytes)).toBe(true);
  });

  it.each([
    ['a header cut short', Uint8Array.from([0x53, 0x53, 0x44, 0x54, 16, 0, 0, 0]), 'QEMU_ACPI_HEADER_TOO_SHORT', 'ACPI table claiming to have header is too short, available: 8, expected: 36'],
    ['over 64 KiB', table('SSDT', new Array(70000).fill(0)), 'QEMU_ACPI_TABLE_TOO_BIG', 'ACPI table too big, requested: 70036, max: 65535'],
  ])('refuses %s as QEMU does', (_name, bytes, code, message) => {
    expect(qemuFixUpTable(bytes, 0).findings.map((f) => [f.code, f.message])).toEqual([[code, message]]);
  });

  it('says when a file is no ACPI table (an acpidump text given as a table)', () => {
    const text = new TextEncoder().encode('FACP @ 0x0000000000000000\n    0000: 46 41 43 50 F4 00 00 00 03 F9 42 4F 43 48 53 20  FACP......BOCHS \n');
    expect(qemuFixUpTable(text, 2).findings.map((f) => [f.code, f.path])).toEqual([['QEMU_ACPI_NOT_A_TABLE', 'acpi[2]'], ['QEMU_ACPI_LENGTH_FIXED', 'acpi[2]'], ['QEMU_ACPI_CHECKSUM_RECOMPUTED', 'acpi[2]']]);
  });

  it("a SLIC lends its OEM IDs to the RSDT and FADT; under OVMF to the RSDP and XSDT too", () => {
    const files = [table('SSDT', [1]), table('SLIC', new Array(20).fill(0), { oemId: 'SLICOM', oemTableId: 'SLICTBL1' })];
    const sea = buildQemuAcpiView(files, g());
    expect(sea.tables.map((t) => `${t.source}:${t.signature}:${t.oemId}`)).toEqual(['qemu:FACP:SLICOM', 'qemu:APIC:BOCHS ', 'qemu:HPET:BOCHS ', 'qemu:WAET:BOCHS ', 'user:SSDT:HOSTOE', 'user:SLIC:SLICOM']);
    expect([sea.rsdp, sea.roots]).toEqual([{ revision: 0, oemId: 'BOCHS ' }, [{ signature: 'RSDT', oemId: 'SLICOM', oemTableId: 'SLICTBL1' }]]);
    const ovmf = buildQemuAcpiView(files, g({ firmware: 'ovmf', machine: 'q35', cpus: 2 }));
    expect(ovmf.tables.map((t) => `${t.signature}:${t.length}`).slice(0, 5)).toEqual(['FACP:244', 'APIC:128', 'HPET:56', 'MCFG:60', 'WAET:40']);
    expect(ovmf.rsdp).toEqual({ revision: 2, oemId: 'SLICOM' });
    expect(ovmf.roots.map((r) => r.signature)).toEqual(['RSDT', 'XSDT']);
  });

  it('a FACP or DSDT would sit beside QEMU\'s own: an error', () => {
    expect(buildQemuAcpiView([table('FACP', [0]), table('DSDT', [0])], g()).findings.map((f) => [f.code, f.severity])).toEqual([['QEMU_ACPI_DUPLICATE_TABLE', 'error'], ['QEMU_ACPI_DUPLICATE_TABLE', 'error']]);
  });

  it('leaves out the tables QEMU builds and MSDM/SLIC unless named; a missing name is an error', () => {
    const host = ['FACP', 'DSDT', 'APIC', 'SSDT', 'SLIC', 'MSDM', 'DMAR', 'SPCR'].map((sig) => acpiTable(table(sig, [0])));
    expect(selectQemuTables(host, g()).chosen.map((t) => t.signature)).toEqual(['SSDT', 'SPCR']);
    const named = selectQemuTables(host, g(), new Set(['SLIC', 'MSDM', 'XYZW']));
    expect(named.chosen.map((t) => t.signature)).toEqual(['SLIC', 'MSDM']);
    expect(named.notes.map((n) => n.code)).toEqual(['QEMU_ACPI_TABLE_NOT_IN_INPUT']);
  });
});

describe('the QEMU command line', () => {
  it.each([
    [g(), ['/vm/a,b.bin'], [], ['-machine', 'pc', '-smp', '1', '-m', '1024', '-smbios', 'file=/vm/a,,b.bin']],
    [g({ machine: 'q35', firmware: 'ovmf', cpus: 4, sockets: 2, memoryMiB: 4096, smbiosEntryPoint: '64' }), [], ['/vm/t.bin'], ['-machine', 'q35,smbios-entry-point-type=64', '-bios', '/usr/share/ovmf/OVMF.fd', '-smp', '4,sockets=2', '-m', '4096', '-acpitable', 'file=/vm/t.bin']],
  ])('arguments for a guest read back to the same guest and files (%#)', (guest, smbiosFiles, acpiFiles, expected) => {
    const args = qemuArguments({ guest, smbiosFiles, acpiFiles });
    expect(args).toEqual(expected);
    const back = parseQemuArguments(args);
    expect(resolveQemuGuest(back.guest)).toEqual(guest);
    expect([back.smbiosFiles, back.acpiFiles.map((p) => p.join(':'))]).toEqual([smbiosFiles, acpiFiles]);
    expect(back.ignored).toEqual([]);
  });

  it('quotes for the shell only what needs it', () => {
    expect(shellLine(['-smbios', "file=/my vm/it's.bin", 'file=/a,,b'])).toBe(`-smbios 'file=/my vm/it'\\''s.bin' file=/a,,b`);
  });

  it.each([
    [{ cpus: 0 }, 'smp'],
    [{ cpus: 4, sockets: 3 }, 'sockets'],
    [{ memoryMiB: 8 }, 'memory'],
    [{ machine: 'virt' as never }, 'machine'],
  ])('refuses a guest QEMU would refuse (%#)', (p, path) => {
    expect(() => resolveQemuGuest(p)).toThrow(FormatError);
    try {
      resolveQemuGuest(p);
    } catch (e) {
      expect((e as FormatError).path).toBe(path);
    }
  });
});

describe('libvirt XML', () => {
  const structures = [s(1, 0x100, [1, 2, 0, 0, ...new Array(16).fill(0x11), 6, 0, 0], ['Maker & Co', "<Prod'uct>"]), s(11, 0x101, [2], ['oem one', 'oem two']), s(200, 0x8000)];
  const passed = structures.map((item, i) => ({ item, path: `/vm/s${i}.bin` }));
  const tables = ['SLIC', 'MSDM', 'SSDT'].map((signature, i) => ({ item: { signature }, path: `/vm/t${i}.bin` }));

  it('libvirt 9.0 knows only the slic table element; 11.2 adds msdm and raw', () => {
    expect([...libvirtAcpiTableTypes(parseLibvirtVersion('9.0'))]).toEqual(['slic']);
    expect([...libvirtAcpiTableTypes(parseLibvirtVersion('11.2.0'))].sort()).toEqual(['msdm', 'raw', 'slic']);
    expect(() => parseLibvirtVersion('3.9')).toThrow(FormatError);
  });

  it('puts type 1 and 11 strings in <sysinfo>, other structures and unknown tables on <qemu:commandline>', () => {
    const { xml } = libvirtDomainXml({ guest: g(), structures: passed, tables, version: parseLibvirtVersion('9.0'), ovmfPath: '/o.fd' });
    expect(xml).toContain("<entry name='manufacturer'>Maker &amp; Co</entry>");
    expect(xml).toContain("<entry name='product'>&lt;Prod&apos;uct&gt;</entry>");
    expect(xml).toContain('<oemStrings>\n      <entry>oem one</entry>\n      <entry>oem two</entry>\n    </oemStrings>');
    expect(xml).toContain("<table type='slic'>/vm/t0.bin</table>");
    expect(xml.match(/<qemu:arg value='([^']*)'\/>/g)).toEqual(["<qemu:arg value='-smbios'/>", "<qemu:arg value='file=/vm/s2.bin'/>", "<qemu:arg value='-acpitable'/>", "<qemu:arg value='file=/vm/t1.bin'/>", "<qemu:arg value='-acpitable'/>", "<qemu:arg value='file=/vm/t2.bin'/>"]);
    const newer = libvirtDomainXml({ guest: g(), structures: passed, tables, version: parseLibvirtVersion('11.2'), ovmfPath: '/o.fd' }).xml;
    expect(newer).toContain("<table type='msdm'>/vm/t1.bin</table>");
    expect(newer).toContain("<table type='raw'>/vm/t2.bin</table>");
    expect(newer).not.toContain('-acpitable');
  });
});
