// Issue 11 items 5 and 6: sensitive ACPI tables (MSDM, SLIC) stay out of `pack acpi` unless named,
// and every command that sees one in a blob says so; `pack modules` writes no set it reports as
// broken; `--tables` names the input lacks are an error; an empty selection says so plainly.
// Every file is built here in code.
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeTable } from '@hvmpack/acpi';
import { concatBytes } from '@hvmpack/bytes';
import { runHvmpack } from './support/cli.js';
import { tempDir } from './support/tools.js';

const work = tempDir('pack-refuses');
const at = (name: string): string => path.join(work, name);
const write = (name: string, bytes: Uint8Array): string => {
  writeFileSync(at(name), bytes);
  return at(name);
};

/** A table by our encoder: the header's length and checksum computed, `body` bytes of 0x5A. */
function table(signature: string, body: number): Uint8Array {
  const header = { signature, length: 0, revision: 1, checksum: 0, oemId: 'HVMPCK', oemTableId: 'TESTTBL', oemRevision: 1, creatorId: 'HVMP', creatorRevision: 1 };
  return encodeTable({ header, body: new Uint8Array(body).fill(0x5a) });
}

// MSDM: version 1, reserved, data type 1, reserved, data length 29, then a product key.
const msdmBody = concatBytes([Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 29, 0, 0, 0), new TextEncoder().encode('XXXXX-XXXXX-XXXXX-XXXXX-XXXXX')]);
const msdm = encodeTable({ header: { signature: 'MSDM', length: 0, revision: 3, checksum: 0, oemId: 'HVMPCK', oemTableId: 'TESTTBL', oemRevision: 1, creatorId: 'HVMP', creatorRevision: 1 }, body: msdmBody });
const host = write('host-tables.bin', concatBytes([table('SSDT', 20), msdm, table('SLIC', 30), table('BERT', 12)]));

interface PackJson {
  written: boolean;
  findings: { code: string; severity: string }[];
}
const codes = (r: { stdout: string }): string[] => (JSON.parse(r.stdout) as PackJson).findings.map((f) => f.code);

describe('sensitive tables stay out of pack acpi unless named', () => {
  it('pack acpi leaves MSDM and SLIC out by default, with a finding for each', async () => {
    const r = await runHvmpack(['pack', 'acpi', host, '-o', at('default.acpi'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(codes(r).filter((c) => c === 'PACK_ACPI_SENSITIVE_LEFT_OUT')).toHaveLength(2);
    const g = await runHvmpack(['guest-view', '--acpi', at('default.acpi'), '--json']);
    const sigs = (JSON.parse(g.stdout) as { acpi: { tables: { signature: string; source: string }[] } }).acpi.tables.filter((t) => t.source === 'pass-through').map((t) => t.signature);
    expect(sigs).toEqual(['SSDT', 'BERT']);
  });

  it('pack acpi --tables SSDT,MSDM passes MSDM because it is named', async () => {
    const r = await runHvmpack(['pack', 'acpi', host, '--tables', 'SSDT,MSDM', '-o', at('named.acpi'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(codes(r)).not.toContain('PACK_ACPI_SENSITIVE_LEFT_OUT');
  });

  it.each([
    ['check', (f: string) => ['check', f, '--json']],
    ['guest-view', (f: string) => ['guest-view', '--acpi', f, '--json']],
    ['inspect', (f: string) => ['inspect', f, '--json']],
  ])('%s says so when a blob holds MSDM', async (_n, argv) => {
    const blob = write('with-msdm.acpi', concatBytes([table('SSDT', 20), msdm]));
    const r = await runHvmpack(argv(blob));
    expect(codes(r)).toContain('ACPI_SENSITIVE_TABLE');
    // The key itself is never printed.
    expect(r.stdout + r.stderr).not.toContain('XXXXX-XXXXX');
  });

  it('check and inspect say so for a module set whose ACPI module holds MSDM', async () => {
    const blob = write('set-msdm.acpi', concatBytes([table('SSDT', 20), msdm]));
    const set = at('with-msdm.img');
    const p = await runHvmpack(['pack', 'modules', '--acpi', blob, '-o', set]);
    expect(p.code, p.stderr).toBe(0);
    for (const argv of [['check', set, '--json'], ['inspect', set, '--json']]) expect(codes(await runHvmpack(argv))).toContain('ACPI_SENSITIVE_TABLE');
  });

  it('inspect says so for a host input holding SLIC', async () => {
    const r = await runHvmpack(['inspect', host, '--json']);
    expect(codes(r)).toContain('ACPI_SENSITIVE_TABLE');
  });
});

describe('pack acpi --tables', () => {
  it('--tables SSDT,XXXX,SSDT7 names two tables the input lacks: error, nothing written', async () => {
    const out = at('absent.acpi');
    const r = await runHvmpack(['pack', 'acpi', host, '--tables', 'SSDT,XXXX,SSDT7', '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stderr.match(/PACK_ACPI_TABLE_NOT_IN_INPUT/g)).toHaveLength(1);
    expect(r.stderr).toMatch(/--tables names XXXX, SSDT7, which the input does not hold/);
    expect(r.stderr).toMatch(/--tables names a table the input does not hold/);
    expect(existsSync(out)).toBe(false);
  });

  it('an empty selection gets its own message, not "hvmloader would misbehave"', async () => {
    const only = write('dsdt-only.bin', table('DSDT', 40));
    const out = at('empty.acpi');
    const r = await runHvmpack(['pack', 'acpi', only, '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not writing .*: nothing was selected to pack/);
    expect(r.stderr).not.toMatch(/would misbehave/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('pack modules writes no broken set', () => {
  const notRom = write('not-a-rom.bin', new Uint8Array(512).fill(0x11));
  it('--orom with a ROM not starting 55 AA: exit 1, nothing written', async () => {
    const out = at('broken.img');
    const r = await runHvmpack(['pack', 'modules', '--orom', '8086:100e=' + notRom, '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not writing .*broken\.img/);
    expect(existsSync(out)).toBe(false);
  });

  it('--force writes it anyway', async () => {
    const out = at('forced.img');
    const r = await runHvmpack(['pack', 'modules', '--orom', '8086:100e=' + notRom, '--force', '-o', out]);
    expect(r.code).toBe(0);
    expect(existsSync(out)).toBe(true);
  });
});
