// Differential test: our typed text view against dmidecode 3.4 on every corpus SMBIOS file that
// dmidecode can read (--dump-bin files directly; other containers after our own conversion).
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTable, encodeTyped, formatStructureText, oemContext, type OemContext, type RawStructure, type SmbiosTable, type SmbiosVersion } from '@hvmpack/smbios';
import { skipReason } from './support/env.js';
import { corpusDumpCases } from './support/smbios-corpus.js';
import { tempDir, toolOutput } from './support/tools.js';

/**
 * Types whose text we do not claim matches dmidecode 3.4: none today. Every type is claimed, OEM
 * types included (dmidecode's vendor decoders among them); type 42 also has crafted cases in
 * smbios-type42-dmidecode.test.ts, as no corpus machine has one.
 */
const UNCLAIMED_TYPES: ReadonlySet<number> = new Set<number>([]);


const reason = skipReason({ tools: ['dmidecode'], corpus: 'smbios' });
const workDir = tempDir('typed');

const runDmidecode = (args: string[]): Promise<string> => toolOutput('dmidecode', args);

/** dmidecode's structure blocks: each starts with its `Handle` line, blank separators dropped. */
function splitBlocks(out: string): string[][] {
  const blocks: string[][] = [];
  let cur: string[] | undefined;
  for (const line of out.split('\n')) {
    if (line.startsWith('Handle 0x')) {
      cur = [line];
      blocks.push(cur);
    } else if (cur) {
      if (line === '') cur = undefined;
      else cur.push(line);
    }
  }
  return blocks;
}

function ourBlock(s: RawStructure, t: SmbiosTable, oem: OemContext | undefined): string[] {
  const handle = `Handle 0x${s.handle.toString(16).toUpperCase().padStart(4, '0')}, DMI type ${s.type}, ${s.length} bytes`;
  return [handle, ...formatStructureText(s, t.version, t.table, oem)];
}

interface Case {
  name: string;
  dumpFile: string;
  table: SmbiosTable;
}

/** Tables our builder produced from typed fields, under versions on both sides of the 2.6 UUID rule. */
const BUILT_UUID = '12345678-9abc-def0-0123-456789abcdef';

function builtCases(): Case[] {
  const uuid = BUILT_UUID;
  return ([{ major: 2, minor: 4 }, { major: 2, minor: 6 }, { major: 3, minor: 2 }] as SmbiosVersion[]).map((version) => {
    const items = [
      encodeTyped(0, { vendor: 'Vendor', version: '1.0', startingAddressSegment: 0xe800, releaseDate: '01/02/2023', romSize: 0x3f, characteristics: '0x0000000000000080', characteristicsExt1: 3, characteristicsExt2: 0x0c, biosMajorRelease: 1, biosMinorRelease: 2, firmwareMajorRelease: 0xff, firmwareMinorRelease: 0xff }),
      encodeTyped(1, { manufacturer: 'Maker', productName: 'Box', version: 'v1', serialNumber: 'S1', uuid, wakeUpType: 6, skuNumber: 'SKU', family: 'Fam' }, { version }),
      encodeTyped(3, { manufacturer: 'Maker', chassisType: 0x97, bootUpState: 3, powerSupplyState: 3, thermalState: 3, securityStatus: 3, oemDefined: 0, height: 2, powerCords: 1, containedElementCount: 0, containedElementRecordLength: 3 }),
      encodeTyped(4, { socketDesignation: 'CPU0', processorType: 3, processorFamily: 0xb3, processorManufacturer: 'Intel', processorId: '0xBFEBFBFF000306F2', processorVersion: 'Xeon', voltage: 0x8b, externalClock: 100, maxSpeed: 3600, currentSpeed: 2400, status: 0x41, processorUpgrade: 0x2b, l1CacheHandle: 0xffff, l2CacheHandle: 0xffff, l3CacheHandle: 0xffff, coreCount: 8, coreEnabled: 8, threadCount: 16, processorCharacteristics: 0xfc }),
      encodeTyped(17, { physicalMemoryArrayHandle: 0x1000, memoryErrorInformationHandle: 0xfffe, totalWidth: 72, dataWidth: 64, size: 0x7fff, formFactor: 9, deviceSet: 0, deviceLocator: 'DIMM0', bankLocator: 'BANK 0', memoryType: 0x1a, typeDetail: 0x80, speed: 2400, manufacturer: 'M', serialNumber: 'S', assetTag: 'A', partNumber: 'P', attributes: 2, extendedSize: 65536, configuredMemorySpeed: 2133, minimumVoltage: 1200, maximumVoltage: 1350, configuredVoltage: 1250 }),
    ];
    const built = buildTable(items, { version });
    const dumpFile = path.join(workDir, `built-${version.major}.${version.minor}.bin`);
    writeFileSync(dumpFile, built.dumpBin);
    return { name: `built by hvmpack, SMBIOS ${version.major}.${version.minor}`, dumpFile, table: built.table };
  });
}

const cases = reason ? [] : [...corpusDumpCases(workDir), ...builtCases()];

describe.skipIf(reason !== undefined)('typed text view agrees with dmidecode 3.4', () => {
  it('has corpus files to compare', () => {
    expect(cases.length).toBeGreaterThan(10);
  });

  it.for(cases.map((c) => [c.name, c] as const))('%s', async ([, c]) => {
    const theirs = splitBlocks(await runDmidecode(['--from-dump', c.dumpFile]));
    const claimed = (type: number): boolean => !UNCLAIMED_TYPES.has(type);
    const typeOf = (b: string[]): number => Number(/DMI type (\d+)/.exec(b[0]!)?.[1]);
    const expected = theirs.filter((b) => claimed(typeOf(b)));
    const oem = oemContext(c.table.structures, c.table.version);
    const ours = c.table.structures.slice(0, theirs.length).map((s) => ourBlock(s, c.table, oem)).filter((b) => claimed(typeOf(b)));
    // Report only where blocks differ (handle, type, line number): the text holds serial numbers.
    const mismatches: string[] = [];
    for (let i = 0; i < Math.max(ours.length, expected.length); i++) {
      const a = ours[i] ?? [];
      const b = expected[i] ?? [];
      const line = a.findIndex((l, j) => l !== b[j]);
      if (line >= 0 || a.length !== b.length) mismatches.push(`${(b[0] ?? a[0] ?? '').split(',').slice(0, 2).join(',')} line ${line >= 0 ? line : Math.min(a.length, b.length)}`);
    }
    if (mismatches.length > 0 && process.env['HVMPACK_WRITE_ACTUAL']) {
      writeFileSync(`${process.env['HVMPACK_WRITE_ACTUAL']}/${c.name}.actual`, ours.map((b) => b.join('\n')).join('\n\n'));
      writeFileSync(`${process.env['HVMPACK_WRITE_ACTUAL']}/${c.name}.expected`, expected.map((b) => b.join('\n')).join('\n\n'));
    }
    expect(mismatches).toEqual([]);
  });

  it.for(cases.filter((c) => c.name.startsWith('built')).map((c) => [c.name, c] as const))('%s: dmidecode reads back the UUID we encoded', async ([, c]) => {
    // encodeTyped stores the UUID in the byte order of the table's version, so dmidecode's
    // 2.6 rule (swap or not) must give back the same text on both sides of 2.6.
    expect(await runDmidecode(['--from-dump', c.dumpFile, '-s', 'system-uuid'])).toBe(`${BUILT_UUID}\n`);
  });
});
