// The test vectors of docs/module-format.md, rebuilt here from their models and compared byte
// for byte with the hex dumps in the document, so the doc and the code cannot drift apart.
// On a mismatch the generated blocks are written to docs/module-format.vectors.actual.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ByteWriter, bytesEqual, formatHexDump, parseHexDump } from '@hvmpack/bytes';
import { ModuleSetFlags, buildAcpiModule, buildMetaModule, buildSmbiosModule, decodeModuleSet, describeHandoff, encodeModuleSet, verifyModuleSet, type Module } from '@hvmpack/container';
import { buildHvmInfoTable, encodeHvmInfoTable, encodeHvmStartInfo, encodeMemmapEntry, encodeModlistEntry } from '@hvmpack/xen';
import { repoRoot } from '../../../test/support/env.js';

const docPath = path.join(repoRoot, 'docs', 'module-format.md');

/** The 14-byte Xen smbios_firmware blob of the vectors: one type 11 structure with string "Xen". */
export function vectorSmbiosBlob(): Uint8Array {
  return new ByteWriter().u32(10).bytes(Uint8Array.of(0x0b, 0x05, 0x00, 0x0b, 0x01)).cstring('Xen').u8(0).finish();
}

/** The 36-byte header-only SSDT of the vectors. */
export function vectorSsdt(): Uint8Array {
  const w = new ByteWriter().ascii('SSDT').u32(36).u8(2).u8(0).ascii('HVMPCK', 6).ascii('TESTVEC', 8, 0x20).u32(1).ascii('HVMP').u32(1);
  return w.patchChecksum8(9).finish();
}

const unknownModule: Module = { kind: 'unknown', type: 0x8001, signature: 'XTRA', revision: 1, flags: 0, typeHeader: new Uint8Array(8), payload: Uint8Array.of(1, 2, 3) };

const vectors: Record<string, () => Uint8Array> = {
  'empty-set': () => encodeModuleSet({ formatMinor: 0, flags: ModuleSetFlags.Reclaimable, modules: [] }),
  'meta-set': () =>
    encodeModuleSet({
      formatMinor: 0,
      flags: ModuleSetFlags.Reclaimable,
      modules: [buildMetaModule([{ key: 'origin', value: 'hvmpack' }, { key: 'build.number', value: 7n }, { key: 'loader.verbose', value: true }])],
    }),
  'smbios-acpi-set': () =>
    encodeModuleSet({
      formatMinor: 0,
      flags: ModuleSetFlags.Reclaimable,
      modules: [buildSmbiosModule(vectorSmbiosBlob(), { version: { major: 2, minor: 4 } }), buildAcpiModule(vectorSsdt())],
    }),
  'unknown-module-set': () => encodeModuleSet({ formatMinor: 0, flags: 0, modules: [unknownModule] }),
  'handoff-modlist-entry': () => describeHandoff(0x200000n, 0x40, { namePaddr: 0x1ff000n }).startInfo.entry,
  'start-info-v1': () =>
    encodeHvmStartInfo({ version: 1, flags: 0, nrModules: 1, modlistPaddr: 0x3f0038n, cmdlinePaddr: 0n, rsdpPaddr: 0n, memmapPaddr: 0x3f0878n, memmapEntries: 2, reserved: 0 }),
  'modlist-entry': () => encodeModlistEntry({ paddr: 0x1a0000n, size: 0x20000n, cmdlinePaddr: 0x3f0078n, reserved: 0n }),
  'memmap-entry': () => encodeMemmapEntry({ addr: 0x100000n, size: 0x3ff00000n, type: 1, reserved: 0 }),
  'hvm-info': () => encodeHvmInfoTable(buildHvmInfoTable({ nrVcpus: 2, lowMemBytes: 0x40000000n })),
};

function docVectors(): Map<string, Uint8Array> {
  const text = readFileSync(docPath, 'utf8');
  const out = new Map<string, Uint8Array>();
  const re = /<!-- vector: ([a-z0-9-]+) -->\s*```text\n([\s\S]*?)```/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.set(m[1]!, parseHexDump(m[2]!).bytes);
  return out;
}

describe('docs/module-format.md test vectors', () => {
  const doc = docVectors();
  const generated = Object.entries(vectors).map(([name, make]) => ({ name, bytes: make() }));
  if (generated.some((g) => !doc.has(g.name) || !bytesEqual(doc.get(g.name)!, g.bytes))) {
    writeFileSync(
      docPath.replace(/\.md$/, '.vectors.actual'),
      generated.map((g) => `<!-- vector: ${g.name} -->\n\`\`\`text\n${formatHexDump(g.bytes)}\`\`\`\n`).join('\n'),
    );
  }

  it('documents exactly the vectors the tests build', () => {
    expect([...doc.keys()].sort()).toEqual(Object.keys(vectors).sort());
  });

  it.each(generated)('vector $name matches the encoder byte for byte', ({ name, bytes }) => {
    expect(doc.get(name)).toEqual(bytes);
  });

  it.each(['empty-set', 'meta-set', 'smbios-acpi-set', 'unknown-module-set'])('container vector %s decodes and verifies clean', (name) => {
    const bytes = doc.get(name)!;
    const { set } = decodeModuleSet(bytes);
    expect(encodeModuleSet(set)).toEqual(bytes);
    expect(verifyModuleSet(bytes).findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});
