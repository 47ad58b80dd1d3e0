// Every command of the pack → check → guest-view → pack modules → inspect → plan walk-through fed
// garbage: each either refuses with one typed line and exit 2, or reports findings with exit 1.
// Never an internal error, a crash, a hang, or an output written over an input.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '@hvmpack/bytes';
import { buildAcpiModule, buildSmbiosModule, encodeModuleSet, ModuleSetFlags } from '@hvmpack/container';
import { runHvmpack } from './support/cli.js';
import { tempDir } from './support/tools.js';

const tmp = tempDir('garbage');
const at = (name: string) => path.join(tmp, name);

/** Deterministic "random" bytes (xorshift32), so a failure names a reproducible input. */
function noise(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

function acpiTable(sig: string, body: number): Uint8Array {
  const w = new ByteWriter();
  w.ascii(sig, 4);
  const len = w.reserve(4);
  w.u8(2).u8(0).ascii('HVMPCK', 6).ascii('TESTTBL', 8).u32(1).ascii('HVMP', 4).u32(1).fill(body, 0x33);
  w.patch(len, w.length).patchChecksum8(9);
  return w.finish();
}

function smbiosBlob(): Uint8Array {
  const w = new ByteWriter();
  const s = new ByteWriter().u8(1).u8(27).u16(0x10).fill(23, 0).cstring('Acme').u8(0).finish();
  w.u32(s.length).bytes(s);
  return w.finish();
}

const goodSet = encodeModuleSet({
  formatMinor: 0,
  flags: ModuleSetFlags.Reclaimable,
  modules: [buildSmbiosModule(smbiosBlob()), buildAcpiModule(acpiTable('SSDT', 40), 3)],
});
const badChecksumSet = goodSet.slice();
badChecksumSet[goodSet.length - 20] = (badChecksumSet[goodSet.length - 20]! + 1) & 0xff;
const badChecksumAcpi = acpiTable('SSDT', 40);
badChecksumAcpi[9] = (badChecksumAcpi[9]! + 1) & 0xff;

/** The garbage inputs; a directory has no offset to report. */
const inputs: { name: string; bytes?: Uint8Array }[] = [
  { name: 'empty.bin', bytes: new Uint8Array(0) },
  { name: 'random.bin', bytes: noise(5000, 0x5eed) },
  { name: 'random-small.bin', bytes: noise(37, 0xbeef) },
  { name: 'a-directory' },
  { name: 'truncated-set.img', bytes: goodSet.subarray(0, 40) },
  { name: 'bad-checksum-set.img', bytes: badChecksumSet },
  { name: 'bad-checksum-acpi.bin', bytes: badChecksumAcpi },
  { name: 'truncated-smbios.bin', bytes: smbiosBlob().subarray(0, 20) },
];
for (const i of inputs) {
  if (i.bytes) writeFileSync(at(i.name), i.bytes);
  else mkdirSync(at(i.name));
}

/** Commands, with `F` standing for the garbage file and `O` for a fresh output path. */
const commands: string[][] = [
  ['check', 'F'],
  ['inspect', 'F'],
  ['guest-view', '--smbios', 'F'],
  ['guest-view', '--acpi', 'F'],
  ['pack', 'smbios', 'F', '-o', 'O'],
  ['pack', 'acpi', 'F', '-o', 'O'],
  ['pack', 'modules', '--smbios', 'F', '-o', 'O'],
  ['pack', 'modules', '--acpi', 'F', '-o', 'O'],
  ['plan', '--loader', 'F', '--memory', '1024'],
  ['plan', '--loader', '0x40000', '--modules', 'F', '--memory', '1024'],
];

/** Runs where exit 0 is the right answer: hvmloader (and libxl) take an empty blob as "no blob". */
const exitZeroAllowed = new Set(['guest-view --smbios F|empty.bin', 'guest-view --acpi F|empty.bin']);

const cases = inputs.flatMap((i) => commands.map((c) => ({ input: i.name, argv: c, label: `${c.join(' ')}|${i.name}` })));

describe('garbage in: a typed one-line error (exit 2) or findings (exit 1)', () => {
  let n = 0;
  it.each(cases)('$label', async ({ input, argv, label }) => {
    const file = at(input);
    const out = at(`out-${n++}.bin`);
    const before = statSync(file).isDirectory() ? null : readFileSync(file);
    const r = await runHvmpack(argv.map((a) => (a === 'F' ? file : a === 'O' ? out : a)));
    expect(r.stderr).not.toMatch(/internal error/);
    if (exitZeroAllowed.has(label)) {
      expect(r.code).toBe(0);
      return;
    }
    expect([1, 2], `${r.stdout}\n${r.stderr}`).toContain(r.code);
    if (r.code === 2) {
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]!.startsWith(`hvmpack: ${file}: `), lines[0]).toBe(true);
      // A decoder's rejection says where: `(at 0x…)`. Only "is a directory" has no offset.
      if (before !== null) expect(lines[0]).toMatch(/ \(at 0x[0-9a-fA-F]+\)$/);
    } else {
      expect(`${r.stdout}${r.stderr}`).toMatch(/\berror\b/);
    }
    // Nothing written on refusal or on errors (pack needs --force then), the input untouched.
    if (before !== null) expect(Buffer.compare(readFileSync(file), before)).toBe(0);
    expect(() => statSync(out)).toThrow();
  });
});

describe('regressions found feeding the walk-through the wrong file', () => {
  it('check on a module set verifies the container and runs hvmloader\'s rules on its payloads', async () => {
    const r = await runHvmpack(['check', at('bad-checksum-set.img'), '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as { kind: string; findings: { code: string; path?: string }[] };
    expect(j.kind).toBe('module-set');
    expect(j.findings.map((f) => f.code)).toContain('BAD_CHECKSUM');
    const good = at('good-set.img');
    writeFileSync(good, goodSet);
    const ok = await runHvmpack(['check', good, '--json']);
    expect(ok.code).toBe(0);
    // The SMBIOS payload's type 1 gets hvmloader's handle: the check saw inside the container.
    const f = (JSON.parse(ok.stdout) as { findings: { code: string; path?: string }[] }).findings.find((x) => x.code === 'XEN_SMBIOS_HANDLE_REWRITTEN');
    expect(f?.path).toMatch(/^modset\.modules\[0\]\.payload\.smbiosBlob\.records\[0\]$/);
  });

  it('pack smbios with no structure left (--types 200) refuses to write an empty blob', async () => {
    const src = at('one-struct.bin');
    writeFileSync(src, new ByteWriter().u8(1).u8(27).u16(0x10).fill(23, 0).cstring('Acme').u8(0).u8(127).u8(4).u16(0x11).u8(0).u8(0).finish());
    const out = at('nothing.bin');
    const r = await runHvmpack(['pack', 'smbios', src, '--types', '200', '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/PACK_NOTHING_TO_PACK/);
    expect(() => statSync(out)).toThrow();
  });

  it('pack smbios stops on the reader\'s errors (a table cut inside its second structure) instead of packing what was read', async () => {
    const src = at('cut-table.bin');
    // Type 1 (27 bytes, "Acme"), then a type 2 header announcing 15 bytes with only 7 present.
    writeFileSync(src, new ByteWriter().u8(1).u8(27).u16(0x10).fill(23, 0).cstring('Acme').u8(0).u8(2).u8(15).u16(0x11).u8(1).u8(2).u8(3).finish());
    const out = at('from-cut.bin');
    const r = await runHvmpack(['pack', 'smbios', src, '-o', out, '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as { written: boolean; findings: { code: string; severity: string; path?: string }[] };
    expect(j.written).toBe(false);
    expect(j.findings.some((f) => f.severity === 'error' && f.path?.startsWith('input.'))).toBe(true);
    expect(() => statSync(out)).toThrow();
  });

  it.each([
    ['--smbios', 'bad-checksum-acpi.bin', /acpi_firmware blob/],
    ['--acpi', 'truncated-smbios.bin', /smbios_firmware blob/],
    ['--smbios', 'bad-checksum-set.img', /module set/],
  ])('guest-view %s given %s refuses the swapped file (exit 2)', async (opt, name, why) => {
    const r = await runHvmpack(['guest-view', opt, at(name)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).toMatch(/\(at 0x0\)\n$/);
  });

  it('inspect reports a wrong ACPI checksum as an error (exit 1), hvmloader copies it unfixed', async () => {
    const r = await runHvmpack(['inspect', at('bad-checksum-acpi.bin'), '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as { findings: { code: string; offset?: number }[] };
    expect(j.findings).toContainEqual(expect.objectContaining({ code: 'BAD_CHECKSUM', offset: 9 }));
  });
});
