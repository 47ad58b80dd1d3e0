// DSP0134 §7.43 Management Controller Host Interface (Type 42), with the Redfish Host Interface
// records of DMTF DSP0270 §8. Text follows dmidecode 3.4 case 42 (`dmi_parse_controller_structure`,
// `dmi_parse_protocol_record`).
//
// Layout (SMBIOS 3.2+, which dmidecode applies from version 3.2 on):
//   04h Interface Type   05h Interface Type Specific Data Length (N)   06h data (N bytes)
//   06h+N Protocol Record count   07h+N records: [type, length (M), M data bytes]...
// Before 3.2 the type-specific part follows 04h with no length byte, so only its start is known.
import { indexFields } from './fields.js';
import { finding, HEX_BYTE, latin1 } from '@hvmpack/bytes';
import { formatUuid } from './type1-system-information.js';
import { hexN, nameOr, OUT_OF_SPEC, type FieldSpec, type StructView } from './view.js';
import type { NameTable } from './names.js';

/** Type 42 offset table: the one fixed field of every version (the rest is variable, see {@link managementControllerHostInterfaceExtras}). */
export const MANAGEMENT_CONTROLLER_HOST_INTERFACE_FIELDS = [{ name: 'interfaceType', offset: 0x04, kind: 'u8', since: '2.7' }] as const satisfies readonly FieldSpec[];

const F = indexFields(MANAGEMENT_CONTROLLER_HOST_INTERFACE_FIELDS);

/** Interface Type of a network host interface (DSP0270 Redfish). */
export const HOST_INTERFACE_NETWORK = 0x40;
/** Interface Type of an OEM-defined host interface. */
export const HOST_INTERFACE_OEM = 0xf0;
/** Protocol record type of Redfish over IP (DSP0134 §7.43.2). */
export const PROTOCOL_REDFISH_OVER_IP = 0x04;
/** Shortest Redfish-over-IP record data dmidecode decodes: every fixed field up to the hostname length (DSP0270 §8.6). */
export const REDFISH_OVER_IP_MIN_LENGTH = 91;

// dmidecode `dmi_management_controller_host_type` (names from DSP0239 MCTP 1.1.0).
const hostInterfaceTypes: NameTable = {
  start: 0x02,
  names: ['KCS: Keyboard Controller Style', '8250 UART Register Compatible', '16450 UART Register Compatible', '16550/16550A UART Register Compatible', '16650/16650A UART Register Compatible', '16750/16750A UART Register Compatible', '16850/16850A UART Register Compatible'],
};
const protocolRecordTypes: NameTable = { start: 0, names: ['Reserved', 'Reserved', 'IPMI', 'MCTP', 'Redfish over IP'] };
// DSP0270 §8.6: the Redfish service discovery type reuses the host assignment names.
const ipAssignmentTypes: NameTable = { start: 0, names: ['Unknown', 'Static', 'DHCP', 'AutoConf', 'Host Selected'] };
const ipAddressFormats: NameTable = { start: 0, names: ['Unknown', 'IPv4', 'IPv6'] };
const networkDeviceTypes: NameTable = { start: 0x02, names: ['USB', 'PCI/PCIe'] };

/** dmidecode's name for an Interface Type: the serial types by name, other MCTP codes up to 3Fh, Network, OEM. */
export function hostInterfaceTypeName(code: number): string {
  if (code >= 0x02 && code <= 0x08) return nameOr(hostInterfaceTypes, code);
  if (code <= 0x3f) return 'MCTP';
  if (code === HOST_INTERFACE_NETWORK) return 'Network';
  if (code === HOST_INTERFACE_OEM) return 'OEM';
  return OUT_OF_SPEC;
}

function protocolTypeName(code: number): string {
  return code === 0xf0 ? 'OEM' : nameOr(protocolRecordTypes, code);
}

function deviceTypeName(code: number): string {
  return code >= 0x80 ? 'OEM' : nameOr(networkDeviceTypes, code);
}

/** One protocol record that fits in the structure: formatted-area offset of its type byte, type and data length. */
interface RecordPlace {
  readonly at: number;
  readonly type: number;
  readonly length: number;
}

/** Where the 3.2 layout's parts are, as far as the structure's length lets them be read. */
interface HostInterfaceLayout {
  /** N, the interface-specific data length (byte 05h). */
  readonly dataLength: number;
  /** False when 06h + N runs past the structure: nothing after it can be placed. */
  readonly dataFits: boolean;
  /** Protocol record count (byte 06h + N), when present. */
  readonly count?: number;
  readonly records: RecordPlace[];
}

/**
 * Walks the 3.2 layout with dmidecode's bounds: the data must end inside the structure, the
 * count byte must be inside it, and each record (2 header bytes + its length) must end inside it.
 * A count byte or record past the end ends the walk with an SMBIOS_TYPE42_RECORD_OVERRUN finding.
 */
function walkLayout(v: StructView): HostInterfaceLayout {
  const n = v.length;
  const dataLength = v.u8(0x05);
  const records: RecordPlace[] = [];
  if (0x06 + dataLength > n) return { dataLength, dataFits: false, records };
  const countAt = 0x06 + dataLength;
  if (countAt + 1 > n) {
    overrun(v, countAt, 'its protocol record count');
    return { dataLength, dataFits: true, records };
  }
  const count = v.u8(countAt);
  let at = countAt + 1;
  for (let i = 0; i < count; i++) {
    // Every record takes at least its 2 header bytes, so the walk always advances.
    if (at + 2 > n || at + 2 + v.u8(at + 1) > n) {
      overrun(v, at, `protocol record ${i + 1}`);
      break;
    }
    const length = v.u8(at + 1);
    records.push({ at, type: v.u8(at), length });
    at += 2 + length;
  }
  return { dataLength, dataFits: true, count, records };
}

function overrun(v: StructView, at: number, what: string): void {
  // dmidecode prints the same condition on stderr ("Total read length … exceeds total structure length …").
  v.findings.push(finding('SMBIOS_TYPE42_RECORD_OVERRUN', 'warning', `type 42 structure ends before ${what}`, { offset: v.s.offset + at, path: `${v.r.path}.protocolRecords` }));
}

/** Bytes `from`..`to` of the formatted area as upper-case hex without separators. */
function hexRun(v: StructView, from: number, to: number): string {
  const f = v.s.formatted;
  let s = '';
  for (let i = from; i < to; i++) s += HEX_BYTE[f[i]!]!;
  return s;
}

/** glibc `inet_ntop(AF_INET, …)`. */
function ipv4Text(b: Uint8Array): string {
  return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
}

/**
 * glibc `inet_ntop(AF_INET6, …)`: lower-case groups without leading zeros, the first longest run
 * of two or more zero groups as `::`, and the IPv4-compatible (`::a.b.c.d`) and IPv4-mapped
 * (`::ffff:a.b.c.d`) forms.
 */
export function ipv6Text(b: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((b[i]! << 8) | b[i + 1]!);
  let best = { base: -1, len: 0 };
  let cur = { base: -1, len: 0 };
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      cur = cur.base === -1 ? { base: i, len: 1 } : { base: cur.base, len: cur.len + 1 };
    } else if (cur.base !== -1) {
      if (best.base === -1 || cur.len > best.len) best = cur;
      cur = { base: -1, len: 0 };
    }
  }
  if (cur.base !== -1 && (best.base === -1 || cur.len > best.len)) best = cur;
  if (best.base !== -1 && best.len < 2) best = { base: -1, len: 0 };
  let s = '';
  for (let i = 0; i < 8; i++) {
    if (best.base !== -1 && i >= best.base && i < best.base + best.len) {
      if (i === best.base) s += ':';
      continue;
    }
    if (i !== 0) s += ':';
    if (i === 6 && best.base === 0 && (best.len === 6 || (best.len === 5 && words[5] === 0xffff))) {
      s += ipv4Text(b.subarray(12, 16));
      return s;
    }
    s += words[i]!.toString(16);
  }
  if (best.base !== -1 && best.base + best.len === 8) s += ':';
  return s;
}

/** dmidecode `dmi_address_decode`: an address by its DSP0270 format code (1 IPv4, 2 IPv6). */
function addressText(b: Uint8Array, format: number): string {
  if (format === 1) return ipv4Text(b);
  if (format === 2) return ipv6Text(b);
  return OUT_OF_SPEC;
}

/** The decoded fixed part of a Redfish-over-IP protocol record (DSP0270 §8.6), as the JSON view shows it. */
/** A Redfish-over-IP protocol record's fields (DSP0270 Table 5), addresses as text. */
export type RedfishOverIp = {
  serviceUuid: string;
  hostIpAssignmentType: number;
  hostIpAddressFormat: number;
  hostIpAddress: string;
  hostIpMask: string;
  serviceIpDiscoveryType: number;
  serviceIpAddressFormat: number;
  serviceIpAddress: string;
  serviceIpMask: string;
  servicePort: number;
  serviceVlan: number;
  serviceHostname: string | null;
};

/** One protocol record of type 42: its type, its data as hex, and the Redfish-over-IP fields when it is one. */
export type ProtocolRecord = {
  protocolType: number;
  protocolTypeSpecificData: string;
  redfishOverIp?: RedfishOverIp;
};

/** Type 42's members beyond its declaration (variable-length data and records). */
export interface HostInterfaceExtras {
  interfaceTypeSpecificData?: string;
  interfaceTypeSpecificDataLength?: number;
  protocolRecordCount?: number;
  protocolRecords?: ProtocolRecord[];
}

function redfishOverIp(v: StructView, rec: RecordPlace): RedfishOverIp {
  const d = rec.at + 2;
  const bytes = (o: number, n: number): Uint8Array => v.s.formatted.subarray(d + o, d + o + n);
  const address = (o: number, format: number): string => (format === 1 || format === 2 ? addressText(bytes(o, 16), format) : hexRun(v, d + o, d + o + 16));
  const hostFormat = v.u8(d + 17);
  const serviceFormat = v.u8(d + 51);
  const hlen = v.u8(d + 90);
  return {
    serviceUuid: formatUuid(bytes(0, 16), 0x0311),
    hostIpAssignmentType: v.u8(d + 16),
    hostIpAddressFormat: hostFormat,
    hostIpAddress: address(18, hostFormat),
    hostIpMask: address(34, hostFormat),
    serviceIpDiscoveryType: v.u8(d + 50),
    serviceIpAddressFormat: serviceFormat,
    serviceIpAddress: address(52, serviceFormat),
    serviceIpMask: address(68, serviceFormat),
    servicePort: v.u16(d + 84),
    serviceVlan: v.u32(d + 86),
    // A hostname length past the record is kept out rather than read from the next record.
    serviceHostname: hlen + REDFISH_OVER_IP_MIN_LENGTH > rec.length ? null : latin1(bytes(91, hlen)),
  };
}

/**
 * Typed fields of type 42 beyond the offset table. From SMBIOS 3.2 (or an unknown version):
 * the interface-specific data length and bytes, then each protocol record that fits (type, data
 * as hex, and the decoded Redfish-over-IP fields for a long enough type 04h record). Before 3.2:
 * the bytes after the interface type as hex, since they have no length of their own.
 */
export function managementControllerHostInterfaceExtras(v: StructView, fields: HostInterfaceExtras): void {
  const n = v.length;
  if (v.ver < 0x0302) {
    if (n > 0x05) fields.interfaceTypeSpecificData = hexRun(v, 0x05, n);
    return;
  }
  if (n < 0x06) return;
  const layout = walkLayout(v);
  fields.interfaceTypeSpecificDataLength = layout.dataLength;
  if (!layout.dataFits) return;
  fields.interfaceTypeSpecificData = hexRun(v, 0x06, 0x06 + layout.dataLength);
  if (layout.count === undefined) return;
  fields.protocolRecordCount = layout.count;
  fields.protocolRecords = layout.records.map((rec) => {
    const out: ProtocolRecord = { protocolType: rec.type, protocolTypeSpecificData: hexRun(v, rec.at + 2, rec.at + 2 + rec.length) };
    if (rec.type === PROTOCOL_REDFISH_OVER_IP && rec.length >= REDFISH_OVER_IP_MIN_LENGTH) out.redfishOverIp = redfishOverIp(v, rec);
    return out;
  });
}

/** Prints type 42 as dmidecode 3.4 does. */
export function formatManagementControllerHostInterface(v: StructView): void {
  v.title('Management Controller Host Interface');
  if (v.ver < 0x0302) {
    // Before 3.2 the type-specific part has no length, so only an OEM vendor ID is placed.
    if (v.length < 0x05) return;
    v.attr('Interface Type', hostInterfaceTypeName(v.u8(F.interfaceType.offset)));
    if (v.length < 0x09 || v.u8(F.interfaceType.offset) !== HOST_INTERFACE_OEM) return;
    v.attr('Vendor ID', `0x${hexN(v.u8(0x05), 2)}${hexN(v.u8(0x06), 2)}${hexN(v.u8(0x07), 2)}${hexN(v.u8(0x08), 2)}`);
    return;
  }
  // dmidecode's minimum for the 3.2 layout, and the data must end inside the structure.
  if (v.length < 0x0b || 0x06 + v.u8(0x05) > v.length) return;
  const type = v.u8(F.interfaceType.offset);
  v.attr('Host Interface Type', hostInterfaceTypeName(type));
  if (type !== HOST_INTERFACE_NETWORK) return;
  const len = v.u8(0x05);
  if (len !== 0) printNetworkDevice(v, len);
  for (const rec of walkLayout(v).records) printProtocolRecord(v, rec);
}

/** DSP0270 §8.3: the device descriptor of a network host interface (USB, PCI/PCIe, OEM). */
function printNetworkDevice(v: StructView, len: number): void {
  const device = v.u8(0x06);
  v.attr('Device Type', deviceTypeName(device));
  const word = (at: number): string => `0x${hexN(v.u16(at), 4).toLowerCase()}`;
  if (device === 0x02 && len >= 5) {
    v.attr('idVendor', word(0x07));
    v.attr('idProduct', word(0x09));
  } else if (device === 0x03 && len >= 9) {
    v.attr('VendorID', word(0x07));
    v.attr('DeviceID', word(0x09));
    v.attr('SubVendorID', word(0x0b));
    v.attr('SubDeviceID', word(0x0d));
  } else if (device === 0x04 && len >= 5) {
    // dmidecode 3.4 decodes an OEM (IANA) descriptor under code 04h, which it names <OUT OF SPEC>.
    const b = (at: number): string => `0x${hexN(v.u8(at), 2).toLowerCase()}`;
    v.attr('Vendor ID', `${b(0x07)}:${b(0x08)}:${b(0x09)}:${b(0x0a)}`);
  }
}

/**
 * One IP part of a Redfish-over-IP record (DSP0270 §8.6): the assignment (or discovery) type at
 * `at`, the address format after it, then address and mask (16 bytes each) only for a static or
 * auto-configured assignment (1 or 3), as dmidecode shows them. True when those were shown.
 */
function printIpPart(v: StructView, at: number, assignLabel: string, formatLabel: string, infix: string): boolean {
  const assign = v.u8(at);
  const format = v.u8(at + 1);
  const formatName = nameOr(ipAddressFormats, format);
  v.subattr(assignLabel, nameOr(ipAssignmentTypes, assign));
  v.subattr(formatLabel, formatName);
  if (assign !== 1 && assign !== 3) return false;
  const f = v.s.formatted;
  v.subattr(`${formatName}${infix} Address`, addressText(f.subarray(at + 2, at + 18), format));
  v.subattr(`${formatName}${infix} Mask`, addressText(f.subarray(at + 18, at + 34), format));
  return true;
}

/** dmidecode's `dmi_parse_protocol_record`: the protocol ID, then only Redfish over IP in detail (DSP0270 §8.6). */
function printProtocolRecord(v: StructView, rec: RecordPlace): void {
  v.attr('Protocol ID', `${hexN(rec.type, 2).toLowerCase()} (${protocolTypeName(rec.type)})`);
  if (rec.type !== PROTOCOL_REDFISH_OVER_IP || rec.length < REDFISH_OVER_IP_MIN_LENGTH) return;
  const d = rec.at + 2;
  const bytes = (o: number, n: number): Uint8Array => v.s.formatted.subarray(d + o, d + o + n);
  // The record is Redfish, so SMBIOS is 3.1.1 or later and the UUID is little-endian.
  v.subattr('Service UUID', formatUuid(bytes(0, 16), 0x0311));
  printIpPart(v, d + 16, 'Host IP Assignment Type', 'Host IP Address Format', '');
  if (printIpPart(v, d + 50, 'Redfish Service IP Discovery Type', 'Redfish Service IP Address Format', ' Redfish Service')) {
    v.subattr('Redfish Service Port', v.u16(d + 84));
    v.subattr('Redfish Service Vlan', v.u32(d + 86));
  }
  const hlen = v.u8(d + 90);
  // printf("%.*s"): at most hlen bytes, stopping at a NUL; a length past the record prints <OUT OF SPEC>.
  let name = OUT_OF_SPEC;
  if (hlen + REDFISH_OVER_IP_MIN_LENGTH <= rec.length) {
    const raw = bytes(91, hlen);
    const nul = raw.indexOf(0);
    name = latin1(nul < 0 ? raw : raw.subarray(0, nul));
  }
  v.subattr('Redfish Service Hostname', name);
}
