import { latin1Bytes } from '@hvmpack/bytes';
import { encodeTable, formatAcpidump, type AcpiHeader, type AcpiTable } from '@hvmpack/acpi';
import { buildTable, encodeTyped, type StructureSpec } from '@hvmpack/smbios';

/** A synthetic host's firmware data, as a collector would have saved it. */
export interface ExampleHost {
  /** SMBIOS 3.2 table as a `dmidecode --dump-bin` file. */
  smbiosDumpBin: Uint8Array;
  /** The host's ACPI tables as `acpidump` text. */
  acpidumpText: string;
}

function header(signature: string, oemTableId: string, revision = 2): AcpiHeader {
  return {
    signature,
    length: 0,
    revision,
    checksum: 0,
    oemId: 'HVMPAK',
    oemTableId,
    oemRevision: 1,
    creatorId: 'HVMP',
    creatorRevision: 0x20261122,
  };
}

function table(signature: string, oemTableId: string, body: Uint8Array, instance = 1): AcpiTable {
  const bytes = encodeTable({ header: header(signature, oemTableId), body });
  return { signature, instance, header: { ...header(signature, oemTableId), length: bytes.length, checksum: bytes[9]! }, bytes, checksumOk: true };
}

/**
 * Builds the built-in example host used by `hvmpack demo` and the examples: an OEM laptop-like
 * SMBIOS table (BIOS, system, board, chassis, OEM strings, two OEM-specific structures, a second
 * type-1 hvmloader will ignore) and ACPI tables an OEM driver might need (an SSDT with a method,
 * a vendor table, plus the FADT/DSDT/APIC that Xen builds itself and so are not passed through).
 * Every identifier is made up.
 */
export function buildExampleHost(): ExampleHost {
  const v = { version: { major: 3, minor: 2 } };
  const specs: StructureSpec[] = [
    { ...encodeTyped(0, { vendor: 'Example Firmware Inc.', version: 'X1.07', releaseDate: '03/14/2026', romSize: 0xff, characteristics: 0x08n, biosMajorRelease: 1, biosMinorRelease: 7 }, v), handle: 0 },
    { ...encodeTyped(1, { manufacturer: 'Example Computers', productName: 'Model 7 Laptop', version: 'Rev A', serialNumber: 'EX-0000-DEMO', uuid: '4c4c4544-0000-1000-8000-00000000d3e0', wakeUpType: 6, skuNumber: 'EX7-SKU', family: 'Model 7' }, v), handle: 1 },
    { ...encodeTyped(2, { manufacturer: 'Example Computers', product: 'Board 7', version: 'A01', serialNumber: 'BRD-DEMO', featureFlags: 0x09, boardType: 0x0a }, v), handle: 2 },
    { ...encodeTyped(3, { manufacturer: 'Example Computers', chassisType: 0x0a, version: 'Chassis 7', serialNumber: 'CHS-DEMO', bootUpState: 3, powerSupplyState: 3, thermalState: 3, securityStatus: 3 }, v), handle: 3 },
    { ...encodeTyped(11, { strings: ['OEM driver profile 7', 'Feature mask 0x2f'] }, v), handle: 11 },
    // OEM-specific structures (type 128+): the reason OEM pass-through exists.
    { type: 0x85, handle: 0x85, data: Uint8Array.of(0x01, 0x02, 0x2f, 0x00), strings: ['OEM hotkey map'] },
    { type: 0xdd, handle: 0xdd, data: Uint8Array.of(0x07, 0x00, 0x00, 0x01) },
    // A second system-information structure: hvmloader takes only the first of each type.
    { ...encodeTyped(1, { manufacturer: 'Example Computers', productName: 'Duplicate entry' }, v), handle: 0x101 },
  ];
  const smbios = buildTable(specs, { version: { major: 3, minor: 2 } });

  // AML for `Scope (\_SB) { Method (OEMD, 0) { Return (0x2F) } }`, assembled by hand:
  // ScopeOp PkgLength "\_SB_" MethodOp PkgLength "OEMD" flags ReturnOp BytePrefix 0x2F.
  const aml = Uint8Array.of(0x10, 0x10, 0x5c, 0x5f, 0x53, 0x42, 0x5f, 0x14, 0x09, 0x4f, 0x45, 0x4d, 0x44, 0x00, 0xa4, 0x0a, 0x2f);
  const tables: AcpiTable[] = [
    table('FACP', 'EXFACP', new Uint8Array(244 - 36)),
    table('DSDT', 'EXDSDT', aml),
    table('APIC', 'EXAPIC', Uint8Array.of(0x00, 0x00, 0xe0, 0xfe, 0x01, 0x00, 0x00, 0x00)),
    table('SSDT', 'OEMDRV', aml),
    table('OEMX', 'VENDOR', latin1Bytes('OEM vendor data')),
  ];
  return { smbiosDumpBin: smbios.dumpBin, acpidumpText: formatAcpidump(tables) };
}
