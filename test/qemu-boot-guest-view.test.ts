// `hvmpack qemu prepare` on corpus hosts, then a real QEMU 7.2 guest booted with the folder's
// qemu.args: what the guest kernel read must be what the QEMU guest view predicts from the same
// arguments. Every passed structure byte-identical at its predicted handle, QEMU's and the
// firmware's own at their predicted handles, lengths and strings, in order; every passed table
// byte-identical to its predicted bytes (after QEMU's length and checksum fix-up), the SLIC's
// OEM IDs in the FADT. And where QEMU refuses the input, its own message is the one predicted.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { decodeFadt, sysfsNames } from '@hvmpack/acpi';
import type { Finding } from '@hvmpack/bytes';
import { computeQemuGuestView, parseQemuArguments, resolveQemuGuest, type QemuGuestView } from '@hvmpack/qemu';
import { decodeEntryPoint, decodeSmbios, decodeStructureTable, encodeDumpBin, encodeTypedStructure, type RawStructure } from '@hvmpack/smbios';
import { describe, expect, it } from 'vitest';
import { runHvmpack } from './support/cli.js';
import { corpusDir, skipReason } from './support/env.js';
import { bootGuest, bootSkipReason, BootError, type BootResult } from './support/qemu-boot.js';
import { tempDir } from './support/tools.js';

// A test also waits for a boot slot (two boots at a time) behind the other concurrent tests.
const BOOT_TIMEOUT = 600_000;
const scratch = tempDir('qemu-boot-view');

function corpus(sub: string, name: string): string {
  return path.join(corpusDir ?? '', sub, name);
}

/** `qemu prepare` with these arguments into a new folder; its qemu.args and the guest view computed from them. */
async function prepare(name: string, argv: readonly string[], expectCode = 0): Promise<{ args: string[]; view: QemuGuestView; smbios: Uint8Array[]; findings: Finding[] }> {
  const out = path.join(scratch, name);
  const run = await runHvmpack(['qemu', 'prepare', ...argv, '-o', out]);
  expect(run.code, run.stderr).toBe(expectCode);
  const args = readFileSync(path.join(out, 'qemu.args'), 'utf8').split('\n').filter((l) => l !== '');
  const parsed = parseQemuArguments(args);
  expect(parsed.ignored).toEqual([]);
  const smbios = parsed.smbiosFiles.map((f) => new Uint8Array(readFileSync(f)));
  const acpi = parsed.acpiFiles.map((fs) => new Uint8Array(Buffer.concat(fs.map((f) => readFileSync(f)))));
  const view = computeQemuGuestView({ smbios, acpi }, resolveQemuGuest(parsed.guest));
  return { args, view, smbios, findings: view.findings };
}

function structureBytes(s: RawStructure): Uint8Array {
  return Uint8Array.from([...s.formatted, ...s.stringSet]);
}

/** The guest kernel's tables against the view: SMBIOS structure by structure, ACPI table by table. */
function expectGuestIsView(boot: BootResult, view: QemuGuestView, smbiosFiles: readonly Uint8Array[]): void {
  // SMBIOS: the entry point the firmware published, then every structure in order.
  const ep = decodeEntryPoint(boot.entryPoint);
  const predictedEp = view.smbios.entryPoints[0]!;
  expect(ep.kind === '_SM3_' ? '_SM3_' : '_SM_').toBe(predictedEp.anchor);
  expect(ep.kind === '_SM3_' ? `${ep.major}.${ep.minor}.${ep.docrev}` : `${ep.major}.${ep.minor}`).toBe(predictedEp.version);
  expect(boot.dmi.length).toBe(predictedEp.tableLength);
  if (ep.kind !== '_SM3_') expect(ep.structureCount).toBe(predictedEp.structureCount);
  const guest = decodeStructureTable(boot.dmi).structures;
  const seen = guest.map((s) => ({ type: s.type, handle: s.handle, length: s.length, size: s.formatted.length + s.stringSet.length, strings: s.strings }));
  const predicted = view.smbios.structures.map((s) => ({ type: s.type, handle: s.handle, length: s.length, size: s.totalLength, strings: s.strings }));
  expect(seen).toEqual(predicted);
  view.smbios.structures.forEach((s, i) => {
    if (s.source === 'user') expect(structureBytes(guest[i]!), `file ${s.file} at handle 0x${s.handle.toString(16)}`).toEqual(smbiosFiles[s.file!]);
  });
  // ACPI: sysfs lists the root table's entries, plus the DSDT and FACS the FADT points at.
  const rootNames = sysfsNames(view.acpi.tables.map((t) => ({ signature: t.signature })));
  expect([...boot.acpi.keys()].filter((n) => n !== 'DSDT' && n !== 'FACS').sort()).toEqual([...rootNames].sort());
  view.acpi.tables.forEach((t, i) => {
    const got = boot.acpi.get(rootNames[i]!)!;
    expect(got.length, rootNames[i]).toBe(t.length);
    const oem = String.fromCharCode(...got.subarray(10, 24));
    expect(oem, `${rootNames[i]} OEM IDs`).toBe(t.oemId + t.oemTableId);
    if (t.source === 'user') expect(got, rootNames[i]).toEqual(view.acpi.appended.find((a) => a.file === t.file)!.bytes);
  });
  expect(decodeFadt(boot.acpi.get('FACP')!).header.oemId).toBe(view.acpi.tables.find((t) => t.signature === 'FACP')!.oemId);
}

/** Hosts (an SMBIOS and an ACPI input from the corpus) on every machine and firmware. */
const hosts: { name: string; argv: string[]; firmware: 'seabios' | 'ovmf' }[] = [
  {
    name: 'PowerEdge 1650 SMBIOS 2.3 (OEM types) + ThinkCentre M58p ACPI, pc, SeaBIOS',
    argv: [corpus('smbios', 'dell_libsmbios__src_pyunit_system_dumps_PE1650_smbios.dat'), corpus('acpi', 'linuxhw_ACPI__Desktop_Lenovo_ThinkCentre_ThinkCentre-M58p-6137AU8_D3A67F9DBF3C.acpidump.txt'), '--machine', 'pc', '--firmware', 'seabios'],
    firmware: 'seabios',
  },
  {
    name: 'ThinkPad T480 SMBIOS 3.x + Z220 ACPI with its SLIC, q35, OVMF, 2 sockets, 3 GiB',
    argv: [corpus('smbios', 'u-root_u-root__cmds_exp_dmidecode_testdata_Lenovo-ThinkPad-T480.bin'), corpus('acpi', 'linuxhw_ACPI__Desktop_Hewlett-Packard_Z220_Z220-CMT-Workstation_9D0DFEFB9E7C.acpidump.txt'), '--tables', 'SLIC,SSDT2,SSDT3', '--machine', 'q35', '--firmware', 'ovmf', '--smp', '2', '--sockets', '2', '--memory', '3072'],
    firmware: 'ovmf',
  },
  {
    name: 'GigaByte X399 SMBIOS + Panasonic CF-19 ACPI with its SLIC, q35, SeaBIOS, 2 CPUs',
    argv: [corpus('smbios', 'u-root_u-root__cmds_exp_dmidecode_testdata_GigaByte-X399.bin'), corpus('acpi', 'linuxhw_ACPI__Notebook_Panasonic_CF-19_CF-19ADNAXDY_02510C38EA0D.acpidump.txt'), '--tables', 'SLIC,SSDT2', '--machine', 'q35', '--firmware', 'seabios', '--smp', '2'],
    firmware: 'seabios',
  },
  {
    name: 'Dell PowerEdge R630 SMBIOS + HP DL360 G7 ACPI, pc, OVMF, 4 GiB',
    argv: [corpus('smbios', 'siderolabs_go-smbios__smbios_testdata_Dell-PowerEdge-R630-Dual-Xeon.dmi'), corpus('acpi', 'linuxhw_ACPI__Server_Hewlett-Packard_ProLiant_ProLiant-DL360-G7_60DCEE46526A.acpidump.txt'), '--machine', 'pc', '--firmware', 'ovmf', '--memory', '4096'],
    firmware: 'ovmf',
  },
];

describe.concurrent('QEMU guests booted with `qemu prepare` folders see what the guest view predicts', () => {
  const noCorpus = skipReason({ corpus: 'smbios' });
  it.each(hosts)(
    '$name',
    async ({ name, argv, firmware }) => {
      if (noCorpus || bootSkipReason(firmware)) return;
      const p = await prepare(name.replace(/[^A-Za-z0-9]+/g, '-'), argv);
      expect(p.findings.filter((f) => f.severity === 'error')).toEqual([]);
      const boot = await bootGuest({ guestArgs: p.args });
      expectGuestIsView(boot, p.view, p.smbios);
    },
    BOOT_TIMEOUT,
  );
});

/**
 * QEMU's own error, as hvmpack words it: without the program name, the option it came from and
 * the file path (hvmpack's findings name the file by its index instead).
 */
function qemuMessage(e: unknown): string {
  expect(e).toBeInstanceOf(BootError);
  expect((e as BootError).kind).toBe('refused');
  const line = (e as BootError).stderr.trim().split('\n').at(-1) ?? '';
  return line
    .replace(/^qemu-system-x86_64: /, '')
    .replace(/^-(smbios|acpitable) file=\S+?: /, '')
    .replace(/ \/\S+$/, '')
    .trim();
}

/** The one error finding of a code; its message must contain what QEMU says. */
function predicted(findings: readonly Finding[], code: string): string {
  const hits = findings.filter((f) => f.code === code && f.severity === 'error');
  expect(hits.map((f) => f.code)).toEqual([code]);
  return hits[0]!.message;
}

/** A corpus host's structures with type 11 structures of long OEM strings added before its end, past 64 KiB in all. */
function hostOver64KiB(): string {
  const host = decodeSmbios(new Uint8Array(readFileSync(corpus('smbios', 'u-root_u-root__cmds_exp_dmidecode_testdata_VMWare.bin'))));
  const end = host.structures.findIndex((s) => s.type === 127);
  const extra = Array.from({ length: 280 }, (_, i) =>
    decodeStructureTable(encodeTypedStructure(11, { count: 1, strings: [`${i} `.padEnd(240, 'x')] }, { handle: 0x9000 + i })).structures[0]!,
  );
  const structures = [...host.structures.slice(0, end), ...extra, ...host.structures.slice(end)];
  const f = path.join(scratch, 'over-64k.bin');
  writeFileSync(f, encodeDumpBin({ container: 'built', entryPoint: null, version: { major: 3, minor: 0, docrev: 0 }, table: new Uint8Array(0), structures, findings: [] }));
  return f;
}

describe.concurrent('QEMU guests with an SMBIOS table over 64 KiB (the 3.0 entry point)', () => {
  it.skipIf(skipReason({ corpus: 'smbios' }) ?? bootSkipReason('ovmf'))(
    'q35 with OVMF: the whole table, as predicted',
    async () => {
      const p = await prepare('over-64k-ovmf', [hostOver64KiB(), '--machine', 'q35', '--firmware', 'ovmf', '--memory', '256', '--smbios-entry-point', '64']);
      expect(p.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(p.view.smbios.qemuTableLength).toBeGreaterThan(0xffff);
      const boot = await bootGuest({ guestArgs: p.args });
      expectGuestIsView(boot, p.view, p.smbios);
    },
    BOOT_TIMEOUT,
  );

  it.skipIf(skipReason({ corpus: 'smbios' }) ?? bootSkipReason())(
    'pc with SeaBIOS 1.16: only the table length modulo 64 KiB is copied, as the finding says',
    async () => {
      const p = await prepare('over-64k-seabios', [hostOver64KiB(), '--machine', 'pc', '--firmware', 'seabios', '--smbios-entry-point', '64', '--force'], 1);
      predicted(p.findings, 'QEMU_SMBIOS_SEABIOS_TRUNCATED');
      const boot = await bootGuest({ guestArgs: p.args });
      // SeaBIOS's own type 0 when the host gave none, then the first (length mod 64 KiB) bytes of QEMU's table, whose files come first.
      const first = p.view.smbios.structures[0]!;
      const lead = first.source === 'firmware' ? first.totalLength : 0;
      const copied = p.view.smbios.qemuTableLength % 0x10000;
      const files = Uint8Array.from(p.smbios.flatMap((b) => [...b]));
      expect(copied).toBeLessThan(files.length);
      expect(boot.dmi.subarray(lead, lead + copied)).toEqual(files.subarray(0, copied));
      expect(boot.dmi.length).toBeLessThan(p.view.smbios.entryPoints[0]!.tableLength);
    },
    BOOT_TIMEOUT,
  );
});

describe("where QEMU refuses the input, its own message is the one hvmpack predicted", () => {
  it.skipIf(skipReason({ corpus: 'smbios' }) ?? bootSkipReason())('a type 4 per host socket, but one socket', async () => {
    // The R630 has two processor sockets, so two type 4s; the guest has one socket.
    const p = await prepare('type4-count', [corpus('smbios', 'siderolabs_go-smbios__smbios_testdata_Dell-PowerEdge-R630-Dual-Xeon.dmi'), '--types', '1,4', '--force'], 1);
    const e = await bootGuest({ guestArgs: p.args }).catch((x: unknown) => x);
    expect(predicted(p.findings, 'QEMU_SMBIOS_TYPE4_COUNT')).toContain(qemuMessage(e));
  }, BOOT_TIMEOUT);

  it.skipIf(skipReason({ corpus: 'smbios' }) ?? bootSkipReason())('an SMBIOS table over 64 KiB behind the 2.1 entry point', async () => {
    const p = await prepare('over-64k-21', [hostOver64KiB(), '--force'], 1);
    const e = await bootGuest({ guestArgs: p.args }).catch((x: unknown) => x);
    expect(predicted(p.findings, 'QEMU_SMBIOS_TABLE_TOO_BIG')).toContain(qemuMessage(e));
  }, BOOT_TIMEOUT);

  it.skipIf(skipReason({ corpus: 'acpi' }) ?? bootSkipReason())("an ACPI table over 64 KiB (the PowerEdge R820's largest SSDT)", async () => {
    // Named: by default prepare leaves a table QEMU would refuse out (QEMU_ACPI_REFUSED_LEFT_OUT).
    const p = await prepare('acpi-too-big', [corpus('acpi', 'linuxhw_ACPI__Server_Dell_PowerEdge_PowerEdge-R820_E5985CCBA349.acpidump.txt'), '--tables', 'SSDT', '--force'], 1);
    const e = await bootGuest({ guestArgs: p.args }).catch((x: unknown) => x);
    expect(predicted(p.findings, 'QEMU_ACPI_TABLE_TOO_BIG')).toContain(qemuMessage(e));
  }, BOOT_TIMEOUT);

  // Files no host yields, so straight to the guest view and the harness.
  it.each([
    ['a -smbios file shorter than a structure header', { smbios: [Uint8Array.of(1, 4, 0)], acpi: [] }, 'QEMU_SMBIOS_FILE_TOO_SHORT'],
    ['an -acpitable file shorter than the table header', { smbios: [], acpi: [new Uint8Array(20)] }, 'QEMU_ACPI_HEADER_TOO_SHORT'],
  ] as const)('%s', async (_, inputs, code) => {
    if (bootSkipReason()) return;
    const view = computeQemuGuestView(inputs, resolveQemuGuest({}));
    const e = await bootGuest({ smbios: inputs.smbios, acpi: inputs.acpi }).catch((x: unknown) => x);
    expect(predicted(view.findings, code)).toContain(qemuMessage(e));
  }, BOOT_TIMEOUT);
});
