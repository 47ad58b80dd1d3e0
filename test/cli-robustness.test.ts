// Every command that reads a file, fed inputs that are wrong in the usual ways: the answer is a
// typed one-line error (exit 2) or findings (exit 1), never an internal error, a stack trace, a
// hang, or an identifier from the input in an error message.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildExampleHost } from '@hvmpack/host';
import { runHvmpack } from './support/cli.js';
import { tempDir } from './support/tools.js';

const dir = tempDir('garbage');
const out = (name: string): string => path.join(dir, 'out', name);
mkdirSync(path.join(dir, 'out'));

// Deterministic pseudo-random bytes (xorshift), so a failure reproduces.
function noise(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

const host = buildExampleHost();
const secrets = ['EX-0000-DEMO', 'BRD-DEMO', 'CHS-DEMO', '4c4c4544-0000-1000-8000-00000000d3e0'];

const inputs: Record<string, Uint8Array | 'dir'> = {
  'an empty file': new Uint8Array(0),
  'random bytes': noise(1000, 7),
  'a bare _SM_ anchor': Uint8Array.from('_SM_', (c) => c.charCodeAt(0)),
  'a truncated SMBIOS dump': host.smbiosDumpBin.subarray(0, 150),
  'an SMBIOS dump with a corrupt table': (() => {
    const b = host.smbiosDumpBin.slice();
    b[33] = 2; // first structure's length byte below the 4-byte header
    return b;
  })(),
  'truncated acpidump text': new TextEncoder().encode(host.acpidumpText.slice(0, 200)),
  'plain text': new TextEncoder().encode('hello, this is not firmware\n'),
  'an empty folder': 'dir',
};

const paths = Object.fromEntries(
  Object.entries(inputs).map(([name, data], i) => {
    const p = path.join(dir, `input-${i}`);
    if (data === 'dir') mkdirSync(p);
    else writeFileSync(p, data);
    return [name, p];
  }),
);

const commands: Array<[string, (f: string) => string[]]> = [
  ['smbios decode', (f) => ['smbios', 'decode', f]],
  ['smbios decode --json', (f) => ['smbios', 'decode', f, '--json']],
  ['smbios get', (f) => ['smbios', 'get', f, 'system-uuid']],
  ['smbios dump-bin', (f) => ['smbios', 'dump-bin', f, '-o', out('d.bin')]],
  ['acpi list', (f) => ['acpi', 'list', f]],
  ['acpi extract', (f) => ['acpi', 'extract', f, '-o', out('x')]],
  ['acpi dump', (f) => ['acpi', 'dump', f]],
  ['acpi check', (f) => ['acpi', 'check', f]],
  ['acpi show', (f) => ['acpi', 'show', f, 'FACP']],
  ['pack smbios', (f) => ['pack', 'smbios', f, '-o', out('s.bin')]],
  ['pack acpi', (f) => ['pack', 'acpi', f, '-o', out('a.bin')]],
  ['pack modules', (f) => ['pack', 'modules', '--smbios', f, '--acpi', f, '-o', out('m.img')]],
  ['check', (f) => ['check', f]],
  ['guest-view', (f) => ['guest-view', '--smbios', f, '--acpi', f]],
  ['plan --loader', (f) => ['plan', '--loader', f, '--memory', '512']],
  ['plan --modules', (f) => ['plan', '--loader', '0x60000', '--modules', f, '--memory', '512']],
  ['inspect', (f) => ['inspect', f]],
];

const cases = commands.flatMap(([cmd, argv]) => Object.keys(inputs).map((input) => ({ cmd, input, argv: argv(paths[input]!) })));

describe('every command on bad input', () => {
  it.each(cases)('$cmd on $input: a typed error or findings, never a crash', async ({ argv }) => {
    const r = await runHvmpack(argv);
    expect(r.stderr).not.toMatch(/internal error|TypeError|RangeError|ReferenceError|\n\s+at /);
    if (r.code === 2) expect(r.stderr).toMatch(/(^|\n)hvmpack: .+/);
    else expect([0, 1]).toContain(r.code);
    // Whatever the input held, errors and findings never repeat its identifiers.
    for (const s of secrets) expect(r.stderr).not.toContain(s);
  });
});
