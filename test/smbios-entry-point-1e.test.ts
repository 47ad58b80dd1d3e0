// The SMBIOS 2.1 `_SM_` entry point whose length byte is 0x1E (a DSP0134 2.1 erratum; the
// structure is really 0x1F bytes), read as dmidecode 3.4 reads it:
// - from a dump (--from-dump), the length byte only bounds the outer checksum, and the _DMI_
//   intermediate (0x10..0x1E) is checked as always;
// - from sysfs, Linux copies length-byte many bytes, so `smbios_entry_point` is 30 bytes long, and
//   dmidecode 3.4 wants at least 31 for `_SM_` ("Failed to get SMBIOS data from sysfs."): refused.
// Entry points are written byte by byte here; the sysfs side of dmidecode runs in a private mount
// namespace with our files mounted at /sys/firmware/dmi/tables (skipped where that is not allowed).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTable, decodeSmbiosPair, encodeTyped, type SmbiosTable } from '@hvmpack/smbios';
import { ErrorCode, isFormatError } from '@hvmpack/bytes';
import { runHvmpack } from './support/cli.js';
import { skipReason, which } from './support/env.js';
import { runTool, tempDir, type ToolRun } from './support/tools.js';

const toolReason = skipReason({ tools: ['dmidecode'] });
const work = tempDir('ep-1e');

/** A small SMBIOS 2.1 table from our builder (its own entry point is not used). */
function table21(): SmbiosTable {
  return buildTable(
    [
      encodeTyped(0, { vendor: 'Vendor', version: '1.0', startingAddressSegment: 0xf000, releaseDate: '01/02/1998', romSize: 0x0f }),
      encodeTyped(1, { manufacturer: 'Maker', productName: 'Box', version: 'v1' }, { version: { major: 2, minor: 1 } }),
    ],
    { version: { major: 2, minor: 1 } },
  ).table;
}

const sum8 = (b: Uint8Array, from: number, to: number): number => b.subarray(from, to).reduce((a, x) => (a + x) & 0xff, 0);

/**
 * A `_SM_` entry point for `t`, 32 bytes, written field by field (DSP0134 §5.2.1): the outer
 * checksum covers `lengthByte` bytes, the _DMI_ checksum 0x10..0x1E (BCD revision included).
 */
function smEntryPoint(t: SmbiosTable, lengthByte: number, bcd: number, tableAddress: number): Uint8Array {
  const b = new Uint8Array(32);
  const dv = new DataView(b.buffer);
  b.set([0x5f, 0x53, 0x4d, 0x5f], 0x00); // "_SM_"; 0x04 checksum below
  b[0x05] = lengthByte;
  b[0x06] = 2; // major
  b[0x07] = 1; // minor
  dv.setUint16(0x08, Math.max(...t.structures.map((s) => s.length + s.stringSet.length)), true); // max structure size
  // 0x0A entry point revision 0, 0x0B..0x0F formatted area zero
  b.set([0x5f, 0x44, 0x4d, 0x49, 0x5f], 0x10); // "_DMI_"; 0x15 checksum below
  dv.setUint16(0x16, t.table.length, true);
  dv.setUint32(0x18, tableAddress, true);
  dv.setUint16(0x1c, t.structures.length, true);
  b[0x1e] = bcd;
  b[0x15] = (0x100 - sum8(b, 0x10, 0x1f)) & 0xff;
  b[0x04] = (0x100 - sum8(b, 0x00, lengthByte)) & 0xff;
  return b;
}

/** Can dmidecode be shown our files as /sys/firmware/dmi/tables (root, mount namespaces)? */
function sysfsReason(): string | undefined {
  if (toolReason) return toolReason;
  if (!which('unshare')) return 'unshare (util-linux) not installed';
  try {
    execFileSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs none /sys/firmware'], { stdio: 'ignore', timeout: 10_000 });
    return undefined;
  } catch {
    return 'no private mount namespace here (needs root and unshare -m)';
  }
}

/**
 * dmidecode 3.4 reading `dir`'s smbios_entry_point + DMI as its sysfs tables, in a mount
 * namespace of its own; its memory-scan fallback reads a file that does not exist, so a refused
 * sysfs entry point ends there instead of reading real memory.
 */
function dmidecodeSysfs(dir: string): Promise<ToolRun> {
  const script = 'mount -t tmpfs none /sys/firmware && mkdir -p /sys/firmware/dmi/tables && cp "$1/smbios_entry_point" "$1/DMI" /sys/firmware/dmi/tables/ && exec dmidecode -d "$1/no-memory"';
  return runTool('unshare', ['-m', 'sh', '-c', script, 'sh', dir]);
}

/** dmidecode's stdout from the first SMBIOS line on, without the "Table at" line it prints only for memory and sysfs. */
function fromPresent(out: string): string {
  const lines = out.split('\n');
  return lines
    .slice(lines.findIndex((l) => l.startsWith('SMBIOS ')))
    .filter((l) => !l.startsWith('Table at 0x'))
    .join('\n');
}

const sysReason = sysfsReason();

describe.skipIf(sysReason !== undefined)('a sysfs smbios_entry_point of a 0x1E-length _SM_ entry point: read as dmidecode 3.4 reads sysfs', () => {
  // [name, bytes in the smbios_entry_point file, length byte, BCD revision, decoded]
  it.each([
    ['a 30-byte file (what Linux exposes for length 0x1E), BCD revision 0x21', 30, 0x1e, 0x21, false],
    ['a 30-byte file, BCD revision 0', 30, 0x1e, 0, false],
    ['a 31-byte file with length byte 0x1E', 31, 0x1e, 0x21, true],
    ['a 31-byte file with length byte 0x1F', 31, 0x1f, 0x21, true],
  ] as Array<[string, number, number, number, boolean]>)('%s', async (name, size, lengthByte, bcd, decoded) => {
    const t = table21();
    const dir = path.join(work, name.replace(/[^a-z0-9]+/gi, '-'));
    mkdirSync(dir);
    const ep = smEntryPoint(t, lengthByte, bcd, 0xf0000).subarray(0, size);
    writeFileSync(path.join(dir, 'smbios_entry_point'), ep);
    writeFileSync(path.join(dir, 'DMI'), t.table);
    const [theirs, ours] = await Promise.all([dmidecodeSysfs(dir), runHvmpack(['smbios', 'decode', dir])]);
    expect(theirs.stdout.includes('Failed to get SMBIOS data from sysfs.')).toBe(!decoded);
    if (!decoded) {
      expect(theirs.stdout).not.toContain('SMBIOS 2.1 present.');
      expect(ours.code).toBe(2);
      expect(ours.stderr.trim().endsWith('(at 0x1E)')).toBe(true);
      let err: unknown;
      try {
        decodeSmbiosPair(ep, t.table);
      } catch (e) {
        err = e;
      }
      expect(isFormatError(err) ? [err.code, err.offset] : err).toEqual([ErrorCode.Truncated, 0x1e]);
      return;
    }
    expect([theirs.code, ours.code]).toEqual([0, 0]);
    expect(ours.stdout).toBe(fromPresent(theirs.stdout));
  });
});

describe.skipIf(toolReason !== undefined)('a dump with a 0x1E-length _SM_ entry point: decode agrees with dmidecode --from-dump', () => {
  // [name, BCD revision the _DMI_ checksum counted, byte stored at 0x1E, decoded]
  it.each([
    ['the whole entry point, BCD revision 0x21', 0x21, 0x21, true],
    ['a 30-byte sysfs copy padded with zeros, BCD revision 0x21 (byte 0x1E lost)', 0x21, 0x00, false],
    ['a 30-byte sysfs copy padded with zeros, BCD revision 0', 0x00, 0x00, true],
  ] as Array<[string, number, number, boolean]>)('%s', async (name, bcd, stored, decoded) => {
    const t = table21();
    const ep = smEntryPoint(t, 0x1e, bcd, 32);
    ep[0x1e] = stored;
    ep[0x1f] = 0;
    const dump = new Uint8Array(32 + t.table.length);
    dump.set(ep, 0);
    dump.set(t.table, 32);
    const file = path.join(work, `${name.replace(/[^a-z0-9]+/gi, '-')}.bin`);
    writeFileSync(file, dump);
    const [theirs, ours] = await Promise.all([runTool('dmidecode', ['--from-dump', file]), runHvmpack(['smbios', 'decode', file])]);
    expect(theirs.stdout.includes('SMBIOS 2.1 present.')).toBe(decoded);
    if (!decoded) {
      expect(theirs.stdout).toContain('No SMBIOS nor DMI entry point found');
      // Ours names the _DMI_ checksum that no longer sums to zero.
      expect(ours.code).toBe(2);
      expect(ours.stderr.trim().endsWith('(at 0x15)')).toBe(true);
      return;
    }
    expect(ours.code).toBe(0);
    expect(ours.stdout).toBe(theirs.stdout.split('\n').slice(2).join('\n'));
  });
});
