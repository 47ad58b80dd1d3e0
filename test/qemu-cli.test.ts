// `hvmpack qemu prepare|guest-view` on every corpus host, the libvirt XML against libvirt's own
// schema, and each QEMU refusal hvmpack predicts checked against QEMU itself.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTable, decodeSmbios, encodeStructure, type RawStructure } from '@hvmpack/smbios';
import { decodeAcpiInput, SENSITIVE_SIGNATURES } from '@hvmpack/acpi';
import { tableName } from '@hvmpack/guest';
import { readSmbiosFile, QEMU_ACPI_TABLE_MAX, QEMU_BUILT_TABLES, QEMU_DEFAULT_TYPES } from '@hvmpack/qemu';
import { runHvmpack } from './support/cli.js';
import { corpusFiles, skipReason } from './support/env.js';
import { tempDir } from './support/tools.js';

const dir = tempDir('qemu-cli');
const at = (n: string): string => path.join(dir, n);

interface Prepared {
  code: number;
  doc: Record<string, unknown>;
  stderr: string;
}

async function prepare(args: string[]): Promise<Prepared> {
  const r = await runHvmpack(['qemu', 'prepare', ...args, '--json']);
  return { code: r.code, doc: JSON.parse(r.stdout) as Record<string, unknown>, stderr: r.stderr };
}

const argsOf = (out: string): string[] => readFileSync(path.join(out, 'qemu.args'), 'latin1').split('\n').filter((l) => l !== '');
const filesOf = (args: readonly string[], option: string): string[] => args.flatMap((a, i) => (i > 0 && args[i - 1] === option ? [a.slice('file='.length)] : []));
const defaultType = (t: number): boolean => QEMU_DEFAULT_TYPES.has(t) || t >= 128;

/** The corpus SMBIOS hosts: every file that decodes alone, and the two sysfs pairs as folders. */
function smbiosHosts(): { name: string; input: string; structures: RawStructure[] }[] {
  const out: { name: string; input: string; structures: RawStructure[] }[] = [];
  for (const input of corpusFiles('smbios')) {
    try {
      out.push({ name: path.basename(input), input, structures: decodeSmbios(new Uint8Array(readFileSync(input))).structures });
    } catch {
      // An entry point alone: read below with its table, as the sysfs folder it came from.
    }
  }
  for (const [ep, table] of [['entry.bin', 'dmi.bin'], ['entry_v3.bin', 'dmi_v3.bin']] as const) {
    const files = corpusFiles('smbios', (n) => n.endsWith(`_${ep}`) || n.endsWith(`_${table}`));
    if (files.length !== 2) continue;
    const folder = at(`sysfs-${ep}`);
    mkdirSync(folder, { recursive: true });
    copyFileSync(files.find((f) => f.endsWith(ep))!, path.join(folder, 'smbios_entry_point'));
    copyFileSync(files.find((f) => f.endsWith(table))!, path.join(folder, 'DMI'));
    out.push({ name: `sysfs pair ${ep}`, input: folder, structures: [] });
  }
  return out;
}

// Guest set-ups cycled over the hosts, so each machine/firmware pair meets real data.
const SETUPS: readonly string[][] = [[], ['--machine', 'q35', '--firmware', 'ovmf', '--smp', '2'], ['--firmware', 'ovmf', '--smbios-entry-point', '64', '--memory', '4096'], ['--machine', 'q35', '--smp', '4', '--sockets', '2', '--memory', '3000']];

describe('qemu prepare on the corpus', () => {
  const skip = skipReason({ corpus: 'smbios' });
  const hosts = smbiosHosts();

  it.skipIf(skip !== undefined)('every SMBIOS host: one file per default-type structure, unique handles, the guest view counts them all', async () => {
    expect(hosts.length).toBeGreaterThan(30);
    for (const [i, h] of hosts.entries()) {
      const out = at(`smbios-${i}`);
      const r = await prepare([h.input, '-o', out, ...SETUPS[i % SETUPS.length]!]);
      expect(r.code, `${h.name}: ${r.stderr}`).toBe(0);
      const files = filesOf(argsOf(out), '-smbios');
      const read = files.map((f, k) => readSmbiosFile(new Uint8Array(readFileSync(f)), k));
      expect(read.flatMap((x) => x.findings), h.name).toEqual([]);
      const passed = read.map((x) => x.structure!);
      if (h.structures.length > 0) {
        // The same structures as the host's default types, strings unchanged, in host order.
        const host = h.structures.filter((s) => defaultType(s.type) && s.type !== 126);
        expect(passed.map((s) => [s.type, s.strings.join('\0')]), h.name).toEqual(host.map((s) => [s.type, s.strings.join('\0')]));
      }
      const view = JSON.parse(readFileSync(path.join(out, 'guest-view.json'), 'utf8')) as { smbios: { structures: { source: string; handle: number }[]; dropped: unknown[] } };
      const handles = view.smbios.structures.map((s) => s.handle);
      expect(new Set(handles).size, `${h.name}: duplicate handles in the guest`).toBe(handles.length);
      expect(view.smbios.structures.filter((s) => s.source === 'user').length).toBe(files.length);
      expect(view.smbios.dropped).toEqual([]);
      expect(JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'))).toEqual(r.doc);
    }
  });

  const acpiSkip = skipReason({ corpus: 'acpi' });
  it.skipIf(acpiSkip !== undefined || skip !== undefined)('every ACPI host, each with an SMBIOS host: tables byte-identical; a table over QEMU\'s 64 KiB limit is left out, and refused when named', async () => {
    const acpiHosts = corpusFiles('acpi');
    // The two corpora come from different machines, so no host has both by name: each ACPI host
    // is paired with an SMBIOS host in turn.
    const byName = acpiHosts.filter((a) => hosts.some((h) => h.name.replace(/\.[a-z]+$/, '') === path.basename(a).replace(/\.acpidump\.txt$/, '')));
    expect(byName).toEqual([]);
    let leftOut = 0;
    for (const [i, acpi] of acpiHosts.entries()) {
      const h = hosts[i % hosts.length]!;
      const out = at(`acpi-${i}`);
      const r = await prepare([h.input, acpi, '-o', out, ...SETUPS[i % SETUPS.length]!]);
      const errors = (r.doc['findings'] as { code: string; severity: string }[]).filter((f) => f.severity === 'error').map((f) => f.code);
      expect(r.code, `${path.basename(acpi)}: ${r.stderr}`).toBe(0);
      expect(errors).toEqual([]);
      const set = decodeAcpiInput(new Uint8Array(readFileSync(acpi)), acpi);
      const huge = set.tables.filter((t) => t.bytes.length > QEMU_ACPI_TABLE_MAX && !QEMU_BUILT_TABLES.has(t.signature) && !SENSITIVE_SIGNATURES.has(t.signature));
      const leftOutCodes = (r.doc['findings'] as { code: string; signature?: string }[]).filter((f) => f.code === 'QEMU_ACPI_REFUSED_LEFT_OUT');
      expect(leftOutCodes.map((f) => f.signature).sort(), path.basename(acpi)).toEqual(huge.map((t) => t.signature).sort());
      if (huge.length > 0) {
        leftOut++;
        // Named, the same table is what QEMU refuses, and nothing is written.
        const named = at(`acpi-${i}-named`);
        const n = await prepare([h.input, acpi, '--tables', tableName(huge[0]!), '-o', named]);
        expect(n.code).toBe(1);
        expect((n.doc['findings'] as { code: string }[]).map((f) => f.code)).toContain('QEMU_ACPI_TABLE_TOO_BIG');
        expect(existsSync(named)).toBe(false);
      }
      const files = filesOf(argsOf(out), '-acpitable');
      const summary = (r.doc['summary'] as { acpiFiles: { signature: string }[] }).acpiFiles;
      expect(files.length).toBe(summary.length);
      for (const [k, f] of files.entries()) {
        const bytes = new Uint8Array(readFileSync(f));
        expect(set.tables.some((t) => t.signature === summary[k]!.signature && Buffer.compare(Buffer.from(t.bytes), Buffer.from(bytes)) === 0), `${path.basename(acpi)} ${summary[k]!.signature}`).toBe(true);
      }
    }
    expect(leftOut).toBeGreaterThan(0);
  });
});

const libvirtSkip = skipReason({ tools: ['virt-xml-validate', 'xmllint'] });

describe('libvirt XML', () => {
  function validate(file: string): { code: number; out: string } {
    const r = spawnSync('virt-xml-validate', [file, 'domain'], { encoding: 'utf8', timeout: 30_000 });
    return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
  }

  // The folders come from the corpus runs above.
  it.skipIf(libvirtSkip !== undefined || skipReason({ corpus: 'smbios' }) !== undefined)('validates against the installed libvirt\'s domain schema for corpus hosts and every set-up', () => {
    const folders = readdirSync(dir).filter((n) => /^(smbios|acpi)-\d+$/.test(n) && existsSync(path.join(dir, n, 'libvirt.xml')));
    expect(folders.length).toBeGreaterThan(8);
    // Every third folder keeps the run short on a shared machine; the set-ups cycle, so all meet the validator.
    for (const n of folders.filter((_, i) => i % 3 === 0)) {
      const r = validate(path.join(dir, n, 'libvirt.xml'));
      expect(r.code, `${n}: ${r.out}`).toBe(0);
    }
  });

  it.skipIf(libvirtSkip !== undefined)('an MSDM element is only for libvirt 11.2 and later: 9.0\'s schema refuses it, the 9.0 fallback validates', async () => {
    const version = spawnSync('virsh', ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';
    const msdm = Buffer.alloc(85);
    msdm.write('MSDM', 0, 'latin1');
    msdm.writeUInt32LE(85, 4);
    msdm.write('HOSTOEHOSTTBL1', 10, 'latin1');
    let sum = 0;
    for (const b of msdm) sum += b;
    msdm[9] = (256 - (sum % 256)) % 256;
    writeFileSync(at('MSDM'), msdm);
    for (const [lv, out] of [['9.0', 'msdm-9'], ['11.2', 'msdm-11']] as const) {
      const r = await prepare([at('MSDM'), '--tables', 'MSDM', '--libvirt', lv, '-o', at(out)]);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(readFileSync(at('msdm-9/libvirt.xml'), 'utf8')).toContain("<qemu:arg value='-acpitable'/>");
    expect(readFileSync(at('msdm-11/libvirt.xml'), 'utf8')).toContain("<table type='msdm'>");
    expect(validate(at('msdm-9/libvirt.xml')).code).toBe(0);
    if (/^(\d+)\.(\d+)/.test(version) && Number(version.split('.')[0]) * 100 + Number(version.split('.')[1]) < 1102) {
      expect(validate(at('msdm-11/libvirt.xml')).code).not.toBe(0);
    }
  });
});

const qemuSkip = skipReason({ tools: ['qemu-system-x86_64'] });

/** Starts QEMU paused with no devices and quits it at once: the checks on -smbios and -acpitable run before that. */
function runQemu(args: readonly string[]): { code: number; stderr: string } {
  const r = spawnSync('qemu-system-x86_64', ['-nodefaults', '-display', 'none', '-S', '-monitor', 'stdio', ...args], { input: 'quit\n', encoding: 'utf8', timeout: 30_000 });
  return { code: r.status ?? -1, stderr: r.stderr };
}

/** QEMU's error line without its program name and the option it names. */
function qemuSays(stderr: string): string {
  const line = stderr.split('\n').find((l) => l.startsWith('qemu-system-x86_64: ') && !l.includes('warning:')) ?? '';
  // "Cannot read SMBIOS file /path": hvmpack's library knows no file names.
  return line.replace(/^qemu-system-x86_64: (-(smbios|acpitable) [^:]*: )?/, '').replace(/ \/\S+$/, '');
}

describe('QEMU refuses what hvmpack predicts, in the words hvmpack predicts', () => {
  const dumpBin = (structures: Parameters<typeof buildTable>[0]): string => {
    const file = at(`host-${Math.random().toString(36).slice(2)}.bin`);
    writeFileSync(file, buildTable(structures, { version: { major: 3, minor: 2 } }).dumpBin);
    return file;
  };

  it.skipIf(qemuSkip !== undefined)('a corpus-like host QEMU accepts starts cleanly', async () => {
    const host = dumpBin([{ type: 1, handle: 0x100, data: new Uint8Array(23), strings: ['Maker'] }, { type: 11, handle: 0x0b00, data: Uint8Array.of(1), strings: ['x'] }]);
    const r = await prepare([host, '-o', at('ok')]);
    expect(r.code).toBe(0);
    const q = runQemu(argsOf(at('ok')));
    expect([q.code, qemuSays(q.stderr)]).toEqual([0, '']);
  });

  const cases: [string, () => Promise<{ args: string[]; findings: { code: string; message: string }[] }>, string][] = [
    ['type 4 count against sockets', async () => {
      const host = dumpBin([{ type: 4, handle: 0x40, data: new Uint8Array(38), strings: ['CPU'] }]);
      const r = await prepare([host, '--types', '4', '--smp', '2', '--sockets', '2', '--force', '-o', at('t4')]);
      return { args: argsOf(at('t4')), findings: r.doc['findings'] as never };
    }, 'QEMU_SMBIOS_TYPE4_COUNT'],
    ['an SMBIOS table over the 2.1 limit', async () => {
      const host = dumpBin([{ type: 200, handle: 0x40, data: Uint8Array.of(1), strings: ['A'.repeat(40000)] }, { type: 201, handle: 0x41, data: Uint8Array.of(1), strings: ['B'.repeat(30000)] }]);
      const r = await prepare([host, '--force', '-o', at('big')]);
      return { args: argsOf(at('big')), findings: r.doc['findings'] as never };
    }, 'QEMU_SMBIOS_TABLE_TOO_BIG'],
    ['a -smbios file shorter than a header', async () => {
      writeFileSync(at('short.bin'), Uint8Array.of(1, 4, 0));
      const r = await runHvmpack(['qemu', 'guest-view', '--smbios', at('short.bin'), '--json']);
      return { args: ['-smbios', `file=${at('short.bin')}`], findings: (JSON.parse(r.stdout) as { findings: never }).findings };
    }, 'QEMU_SMBIOS_FILE_TOO_SHORT'],
    ['an -acpitable file shorter than a header', async () => {
      writeFileSync(at('short-table.bin'), Buffer.from('SSDT\x10\0\0\0', 'latin1'));
      const r = await runHvmpack(['qemu', 'guest-view', '--acpitable', at('short-table.bin'), '--json']);
      return { args: ['-acpitable', `file=${at('short-table.bin')}`], findings: (JSON.parse(r.stdout) as { findings: never }).findings };
    }, 'QEMU_ACPI_HEADER_TOO_SHORT'],
    ['an -acpitable file over 64 KiB', async () => {
      const t = Buffer.alloc(70036);
      t.write('SSDT', 0, 'latin1');
      t.writeUInt32LE(t.length, 4);
      writeFileSync(at('huge-table.bin'), t);
      const r = await runHvmpack(['qemu', 'guest-view', '--acpitable', at('huge-table.bin'), '--json']);
      return { args: ['-acpitable', `file=${at('huge-table.bin')}`], findings: (JSON.parse(r.stdout) as { findings: never }).findings };
    }, 'QEMU_ACPI_TABLE_TOO_BIG'],
  ];

  it.skipIf(qemuSkip !== undefined).each(cases)('%s', async (_name, make, code) => {
    const { args, findings } = await make();
    const predicted = findings.find((f) => f.code === code);
    expect(predicted, `no ${code} finding`).toBeDefined();
    const q = runQemu(args);
    expect(q.code).toBe(1);
    const said = qemuSays(q.stderr);
    expect(said).not.toBe('');
    expect(predicted!.message.startsWith(said), `QEMU said "${said}", hvmpack "${predicted!.message}"`).toBe(true);
  });

  it.skipIf(qemuSkip !== undefined)('the 3.0 entry point lifts the 2.1 limit, as hvmpack says', async () => {
    const host = dumpBin([{ type: 200, handle: 0x40, data: Uint8Array.of(1), strings: ['A'.repeat(66000)] }]);
    // OVMF: SeaBIOS 1.16 would copy only the table's length mod 64 KiB (QEMU_SMBIOS_SEABIOS_TRUNCATED).
    const sea = await prepare([host, '--smbios-entry-point', '64', '-o', at('big64-seabios')]);
    expect((sea.doc['findings'] as { code: string }[]).map((f) => f.code)).toContain('QEMU_SMBIOS_SEABIOS_TRUNCATED');
    const r = await prepare([host, '--smbios-entry-point', '64', '--firmware', 'ovmf', '-o', at('big64')]);
    expect(r.code, r.stderr).toBe(0);
    expect(runQemu(argsOf(at('big64'))).code).toBe(0);
  });

  it('a duplicate handle (no QEMU refusal: OVMF drops the second) is an error for OVMF only', async () => {
    const files = [at('dup-a.bin'), at('dup-b.bin')];
    writeFileSync(files[0]!, encodeStructure(decodeSmbios(buildTable([{ type: 2, handle: 0x100, data: new Uint8Array(4), strings: [] }], { version: { major: 3, minor: 2 } }).dumpBin).structures[0]!));
    writeFileSync(files[1]!, readFileSync(files[0]!));
    const sea = await runHvmpack(['qemu', 'guest-view', '--smbios', ...files, '--json']);
    const ovmf = await runHvmpack(['qemu', 'guest-view', '--smbios', ...files, '--firmware', 'ovmf', '--json']);
    expect([sea.code, ovmf.code]).toEqual([0, 1]);
  });
});

describe('qemu commands as a user meets them', () => {
  it.each([
    [['qemu', 'prepare', 'x.bin', '-o', 'y', '--machine', 'virt'], /Invalid values:[\s\S]*machine/],
    [['qemu', 'prepare', '/nonexistent/host.bin', '-o', 'y'], /nonexistent/],
    [['qemu', 'prepare', 'x.bin', '-o', 'y', '--smp', '4', '--sockets', '3'], /--sockets: expected a divisor of -smp 4, got 3/],
    [['qemu', 'prepare', 'x.bin', '-o', 'y', '--libvirt', 'nine'], /--libvirt: not a libvirt version/],
    [['qemu', 'guest-view'], /give --smbios and\/or --acpitable files/],
  ])('%j exits 2 and writes nothing', async (argv, says) => {
    const r = await runHvmpack(argv.map((a) => (a === 'y' ? at('never') : a)));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(says);
    expect(existsSync(at('never'))).toBe(false);
  });

  it('refuses a file that is neither SMBIOS nor ACPI, naming it', async () => {
    writeFileSync(at('photo.jpg'), Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1));
    const r = await runHvmpack(['qemu', 'prepare', at('photo.jpg'), '-o', at('never')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('photo.jpg');
    expect(existsSync(at('never'))).toBe(false);
  });
});
