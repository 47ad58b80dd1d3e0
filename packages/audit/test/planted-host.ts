// A host built by our own encoders with a known identifier in every place the audit reads: the
// declared SMBIOS fields, free text in types 11/12 and an OEM type, ACPI OEM IDs, an MSDM product
// key and a SLIC marker written byte by byte from Microsoft's licensing-tables spec.
import { latin1Bytes } from '@hvmpack/bytes';
import { decodeAcpiInput, encodeTable, type AcpiHeader, type AcpiTableSet } from '@hvmpack/acpi';
import { buildTable, encodeTyped, type SmbiosTable, type StructureSpec } from '@hvmpack/smbios';
import type { HostTables, IdentifierClass } from '../src/model.js';

/** One planted identifier: where the audit must find it and what it must call it. */
export interface Planted {
  id: string;
  class: IdentifierClass;
  value: string;
}

export const PLANTED: readonly Planted[] = [
  { id: 'smbios.1.serialNumber', class: 'serial', value: 'SYSSER0001Q' },
  { id: 'smbios.1.skuNumber', class: 'sku', value: 'SKU-PLANT-77' },
  { id: 'smbios.1.uuid', class: 'uuid', value: 'a1b2c3d4-0001-4abc-9def-112233445566' },
  { id: 'smbios.2.serialNumber', class: 'serial', value: 'BRDSER0002Q' },
  { id: 'smbios.2.assetTag', class: 'asset-tag', value: 'BRDASSET02' },
  { id: 'smbios.3.serialNumber', class: 'serial', value: 'CHSSER0003Q' },
  { id: 'smbios.3.assetTag', class: 'asset-tag', value: 'CHSASSET03' },
  { id: 'smbios.4.serialNumber', class: 'serial', value: 'CPUSER0004Q' },
  { id: 'smbios.4.assetTag', class: 'asset-tag', value: 'CPUASSET04' },
  { id: 'smbios.4.partNumber', class: 'part-number', value: 'CPUPART04X' },
  { id: 'smbios.17.serialNumber', class: 'serial', value: 'MEMSER0017Q' },
  { id: 'smbios.17.assetTag', class: 'asset-tag', value: 'MEMASSET17' },
  { id: 'smbios.17.partNumber', class: 'part-number', value: 'MEMPART17X' },
  { id: 'smbios.22.serialNumber', class: 'serial', value: 'BATSER0022Q' },
  { id: 'smbios.22.sbdsSerialNumber', class: 'serial', value: '0xA55A' },
  { id: 'smbios.39.serialNumber', class: 'serial', value: 'PSUSER0039Q' },
  { id: 'smbios.39.assetTagNumber', class: 'asset-tag', value: 'PSUASSET39' },
  { id: 'smbios.39.modelPartNumber', class: 'part-number', value: 'PSUPART39X' },
  { id: 'smbios.11.string-1', class: 'email', value: 'contact ops@planted.example' },
  { id: 'smbios.11.string-2', class: 'mac-address', value: 'mgmt 02:11:22:33:44:55' },
  { id: 'smbios.11.string-3', class: 'hostname', value: 'node7.rack3.planted.example' },
  { id: 'smbios.11.string-4', class: 'serial-like', value: 'asset PLT9X7Q2Z5' },
  { id: 'smbios.11.string-5', class: 'oem-string', value: 'customer order for Jane' },
  { id: 'smbios.12.string-1', class: 'email', value: 'Owner: admin@planted.example' },
  { id: 'smbios.200.string-1', class: 'mac-address', value: 'NIC 0a1b.2c3d.4e5f' },
  { id: 'acpi.SSDT.oemId', class: 'oem-id', value: 'PLSSDT' },
  { id: 'acpi.SSDT.oemTableId', class: 'oem-id', value: 'PLSSDTID' },
  { id: 'acpi.MSDM.oemId', class: 'oem-id', value: 'PLMSDM' },
  { id: 'acpi.MSDM.oemTableId', class: 'oem-id', value: 'PLMSDMID' },
  { id: 'acpi.MSDM.productKey', class: 'product-key', value: 'PLANT-KEY00-11111-22222-33333' },
  { id: 'acpi.SLIC.oemId', class: 'oem-id', value: 'PLSLIC' },
  { id: 'acpi.SLIC.oemTableId', class: 'oem-id', value: 'PLSLICID' },
  { id: 'acpi.SLIC.marker.oemId', class: 'oem-id', value: 'PLMARK' },
  { id: 'acpi.SLIC.marker.oemTableId', class: 'oem-id', value: 'PLMARKID' },
];

function header(signature: string, oemId: string, oemTableId: string): AcpiHeader {
  return { signature, length: 0, revision: 1, checksum: 0, oemId, oemTableId, oemRevision: 1, creatorId: 'PLNT', creatorRevision: 1 };
}

/** MSDM body (after the 36-byte header), byte by byte: Software Licensing Tables (2011), MSDM. */
export function msdmBody(key: string): Uint8Array {
  const body = new Uint8Array(20 + key.length);
  const v = new DataView(body.buffer);
  v.setUint32(0, 1, true); //  36: version 1
  v.setUint32(4, 0, true); //  40: reserved
  v.setUint32(8, 1, true); //  44: data type 1 (product key)
  v.setUint32(12, 0, true); // 48: data reserved
  v.setUint32(16, key.length, true); // 52: data length (29)
  body.set(latin1Bytes(key), 20); // 56: the key
  return body;
}

/** SLIC body: the OEM public key (156 bytes) then the Windows marker (182 bytes), byte by byte. */
export function slicBody(markerOemId: string, markerOemTableId: string): Uint8Array {
  const body = new Uint8Array(156 + 182);
  const v = new DataView(body.buffer);
  v.setUint32(0, 0, true); //   +0: type 0, public key
  v.setUint32(4, 156, true); // +4: length
  body[8] = 6; //               +8: bType PUBLICKEYBLOB
  body[9] = 2; //               +9: bVersion
  v.setUint32(12, 0x2400, true); // +12: aiKeyAlg CALG_RSA_SIGN
  body.set(latin1Bytes('RSA1'), 16); // +16: magic
  v.setUint32(20, 1024, true); // +20: bit length
  v.setUint32(24, 65537, true); // +24: public exponent
  for (let i = 0; i < 128; i++) body[28 + i] = (i * 29 + 7) & 0xff; // +28: modulus
  const m = 156;
  v.setUint32(m, 1, true); //   +0: type 1, Windows marker
  v.setUint32(m + 4, 182, true); // +4: length
  v.setUint32(m + 8, 0x00020001, true); // +8: version 2.1
  body.set(latin1Bytes(markerOemId.padEnd(6, ' ')), m + 12); // +12: OEM ID
  body.set(latin1Bytes(markerOemTableId.padEnd(8, ' ')), m + 18); // +18: OEM table ID
  body.set(latin1Bytes('WINDOWS '), m + 26); // +26: Windows flag
  v.setUint32(m + 34, 0x00020001, true); // +34: SLIC version
  for (let i = 0; i < 128; i++) body[m + 54 + i] = (i * 13 + 3) & 0xff; // +54: signature
  return body;
}

const V32 = { version: { major: 3, minor: 2 } };

/** The planted SMBIOS structures (type 1 given separately so a test can swap in a short one). */
export function plantedStructures(type1: StructureSpec = { ...encodeTyped(1, { manufacturer: 'Planted Co', productName: 'PX-1', version: 'v1', serialNumber: 'SYSSER0001Q', uuid: 'a1b2c3d4-0001-4abc-9def-112233445566', wakeUpType: 6, skuNumber: 'SKU-PLANT-77', family: 'PX' }, V32), handle: 0x100 }): StructureSpec[] {
  return [
    type1,
    { ...encodeTyped(2, { manufacturer: 'Planted Co', product: 'Board', serialNumber: 'BRDSER0002Q', assetTag: 'BRDASSET02', featureFlags: 1, boardType: 0x0a }, V32), handle: 0x200 },
    { ...encodeTyped(3, { manufacturer: 'Planted Co', chassisType: 3, serialNumber: 'CHSSER0003Q', assetTag: 'CHSASSET03', bootUpState: 3, powerSupplyState: 3, thermalState: 3, securityStatus: 3 }, V32), handle: 0x300 },
    { ...encodeTyped(4, { socketDesignation: 'CPU0', serialNumber: 'CPUSER0004Q', assetTag: 'CPUASSET04', partNumber: 'CPUPART04X' }, V32), handle: 0x400 },
    { ...encodeTyped(11, { strings: ['contact ops@planted.example', 'mgmt 02:11:22:33:44:55', 'node7.rack3.planted.example', 'asset PLT9X7Q2Z5', 'customer order for Jane'] }, V32), handle: 0xb00 },
    { ...encodeTyped(12, { count: 1 }, V32), strings: ['Owner: admin@planted.example'], handle: 0xc00 },
    { ...encodeTyped(17, { deviceLocator: 'DIMM0', serialNumber: 'MEMSER0017Q', assetTag: 'MEMASSET17', partNumber: 'MEMPART17X' }, V32), handle: 0x1100 },
    // 26 bytes formatted: hvmloader's minimum for a type 22 it copies.
    { ...encodeTyped(22, { location: 'Front', serialNumber: 'BATSER0022Q', sbdsSerialNumber: 0xa55a }, { ...V32, length: 26 }), handle: 0x1600 },
    { ...encodeTyped(39, { location: 'PSU1', serialNumber: 'PSUSER0039Q', assetTagNumber: 'PSUASSET39', modelPartNumber: 'PSUPART39X' }, { ...V32, length: 22 }), handle: 0x2700 },
    { type: 200, handle: 0xc800, data: Uint8Array.of(1, 2, 3, 4), strings: ['NIC 0a1b.2c3d.4e5f', 'firmware blob'] },
  ];
}

/** The planted ACPI tables as an input set (SSDT, MSDM, SLIC, and a FACP hvmloader replaces). */
export function plantedAcpi(): AcpiTableSet {
  const tables = [
    encodeTable({ header: header('SSDT', 'PLSSDT', 'PLSSDTID'), body: Uint8Array.of(0x10, 0x05, 0x5c, 0x5f, 0x53, 0x42, 0x5f) }),
    encodeTable({ header: header('MSDM', 'PLMSDM', 'PLMSDMID'), body: msdmBody('PLANT-KEY00-11111-22222-33333') }),
    encodeTable({ header: header('SLIC', 'PLSLIC', 'PLSLICID'), body: slicBody('PLMARK', 'PLMARKID') }),
    encodeTable({ header: header('FACP', 'PLFACP', 'PLFACPID'), body: new Uint8Array(244 - 36) }),
  ];
  const all = new Uint8Array(tables.reduce((n, t) => n + t.length, 0));
  let at = 0;
  for (const t of tables) {
    all.set(t, at);
    at += t.length;
  }
  return decodeAcpiInput(all, 'planted.bin');
}

/** The planted host, SMBIOS 3.2. */
export function plantedHost(type1?: StructureSpec): HostTables & { smbios: SmbiosTable; acpi: AcpiTableSet } {
  return { smbios: buildTable(plantedStructures(type1), V32).table, acpi: plantedAcpi() };
}

/** True when `needle` occurs anywhere in `hay`: what a guest can read, searched for a planted value. */
export function contains(hay: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let k = 0; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    return true;
  }
  return false;
}
