// `--redact [POLICY]` on pack smbios, pack acpi and prepare: the blobs are built from the redacted
// tables, what reaches the guest carries placeholders, and the report lists every change. The
// host is built here by our own encoders.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { concatBytes, latin1, verifyChecksum8 } from '@hvmpack/bytes';
import { encodeTable, formatAcpidump, decodeAcpiInput } from '@hvmpack/acpi';
import { buildTable, encodeTyped } from '@hvmpack/smbios';
import { decodeAcpiBlob } from '@hvmpack/xen';
import { runHvmpack } from './support/cli.js';
import { tempDir } from './support/tools.js';

const work = tempDir('redact-pack');
const at = (name: string): string => path.join(work, name);
const read = (name: string): string => latin1(new Uint8Array(readFileSync(at(name))));

const SERIAL = 'PACK-SERIAL-3141';
const ASSET = 'PACK-ASSET-59';
const KEY = 'BCDFG-HJKMP-QRTVW-XY234-6789B';
const v = { version: { major: 3, minor: 2 } };
writeFileSync(
  at('host.bin'),
  buildTable(
    [
      { ...encodeTyped(0, { vendor: 'Pack Firmware', version: '1', releaseDate: '01/01/2026', romSize: 0xff, characteristics: 0x08n }, v), handle: 0 },
      { ...encodeTyped(1, { manufacturer: 'Pack Computers', productName: 'P', serialNumber: SERIAL, uuid: '2b3c4d5e-6f70-4829-9aab-1c2d3e4f5a6b', wakeUpType: 6 }, v), handle: 1 },
      { ...encodeTyped(3, { manufacturer: 'Pack Computers', chassisType: 3, serialNumber: SERIAL, assetTag: ASSET, bootUpState: 3, powerSupplyState: 3, thermalState: 3, securityStatus: 3 }, v), handle: 3 },
    ],
    v,
  ).dumpBin,
);
const header = (signature: string) => ({ signature, length: 0, revision: 1, checksum: 0, oemId: 'PACKCO', oemTableId: 'PACKTBL', oemRevision: 1, creatorId: 'HVMP', creatorRevision: 1 });
const msdm = encodeTable({ header: header('MSDM'), body: concatBytes([Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 29, 0, 0, 0), new TextEncoder().encode(KEY)]) });
const ssdt = encodeTable({ header: header('SSDT'), body: Uint8Array.of(0xa3) });
writeFileSync(at('host.txt'), formatAcpidump([ssdt, msdm].map((b) => decodeAcpiInput(b).tables[0]!)));

interface Doc {
  redaction?: { changeCount: number; changes: { identifier: string }[] };
}

describe('--redact', () => {
  it('pack smbios builds the blob from the redacted structures and reports the changes', async () => {
    const r = await runHvmpack(['pack', 'smbios', at('host.bin'), '--redact', '-o', at('smbios.bin'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.redaction?.changes.map((c) => c.identifier)).toEqual(['smbios.1.serialNumber', 'smbios.1.uuid', 'smbios.3.serialNumber', 'smbios.3.assetTag']);
    expect(read('smbios.bin')).not.toContain(SERIAL);
    expect(read('smbios.bin')).not.toContain(ASSET);
    expect((await runHvmpack(['check', at('smbios.bin')])).code).toBe(0);
  });

  it('pack acpi --tables SSDT,MSDM --redact passes the MSDM with a placeholder key and valid checksums', async () => {
    const r = await runHvmpack(['pack', 'acpi', at('host.txt'), '--tables', 'SSDT,MSDM', '--redact', '-o', at('acpi.bin'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as Doc).redaction?.changes.map((c) => c.identifier)).toEqual(['acpi.MSDM.productKey']);
    const blob = new Uint8Array(readFileSync(at('acpi.bin')));
    expect(latin1(blob)).not.toContain(KEY);
    const walk = decodeAcpiBlob(blob);
    expect(walk.records.map((t) => t.signature)).toEqual(['SSDT', 'MSDM']);
    for (const t of walk.records) expect(verifyChecksum8(t.bytes)).toBe(true);
  });

  it('pack without --redact leaves the values (the flag is what changes the blob)', async () => {
    const r = await runHvmpack(['pack', 'smbios', at('host.bin'), '-o', at('plain.bin'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as Doc).redaction).toBeUndefined();
    expect(read('plain.bin')).toContain(SERIAL);
  });

  it('prepare --redact=POLICY writes blobs and a guest view without what the policy redacts, and says so in report.json', async () => {
    writeFileSync(at('policy.yaml'), 'version: 1\nrules:\n  - match: { class: [serial] }\n    action: redact\ndefault: allow\n');
    const r = await runHvmpack(['prepare', at('host.bin'), at('host.txt'), '--redact=' + at('policy.yaml'), '-o', at('prepared')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/redacted smbios\.1\.serialNumber \(serial\): PA\*+41 -> REDACTED-/);
    for (const f of ['smbios.bin', 'guest-view.json']) expect(read(`prepared/${f}`)).not.toContain(SERIAL);
    // The policy names serials only: the asset tag passes.
    expect(read('prepared/smbios.bin')).toContain(ASSET);
    const report = JSON.parse(read('prepared/report.json')) as Doc;
    expect(report.redaction?.changes.map((c) => c.identifier)).toEqual(['smbios.1.serialNumber', 'smbios.3.serialNumber']);
  });

  it('--redact-key without --redact is a usage error, and nothing is written', async () => {
    writeFileSync(at('k.key'), 'k');
    const r = await runHvmpack(['pack', 'smbios', at('host.bin'), '--redact-key', at('k.key'), '-o', at('never.bin')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--redact-key needs --redact');
  });
});
