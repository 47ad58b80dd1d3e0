// Planted identifiers: a host built by our own encoders holds a known identifier in every place
// the audit reads. The audit must find all of them with the right class, and its reach verdicts
// must agree with the guest's own bytes, as the Xen guest view builds them, for two Xen releases
// that differ in what they take from the blob and for both firmwares.
import { describe, expect, it } from 'vitest';
import { latin1Bytes } from '@hvmpack/bytes';
import { parseXenVersion, resolveGuest, type Guest } from '@hvmpack/guest';
import { encodeTyped } from '@hvmpack/smbios';
import { decodeAcpiBlob, xenTarget } from '@hvmpack/xen';
import { auditHost, inventory, type Identifier } from '../src/index.js';
import { PLANTED, contains, plantedHost } from './planted-host.js';

/** Every byte a guest can read: the SMBIOS table when it gets an entry point, and each table it is given. */
function guestBytes(host: ReturnType<typeof plantedHost>, guest: Guest, tables?: ReadonlySet<string>): Uint8Array[] {
  const sm = xenTarget.select.smbios(host.smbios.structures, guest);
  const ac = xenTarget.select.acpi(host.acpi.tables, guest, tables);
  const acpiBlob = ac.chosen.length > 0 ? xenTarget.emit.acpi(ac.chosen.map((t) => t.bytes)) : null;
  const view = xenTarget.guestView({ smbios: xenTarget.emit.smbios(sm.chosen), acpi: acpiBlob }, guest);
  const out: Uint8Array[] = [];
  if (view.smbios.entryPoint !== null) out.push(view.smbios.table);
  const records = acpiBlob ? decodeAcpiBlob(acpiBlob).records : [];
  if (view.acpi.enabled) for (const t of view.acpi.tables) if (t.source === 'pass-through') out.push(records.find((r) => r.offset === t.blobOffset)!.bytes);
  return out;
}

const byId = (ids: readonly Identifier[]): Map<string, Identifier> => new Map(ids.map((i) => [i.id, i]));

describe('planted identifiers', () => {
  it('finds every planted identifier with its class, value and bytes', () => {
    const host = plantedHost();
    const ids = byId(inventory(host).identifiers);
    for (const p of PLANTED) {
      const got = ids.get(p.id);
      expect(got, p.id).toBeDefined();
      expect([got!.class, got!.value, got!.placeholder], p.id).toEqual([p.class, p.value, false]);
    }
    // A string the patterns do not match in an OEM type is not an identifier.
    expect(ids.has('smbios.200.string-2')).toBe(false);
    // Positions point at the value itself: in the structure table, in the table.
    for (const id of ids.values()) {
      if (id.place.source === 'smbios') expect(host.smbios.table.subarray(id.place.valueOffset, id.place.valueOffset + id.place.length), id.id).toEqual(id.bytes);
      else expect(host.acpi.tables[id.place.tableIndex]!.bytes.subarray(id.place.offset, id.place.offset + id.place.length), id.id).toEqual(id.bytes);
    }
  });

  it('says reach is unknown without a guest, and fails on serials, UUID and product keys then', () => {
    const a = auditHost(plantedHost());
    expect(a.identifiers.every((i) => i.reach.reaches === 'unknown')).toBe(true);
    expect(a.violation).toBe(true);
    expect(new Set(a.identifiers.filter((i) => i.verdict.violation).map((i) => i.class))).toEqual(new Set(['serial', 'uuid', 'product-key']));
  });

  // A 2.0-sized type 1 (8 bytes, 21 with its strings): Xen 4.17 copies it, 4.21 checks its
  // 27-byte minimum and generates its own, so the serial reaches one and not the other.
  const shortType1 = { ...encodeTyped(1, { manufacturer: 'A', productName: 'B', version: 'C', serialNumber: 'SHRT1' }, { version: { major: 2, minor: 0 } }), handle: 0x100 };
  const cases = ['4.17', '4.21'].flatMap((xen) => (['seabios', 'ovmf'] as const).flatMap((firmware) => [
    { xen, firmware, tables: undefined, short: false },
    { xen, firmware, tables: new Set(['SSDT', 'MSDM', 'SLIC']), short: false },
    { xen, firmware, tables: undefined, short: true },
  ]));
  it.each(cases)('agrees with the guest bytes: Xen $xen, $firmware, tables $tables, short type 1 $short', ({ xen, firmware, tables, short }) => {
    const host = plantedHost(short ? shortType1 : undefined);
    const guest = resolveGuest({ xen: parseXenVersion(xen), firmware });
    const seen = guestBytes(host, guest, tables);
    const a = auditHost(host, { guest, ...(tables && { tables }) });
    let reaching = 0;
    for (const id of a.identifiers) {
      // Values this short occur by chance elsewhere in the guest's bytes; the OEM IDs of tables
      // hvmloader builds itself are its own, never the host's.
      if (id.bytes.length < 4) continue;
      const inGuest = seen.some((b) => contains(b, id.bytes));
      expect(id.reach.reaches, `${id.id} ${JSON.stringify(id.reach)}`).toBe(inGuest);
      if (inGuest) reaching++;
    }
    expect(reaching).toBeGreaterThan(5);
    const serial = a.identifiers.find((i) => i.id === 'smbios.1.serialNumber')!;
    expect(serial.reach.reaches).toBe(!short || xen === '4.17');
    expect(a.identifiers.find((i) => i.id === 'acpi.MSDM.productKey')!.reach.reaches).toBe(tables !== undefined);
    expect(a.identifiers.find((i) => i.id === 'smbios.4.serialNumber')!.reach).toMatchObject({ reaches: false });
  });

  it('sees a host value hvmloader writes itself: a bios-string copied from the host', () => {
    const host = plantedHost();
    const guest = resolveGuest({ xen: parseXenVersion('4.21'), biosStrings: { 'baseboard-asset-tag': 'CPUASSET04' } });
    const a = auditHost(host, { guest, types: new Set([0, 1]) });
    // Type 4 never passes, but the same text reaches the guest through the generated type 2.
    expect(a.identifiers.find((i) => i.id === 'smbios.4.assetTag')!.reach).toMatchObject({ reaches: true, how: expect.stringContaining('generated type 2') });
    expect(seenIn(guestBytesFor(host, guest), 'CPUASSET04')).toBe(true);
  });
});

function guestBytesFor(host: ReturnType<typeof plantedHost>, guest: Guest): Uint8Array[] {
  const sm = xenTarget.select.smbios(host.smbios.structures, guest, new Set([0, 1]));
  return [xenTarget.guestView({ smbios: xenTarget.emit.smbios(sm.chosen), acpi: null }, guest).smbios.table];
}

function seenIn(bytes: readonly Uint8Array[], text: string): boolean {
  return bytes.some((b) => contains(b, latin1Bytes(text)));
}
