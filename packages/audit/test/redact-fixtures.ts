// A host with identifiers planted in every place redaction handles, built by our own encoders.
import { latin1Bytes } from '@hvmpack/bytes';
import { encodeTable, type AcpiHeader, type AcpiTable } from '@hvmpack/acpi';
import { buildTable, encodeTyped, type BuiltTable, type StructureSpec } from '@hvmpack/smbios';

/** Every planted text identifier and the UUID: none may survive redaction. */
export const PLANTED = {
  systemSerial: 'PLNT-SYS-7731',
  uuid: '5a1e0b77-3c21-4e8f-9d02-6b7c8d9e0f1a',
  systemSku: 'SKU-PLNT-0042',
  boardSerial: 'PLNT-BRD-8842',
  boardAsset: 'ASSET-BRD-19',
  chassisSerial: 'PLNT-CHS-9953',
  chassisAsset: 'ASSET-CHS-20',
  cpuSerial: 'PLNT-CPU-1164',
  cpuAsset: 'ASSET-CPU-21',
  cpuPart: 'PART-CPU-X9',
  dimmSerial: 'PLNT-DIM-2275',
  dimmAsset: 'ASSET-DIM-22',
  dimmPart: 'M378PLNT-CTD',
  batterySerial: 'PLNT-BAT-3386',
  psuSerial: 'PLNT-PSU-4497',
  psuAsset: 'ASSET-PSU-23',
  psuPart: 'PART-PSU-77',
  oemMac: 'MAC 02:1b:63:84:45:e6',
  oemEmail: 'ops@plnt.example',
  oemTypeSerial: 'PLNT-OEM-5508',
  productKey: 'BCDFG-HJKMP-QRTVW-XY234-6789B',
  oemId: 'PLNTCO',
  oemTableId: 'PLNTTBL1',
} as const;

/** The 16-bit SBDS serial planted in type 22. */
export const PLANTED_SBDS_SERIAL = 0x4c7d;

/** The planted host's SMBIOS table (3.2, a `--dump-bin`) with both the memory part number and the DIMM serial shared by two DIMMs. */
export function plantedSmbios(): BuiltTable {
  const v = { version: { major: 3, minor: 2 } };
  const p = PLANTED;
  const specs: StructureSpec[] = [
    { ...encodeTyped(0, { vendor: 'Planted Firmware', version: '1.0', releaseDate: '01/01/2026', romSize: 0xff, characteristics: 0x08n }, v), handle: 0 },
    { ...encodeTyped(1, { manufacturer: 'Planted Computers', productName: 'P1', version: 'A', serialNumber: p.systemSerial, uuid: p.uuid, wakeUpType: 6, skuNumber: p.systemSku, family: 'P' }, v), handle: 1 },
    { ...encodeTyped(2, { manufacturer: 'Planted Computers', product: 'PB', version: 'A01', serialNumber: p.boardSerial, assetTag: p.boardAsset, featureFlags: 1, boardType: 0x0a }, v), handle: 2 },
    { ...encodeTyped(3, { manufacturer: 'Planted Computers', chassisType: 0x0a, version: 'C', serialNumber: p.chassisSerial, assetTag: p.chassisAsset, bootUpState: 3, powerSupplyState: 3, thermalState: 3, securityStatus: 3 }, v), handle: 3 },
    { ...encodeTyped(4, { socketDesignation: 'CPU0', processorType: 3, processorFamily: 0xb3, processorManufacturer: 'Planted', processorVersion: 'P-CPU', serialNumber: p.cpuSerial, assetTag: p.cpuAsset, partNumber: p.cpuPart, l1CacheHandle: 0xffff, l2CacheHandle: 0xffff, l3CacheHandle: 0xffff, coreCount: 4 }, v), handle: 4 },
    { ...encodeTyped(17, { physicalMemoryArrayHandle: 0x10, memoryErrorInformationHandle: 0xfffe, size: 8192, formFactor: 9, deviceLocator: 'DIMM0', bankLocator: 'B0', memoryType: 0x1a, manufacturer: 'Planted RAM', serialNumber: p.dimmSerial, assetTag: p.dimmAsset, partNumber: p.dimmPart }, v), handle: 0x11 },
    // A second DIMM with equal serial and part number: equal values get equal placeholders.
    { ...encodeTyped(17, { physicalMemoryArrayHandle: 0x10, memoryErrorInformationHandle: 0xfffe, size: 8192, formFactor: 9, deviceLocator: 'DIMM1', bankLocator: 'B1', memoryType: 0x1a, manufacturer: 'Planted RAM', serialNumber: p.dimmSerial, assetTag: 'Not Specified', partNumber: p.dimmPart }, v), handle: 0x12 },
    { ...encodeTyped(22, { location: 'Front', manufacturer: 'Planted Cells', serialNumber: p.batterySerial, deviceName: 'BAT0', deviceChemistry: 2, sbdsSerialNumber: PLANTED_SBDS_SERIAL, sbdsDeviceChemistry: 'LION' }, v), handle: 0x22 },
    { ...encodeTyped(39, { powerUnitGroup: 1, location: 'PSU1', deviceName: 'PSU', manufacturer: 'Planted Power', serialNumber: p.psuSerial, assetTagNumber: p.psuAsset, modelPartNumber: p.psuPart, revisionLevel: 'R1', maxPowerCapacity: 500 }, v), handle: 0x39 },
    { ...encodeTyped(11, { strings: ['Planted profile', p.oemMac, p.oemEmail] }, v), handle: 0x0b },
    { type: 0x85, handle: 0x85, data: Uint8Array.of(0x01, 0x02), strings: [p.oemTypeSerial] },
  ];
  return buildTable(specs, { version: { major: 3, minor: 2 } });
}

function header(signature: string, oemTableId: string): AcpiHeader {
  return { signature, length: 0, revision: 1, checksum: 0, oemId: PLANTED.oemId, oemTableId, oemRevision: 1, creatorId: 'HVMP', creatorRevision: 1 };
}

/** One ACPI table of the planted host, checksum computed. */
export function plantedTable(signature: string, oemTableId: string, body: Uint8Array, instance = 1): AcpiTable {
  const bytes = encodeTable({ header: header(signature, oemTableId), body });
  return { signature, instance, header: { ...header(signature, oemTableId), length: bytes.length, checksum: bytes[9]! }, bytes, checksumOk: true };
}

/** The planted host's ACPI tables: an SSDT and an MSDM holding the product key (MSDM layout: version, reserved, type 1, reserved, length 29, key). */
export function plantedAcpi(): AcpiTable[] {
  const msdmBody = new Uint8Array(20 + 29);
  new DataView(msdmBody.buffer).setUint32(0, 1, true);
  new DataView(msdmBody.buffer).setUint32(8, 1, true);
  new DataView(msdmBody.buffer).setUint32(16, 29, true);
  msdmBody.set(latin1Bytes(PLANTED.productKey), 20);
  return [plantedTable('SSDT', PLANTED.oemTableId, Uint8Array.of(0xa3)), plantedTable('MSDM', PLANTED.oemTableId, msdmBody)];
}
