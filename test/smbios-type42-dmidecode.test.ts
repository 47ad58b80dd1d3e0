// Type 42 (Management Controller Host Interface) against dmidecode 3.4, on tables built here byte
// by byte: every interface type dmidecode names, the network host interface's device descriptors,
// protocol records (Redfish over IP in full: IPv4, IPv6, static/DHCP/AutoConf, hostname rules)
// and the bounds rules (too-short structure, data past the end, record count past the end).
// DSP0134 §7.43, DSP0270 §8.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTable, decodeSmbios, decodeTyped, formatWithFindings, smbiosJsonDocument, type SmbiosTable, type SmbiosVersion, type StructureSpec } from '@hvmpack/smbios';
import { indexSmbios, smbiosJsonText } from '@hvmpack/smbios/indexed';
import { runHvmpack } from './support/cli.js';
import { skipReason } from './support/env.js';
import { runTool, tempDir } from './support/tools.js';

const reason = skipReason({ tools: ['dmidecode'] });
const work = tempDir('type42');

const V32: SmbiosVersion = { major: 3, minor: 2 };

/** A type 42 structure in the 3.2 layout: type, N and N data bytes, count, records (count defaults to the records given). */
function hostInterface(type: number, specific: readonly number[], records: readonly Uint8Array[] = [], count = records.length): StructureSpec {
  return { type: 42, data: Uint8Array.from([type, specific.length, ...specific, count, ...records.flatMap((r) => [...r])]) };
}

/** A type 42 structure whose formatted bytes after the header are exactly `bytes`. */
function rawHostInterface(bytes: readonly number[]): StructureSpec {
  return { type: 42, data: Uint8Array.from(bytes) };
}

/** A protocol record: type, length, data. */
function record(type: number, data: readonly number[]): Uint8Array {
  return Uint8Array.from([type, data.length, ...data]);
}

const ip4 = (...b: number[]): number[] => [...b, ...new Array<number>(12).fill(0)];
/** An IPv6 address from its 8 groups. */
const ip6 = (...g: number[]): number[] => g.flatMap((w) => [w >> 8, w & 0xff]);
const UUID = [0x78, 0x56, 0x34, 0x12, 0xbc, 0x9a, 0xf0, 0xde, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef];

interface Redfish {
  uuid?: number[];
  hostAssign: number;
  hostFormat: number;
  hostAddress?: number[];
  hostMask?: number[];
  serviceAssign: number;
  serviceFormat: number;
  serviceAddress?: number[];
  serviceMask?: number[];
  port?: number;
  vlan?: number;
  hostname?: number[];
  /** Hostname length byte when not the hostname's length. */
  hostnameLength?: number;
}

/** A Redfish-over-IP protocol record (DSP0270 §8.6), data offsets in the comments. */
function redfish(r: Redfish): Uint8Array {
  const zero16 = new Array<number>(16).fill(0);
  const port = r.port ?? 0;
  const vlan = r.vlan ?? 0;
  const name = r.hostname ?? [];
  const data = [
    ...(r.uuid ?? UUID), // 0: service UUID
    r.hostAssign, // 16
    r.hostFormat, // 17
    ...(r.hostAddress ?? zero16), // 18
    ...(r.hostMask ?? zero16), // 34
    r.serviceAssign, // 50
    r.serviceFormat, // 51
    ...(r.serviceAddress ?? zero16), // 52
    ...(r.serviceMask ?? zero16), // 68
    port & 0xff, port >> 8, // 84
    vlan & 0xff, (vlan >>> 8) & 0xff, (vlan >>> 16) & 0xff, vlan >>> 24, // 86
    r.hostnameLength ?? name.length, // 90
    ...name, // 91
  ];
  return record(0x04, data);
}

const text = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
/** DSP0270 §8.3 USB descriptor: type 02h, idVendor, idProduct, serial number length 0. */
const USB = [0x02, 0x6b, 0x1d, 0x03, 0x01, 0x00];
/** DSP0270 §8.3 PCI/PCIe descriptor: type 03h, vendor, device, subvendor, subdevice. */
const PCI = [0x03, 0x86, 0x80, 0x3e, 0x15, 0x28, 0x10, 0x01, 0x00];

interface Case {
  name: string;
  version: SmbiosVersion;
  structures: StructureSpec[];
  /** dmidecode's "Total read length … exceeds …" lines (ours: SMBIOS_TYPE42_RECORD_OVERRUN findings). */
  overruns?: number;
}

const CASES: Case[] = [
  {
    name: 'a USB network interface with an IPv4 static Redfish-over-IP record',
    version: V32,
    structures: [
      hostInterface(0x40, USB, [
        redfish({ hostAssign: 1, hostFormat: 1, hostAddress: ip4(169, 254, 0, 2), hostMask: ip4(255, 255, 0, 0), serviceAssign: 1, serviceFormat: 1, serviceAddress: ip4(169, 254, 0, 1), serviceMask: ip4(255, 255, 0, 0), port: 443, vlan: 0xfffffffe, hostname: text('bmc.example') }),
      ]),
    ],
  },
  {
    name: 'a PCI network interface with an IPv6 record, static host and DHCP service',
    version: { major: 3, minor: 4 },
    structures: [
      hostInterface(0x40, PCI, [
        redfish({ hostAssign: 1, hostFormat: 2, hostAddress: ip6(0xfe80, 0, 0, 0, 0x0202, 0xb3ff, 0xfe1e, 0x8329), hostMask: ip6(0xffff, 0xffff, 0xffff, 0xffff, 0, 0, 0, 0), serviceAssign: 2, serviceFormat: 2, hostname: text('redfish') }),
        record(0x02, [0x20, 0x00]),
      ]),
    ],
  },
  {
    name: 'IPv6 text forms: AutoConf addresses with ::, mapped and compatible IPv4, first longest zero run',
    version: V32,
    structures: [
      hostInterface(0x40, USB, [redfish({ hostAssign: 3, hostFormat: 2, hostAddress: ip6(0, 0, 0, 0, 0, 0xffff, 0xc0a8, 0x0001), hostMask: ip6(0, 0, 0, 0, 0, 0, 0x0a00, 0x0001), serviceAssign: 3, serviceFormat: 2, serviceAddress: ip6(0x2001, 0xdb8, 0, 0, 1, 0, 0, 1), serviceMask: ip6(1, 0, 0, 0, 0, 0, 0, 0), port: 8443, vlan: 4094 })]),
      hostInterface(0x40, USB, [redfish({ hostAssign: 1, hostFormat: 2, hostAddress: ip6(0, 0, 0, 0, 0, 0, 0, 1), hostMask: ip6(0, 0, 0, 0, 0, 0, 0, 0), serviceAssign: 1, serviceFormat: 2, serviceAddress: ip6(1, 0, 2, 0, 0, 3, 0, 0), serviceMask: ip6(0xabcd, 0x12, 0, 0xffff, 0, 0, 0, 0x10) })]),
      hostInterface(0x40, USB, [redfish({ hostAssign: 1, hostFormat: 2, hostAddress: ip6(0, 0, 0, 0, 0, 0xfffe, 0x0102, 0x0304), hostMask: ip6(0, 0, 0, 0, 0, 0, 0, 0x0102), serviceAssign: 1, serviceFormat: 2, serviceAddress: ip6(0, 1, 0, 1, 0, 1, 0, 1), serviceMask: ip6(1, 2, 3, 4, 5, 6, 7, 0) })]),
    ],
  },
  {
    name: 'Redfish records with unknown and out-of-spec assignment and address codes',
    version: V32,
    structures: [
      hostInterface(0x40, USB, [redfish({ hostAssign: 1, hostFormat: 0, hostAddress: ip4(1, 2, 3, 4), serviceAssign: 3, serviceFormat: 7, port: 0xffff })]),
      hostInterface(0x40, PCI, [redfish({ hostAssign: 4, hostFormat: 1, serviceAssign: 9, serviceFormat: 1, serviceAddress: ip4(10, 0, 0, 1) })]),
      hostInterface(0x40, PCI, [redfish({ hostAssign: 0, hostFormat: 3, serviceAssign: 0, serviceFormat: 0 })]),
    ],
  },
  {
    name: 'Redfish hostnames: a NUL inside, a length past the record, none, all-zero and all-FF UUIDs',
    version: V32,
    structures: [
      hostInterface(0x40, USB, [redfish({ hostAssign: 2, hostFormat: 1, serviceAssign: 2, serviceFormat: 1, hostname: [...text('ab'), 0, ...text('cd')] })]),
      hostInterface(0x40, USB, [redfish({ hostAssign: 2, hostFormat: 1, serviceAssign: 2, serviceFormat: 1, hostname: text('short'), hostnameLength: 6 })]),
      hostInterface(0x40, USB, [redfish({ uuid: new Array<number>(16).fill(0), hostAssign: 2, hostFormat: 1, serviceAssign: 2, serviceFormat: 1 })]),
      hostInterface(0x40, USB, [redfish({ uuid: new Array<number>(16).fill(0xff), hostAssign: 2, hostFormat: 1, serviceAssign: 2, serviceFormat: 1, hostname: text('x') })]),
    ],
  },
  {
    name: 'protocol record types: reserved, IPMI, MCTP, OEM, out of spec, and a Redfish record shorter than 91 bytes',
    version: V32,
    structures: [
      hostInterface(0x40, USB, [record(0x00, []), record(0x01, [1]), record(0x02, [1, 2, 3]), record(0x03, [0]), record(0xf0, [9, 9]), record(0x05, []), record(0x04, new Array<number>(90).fill(0x41))]),
    ],
  },
  {
    name: 'network device descriptors: short USB and PCI, OEM codes, 04h with an IANA number, unknown, none',
    version: V32,
    structures: [
      hostInterface(0x40, [0x02, 0x6b, 0x1d, 0x03], [record(0x04, [])]),
      hostInterface(0x40, [0x03, 0x86, 0x80, 0x3e, 0x15, 0x28, 0x10, 0x01]),
      hostInterface(0x40, [0x80, 1, 2, 3, 4]),
      hostInterface(0x40, [0xff]),
      hostInterface(0x40, [0x04, 0x00, 0x00, 0x01, 0x57]),
      hostInterface(0x40, [0x01, 0, 0, 0, 0, 0]),
      hostInterface(0x40, [], [record(0x02, [0, 0, 0, 0])]),
    ],
  },
  {
    name: 'interface types: MCTP codes, KCS and the UART types, OEM, out of spec (3.2 layout)',
    version: V32,
    structures: [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x3f, 0x41, 0x80, 0xf0, 0xff].map((t) => hostInterface(t, [0, 0, 0, 0], [record(0x02, [0])])),
  },
  {
    name: 'a record count past the end of the structure',
    version: V32,
    structures: [hostInterface(0x40, USB, [record(0x02, [1, 2])], 3), hostInterface(0x40, USB, [], 1)],
    overruns: 2,
  },
  {
    name: 'a record whose length runs past the end of the structure',
    version: V32,
    structures: [hostInterface(0x40, USB, [record(0x03, [1]), Uint8Array.from([0x04, 200, 1, 2, 3])], 2)],
    overruns: 1,
  },
  {
    name: 'a structure that ends right after its interface-specific data (no count byte)',
    version: V32,
    structures: [rawHostInterface([0x40, 0x05, 0x02, 0x6b, 0x1d, 0x03, 0x01])],
    overruns: 1,
  },
  {
    name: 'too-short structures and data lengths past the end (3.2 layout)',
    version: V32,
    structures: [
      rawHostInterface([]),
      rawHostInterface([0x40]),
      rawHostInterface([0x40, 0x00, 0x00]),
      rawHostInterface([0x02, 0x00, 0x00, 0x00, 0x00, 0x00]),
      rawHostInterface([0x40, 0x06, 0x02, 0x6b, 0x1d, 0x03, 0x01, 0x00]),
      rawHostInterface([0x40, 0x10, 0x02, 0x6b, 0x1d, 0x03, 0x01, 0x00, 0x00, 0x00]),
    ],
    // The 0x0C-byte one: its 6 data bytes end the structure, so the count byte is past it.
    overruns: 1,
  },
  ...([
    { major: 3, minor: 1 },
    { major: 2, minor: 7 },
  ] as SmbiosVersion[]).map((version) => ({
    name: `the pre-3.2 layout under SMBIOS ${version.major}.${version.minor}: interface type, OEM vendor ID`,
    version,
    structures: [
      rawHostInterface([]),
      rawHostInterface([0xf0]),
      rawHostInterface([0xf0, 0x00, 0x00, 0x01, 0x57]),
      rawHostInterface([0xf0, 0x00, 0x00, 0x01]),
      rawHostInterface([0x02, 0x01, 0x02, 0x03, 0x04]),
      rawHostInterface([0x40, 0x06, ...USB, 0x00]),
    ],
  })),
];

/** dmidecode's structure blocks: each starts with its `Handle` line, blank separators dropped. */
function splitBlocks(out: string): string[][] {
  const blocks: string[][] = [];
  let cur: string[] | undefined;
  for (const line of out.split('\n')) {
    if (line.startsWith('Handle 0x')) blocks.push((cur = [line]));
    else if (cur) {
      if (line === '') cur = undefined;
      else cur.push(line);
    }
  }
  return blocks;
}

function ourBlocks(t: SmbiosTable): { blocks: string[][]; overruns: number } {
  let overruns = 0;
  const blocks = t.structures.map((s) => {
    const r = formatWithFindings(s, t.version, t.table);
    overruns += r.findings.filter((f) => f.code === 'SMBIOS_TYPE42_RECORD_OVERRUN').length;
    return [`Handle 0x${s.handle.toString(16).toUpperCase().padStart(4, '0')}, DMI type ${s.type}, ${s.length} bytes`, ...r.lines];
  });
  return { blocks, overruns };
}

describe.skipIf(reason !== undefined)('type 42 text agrees with dmidecode 3.4 --from-dump', () => {
  it.for(CASES.map((c) => [c.name, c] as const))('%s', async ([, c]) => {
    const built = buildTable(c.structures, { version: c.version });
    const file = path.join(work, `${c.name.replace(/[^a-z0-9]+/gi, '-')}.bin`);
    writeFileSync(file, built.dumpBin);
    const [theirs, cli] = await Promise.all([runTool('dmidecode', ['--from-dump', file]), runHvmpack(['smbios', 'decode', file])]);
    expect(theirs.code).toBe(0);
    const ours = ourBlocks(built.table);
    expect(ours.blocks).toEqual(splitBlocks(theirs.stdout));
    const theirOverruns = theirs.stderr.split('\n').filter((l) => l.startsWith('Total read length ')).length;
    expect([ours.overruns, theirOverruns]).toEqual([c.overruns ?? 0, c.overruns ?? 0]);
    // The whole `smbios decode` text too (dmidecode's first two lines name itself and the file),
    // with one warning on stderr where dmidecode prints one (repeats collapse into one `×N` line).
    expect([cli.code, cli.stdout]).toEqual([0, theirs.stdout.split('\n').slice(2).join('\n')]);
    const warned = cli.stderr.split('\n').map((l) => / SMBIOS_TYPE42_RECORD_OVERRUN(?: ×(\d+))? /.exec(l)).filter((m) => m !== null);
    expect(warned.length).toBe(Math.min(theirOverruns, 1));
    expect(warned.reduce((n, m) => n + Number(m[1] ?? 1), 0)).toBe(theirOverruns);
  });
});

/** 16-byte addresses biased towards zero groups (runs to compress) and the IPv4-embedded prefixes. */
const address16 = fc.oneof(
  fc.array(fc.constantFrom(0, 0, 0, 1, 0xffff, 0xfe80, 0x0a00, 0xabc), { minLength: 8, maxLength: 8 }).map((g) => ip6(...g)),
  fc.tuple(fc.constantFrom([0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0xffff], [0, 0, 0, 0, 0, 0xfffe]), fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 2, maxLength: 2 })).map(([p, t]) => ip6(...p, ...t)),
  fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => [...b]),
);

describe.skipIf(reason !== undefined)('IPv6 addresses print as glibc inet_ntop prints them in dmidecode', () => {
  it('48 generated addresses (fixed seed) in 12 Redfish records', async () => {
    const addrs = fc.sample(address16, { numRuns: 48, seed: 42 });
    const structures = Array.from({ length: 12 }, (_, i) => {
      const [a, b, c, d] = addrs.slice(i * 4, i * 4 + 4) as [number[], number[], number[], number[]];
      return hostInterface(0x40, USB, [redfish({ hostAssign: 1, hostFormat: 2, hostAddress: a, hostMask: b, serviceAssign: 3, serviceFormat: 2, serviceAddress: c, serviceMask: d })]);
    });
    const built = buildTable(structures, { version: V32 });
    const file = path.join(work, 'ipv6-generated.bin');
    writeFileSync(file, built.dumpBin);
    const theirs = await runTool('dmidecode', ['--from-dump', file]);
    const ours = ourBlocks(built.table);
    const addressLines = (blocks: string[][]): string[] => blocks.flat().filter((l) => /IPv6 (Redfish Service )?(Address|Mask):/.test(l));
    expect(addressLines(ours.blocks).length).toBe(48);
    expect(addressLines(ours.blocks)).toEqual(addressLines(splitBlocks(theirs.stdout)));
  });
});

describe('type 42 typed fields and JSON', () => {
  it('decodes the 3.2 layout: data, records, and a Redfish-over-IP record in full', () => {
    const t = buildTable(CASES[0]!.structures, { version: V32 }).table;
    const typed = decodeTyped(t.structures[0]!, t.version);
    expect(typed.name).toBe('Management Controller Host Interface');
    expect(typed.fields).toMatchObject({
      interfaceType: 0x40,
      interfaceTypeSpecificDataLength: 6,
      interfaceTypeSpecificData: '026B1D030100',
      protocolRecordCount: 1,
    });
    const rec = (typed.fields.protocolRecords as Array<Record<string, unknown>>)[0]!;
    expect(rec.protocolType).toBe(4);
    expect(rec.redfishOverIp).toEqual({
      serviceUuid: '12345678-9abc-def0-0123-456789abcdef',
      hostIpAssignmentType: 1,
      hostIpAddressFormat: 1,
      hostIpAddress: '169.254.0.2',
      hostIpMask: '255.255.0.0',
      serviceIpDiscoveryType: 1,
      serviceIpAddressFormat: 1,
      serviceIpAddress: '169.254.0.1',
      serviceIpMask: '255.255.0.0',
      servicePort: 443,
      serviceVlan: 0xfffffffe,
      serviceHostname: 'bmc.example',
    });
    expect(typed.findings).toEqual([]);
  });

  // [name, version, formatted bytes after the header, fields expected beyond interfaceType]
  it.each([
    ['a record count past the end keeps the records that fit', V32, [0x40, 0x00, 0x02, 0x02, 0x01, 0x07], { interfaceTypeSpecificDataLength: 0, interfaceTypeSpecificData: '', protocolRecordCount: 2, protocolRecords: [{ protocolType: 2, protocolTypeSpecificData: '07' }] }],
    ['a data length past the end leaves out the data', V32, [0x40, 0x09, 0x02], { interfaceTypeSpecificDataLength: 9 }],
    ['no count byte', V32, [0x02, 0x01, 0x00], { interfaceTypeSpecificDataLength: 1, interfaceTypeSpecificData: '00' }],
    ['the pre-3.2 layout keeps the bytes after the type as data', { major: 3, minor: 1 }, [0xf0, 0x00, 0x00, 0x01, 0x57], { interfaceTypeSpecificData: '00000157' }],
  ] as Array<[string, SmbiosVersion, number[], Record<string, unknown>]>)('%s', (_name, version, bytes, want) => {
    const t = buildTable([rawHostInterface(bytes)], { version }).table;
    const typed = decodeTyped(t.structures[0]!, t.version);
    const { interfaceType, ...rest } = typed.fields;
    expect(interfaceType).toBe(bytes[0]);
    expect(rest).toEqual(want);
  });

  it('reports a record past the end at the record, and a missing count byte at its place', () => {
    const t = buildTable([hostInterface(0x40, [], [record(2, [1])], 2), rawHostInterface([0x40, 0x01, 0x02])], { version: V32 }).table;
    const [a, b] = t.structures;
    expect(decodeTyped(a!, t.version).findings.map((f) => [f.code, f.offset])).toEqual([['SMBIOS_TYPE42_RECORD_OVERRUN', a!.offset + 0x0a]]);
    expect(decodeTyped(b!, t.version).findings.map((f) => [f.code, f.offset])).toEqual([['SMBIOS_TYPE42_RECORD_OVERRUN', b!.offset + 0x07]]);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('JSON writers give JSON.stringify of the document: %s', (_name, c) => {
    const built = buildTable(c.structures, { version: c.version });
    // Read back as the --dump-bin file it is (buildTable labels its own table 'built').
    const table = decodeSmbios(built.dumpBin);
    const want = JSON.stringify(smbiosJsonDocument('built.bin', table));
    expect(smbiosJsonText('built.bin', table)).toBe(want);
    expect(smbiosJsonText('built.bin', indexSmbios(built.dumpBin))).toBe(want);
  });
});
