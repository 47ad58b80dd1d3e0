// Planted identifiers against QEMU guests: the host is prepared as `qemu prepare` prepares it, and
// every reach verdict must agree with the bytes QEMU's guest view says the guest gets: the passed
// `-smbios file=` structures the firmware keeps, the appended tables after QEMU's fix-up, and the
// OEM IDs QEMU writes into its own root tables (a SLIC's, when one is passed).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode, isFormatError, latin1Bytes } from '@hvmpack/bytes';
import { decodeAcpiInput, encodeTable, type AcpiTableSet } from '@hvmpack/acpi';
import { parseXenVersion, resolveGuest } from '@hvmpack/guest';
import { DEFAULT_LIBVIRT_VERSION, prepareQemuGuest, resolveQemuGuest, type QemuGuest } from '@hvmpack/qemu';
import { auditHost, decideReach, inventory, type HostTables } from '../src/index.js';
import { buildTable, decodeSmbios } from '@hvmpack/smbios';
import { PLANTED, contains, plantedHost, plantedStructures, slicBody } from './planted-host.js';

/** Every byte the QEMU guest can read, from the files `qemu prepare` writes and the view it computes. */
function qemuGuestBytes(host: ReturnType<typeof plantedHost>, guest: QemuGuest, types?: ReadonlySet<number>, tables?: ReadonlySet<string>): Uint8Array[] {
  const p = prepareQemuGuest({ structures: host.smbios.structures, tables: host.acpi.tables, guest, ...(types && { types }), ...(tables && { wantedTables: tables }), dir: '/vm', libvirt: DEFAULT_LIBVIRT_VERSION });
  const smbiosFiles = p.files.filter((f) => f.name.startsWith('smbios-')).map((f) => f.data as Uint8Array);
  const out: Uint8Array[] = [];
  for (const s of p.view.smbios.structures) {
    if (s.source === 'user') out.push(smbiosFiles[s.file!]!);
    else out.push(...s.strings.map((x) => latin1Bytes(x)));
  }
  for (const t of p.view.acpi.appended) out.push(t.bytes);
  const a = p.view.acpi;
  for (const r of [...a.roots, ...a.tables.filter((t) => t.source === 'qemu')]) out.push(latin1Bytes(r.oemId), latin1Bytes(r.oemTableId));
  out.push(latin1Bytes(a.rsdp.oemId));
  return out;
}

/** The planted ACPI tables with a FACP whose OEM ID is the SLIC's (real hosts match them, for activation). */
function slicMatchedAcpi(): AcpiTableSet {
  const h = (signature: string, oemId: string, oemTableId: string) => ({ signature, length: 0, revision: 1, checksum: 0, oemId, oemTableId, oemRevision: 1, creatorId: 'PLNT', creatorRevision: 1 });
  const parts = [
    encodeTable({ header: h('SLIC', 'PLSLIC', 'PLSLICID'), body: slicBody('PLMARK', 'PLMARKID') }),
    encodeTable({ header: h('FACP', 'PLSLIC', 'PLSLICID'), body: new Uint8Array(244 - 36) }),
  ];
  const all = new Uint8Array(parts[0]!.length + parts[1]!.length);
  all.set(parts[0]!);
  all.set(parts[1]!, parts[0]!.length);
  return decodeAcpiInput(all, 'slic-matched.bin');
}

const ALL_PLANTED_TYPES = new Set([1, 2, 3, 4, 11, 12, 17, 22, 39, 200]);

describe('planted identifiers against QEMU guests', () => {
  const cases = (['pc', 'q35'] as const).flatMap((machine) => (['seabios', 'ovmf'] as const).flatMap((firmware) => [
    { machine, firmware, types: undefined, tables: undefined, slicMatched: false },
    { machine, firmware, types: ALL_PLANTED_TYPES, tables: new Set(['SSDT', 'MSDM', 'SLIC']), slicMatched: false },
    { machine, firmware, types: undefined, tables: new Set(['SLIC']), slicMatched: true },
  ]));
  it.each(cases)('agrees with the guest bytes: $machine, $firmware, types $types, tables $tables, FACP OEM = SLIC OEM $slicMatched', ({ machine, firmware, types, tables, slicMatched }) => {
    const host = slicMatched ? { ...plantedHost(), acpi: slicMatchedAcpi() } : plantedHost();
    const guest = resolveQemuGuest({ machine, firmware });
    const seen = qemuGuestBytes(host, guest, types, tables);
    const a = auditHost(host, { qemu: guest, ...(types && { types }), ...(tables && { tables }) });
    expect([a.target, a.guest]).toEqual(['qemu', `QEMU 7.2 ${machine}, ${firmware}, 1 CPU(s) in 1 socket(s), 1024 MiB, SMBIOS entry point 2.1`]);
    let reaching = 0;
    for (const id of a.identifiers) {
      // Values this short occur by chance elsewhere in the guest's bytes.
      if (id.bytes.length < 4) continue;
      const inGuest = seen.some((b) => contains(b, id.bytes));
      expect(id.reach.reaches, `${id.id} ${JSON.stringify(id.reach)}`).toBe(inGuest);
      expect(id.reach, id.id).toMatchObject({ target: 'qemu' });
      if (inGuest) reaching++;
    }
    expect(reaching).toBeGreaterThan(slicMatched ? 3 : 5);
    const reach = (id: string): boolean | 'unknown' => a.identifiers.find((i) => i.id === id)!.reach.reaches;
    // QEMU passes the host's type 1 (its UUID is the guest's), never type 4 or 17 unless named.
    expect(reach('smbios.1.uuid')).toBe(true);
    expect(reach('smbios.4.serialNumber')).toBe(types !== undefined);
    expect(reach('smbios.17.serialNumber')).toBe(types !== undefined);
    if (!slicMatched) expect(reach('acpi.MSDM.productKey')).toBe(tables !== undefined);
    // QEMU builds its own FACP; the host's OEM ID reaches the guest only as the SLIC's, lent to QEMU's root tables.
    expect(reach('acpi.FACP.oemId')).toBe(slicMatched);
    if (slicMatched) expect(a.identifiers.find((i) => i.id === 'acpi.FACP.oemId')!.reach).toMatchObject({ how: expect.stringContaining('SLIC') });
  });

  it('gives the reason a structure is left out: not a default type, not named, and the selection note', () => {
    const host = plantedHost();
    const guest = resolveQemuGuest({});
    const why = (a: ReturnType<typeof auditHost>, id: string): string => {
      const r = a.identifiers.find((i) => i.id === id)!.reach;
      return r.reaches === false ? r.why : '';
    };
    expect(why(auditHost(host, { qemu: guest }), 'smbios.17.serialNumber')).toMatch(/passes types 0, 1, 2, 3, 11 and the OEM types by default, type 17 only when --types names it/);
    expect(why(auditHost(host, { qemu: guest, types: new Set([1]) }), 'smbios.2.serialNumber')).toBe('type 2 is not among the types passed');
    expect(why(auditHost(host, { qemu: guest }), 'acpi.MSDM.productKey')).toMatch(/MSDM left out: it holds a Windows product key/);
    expect(why(auditHost(host, { qemu: guest }), 'acpi.FACP.oemId')).toBe('FACP left out: QEMU builds its own');
  });

  it.each([
    ['seabios', true, /^type 200 is passed as -smbios file #2/],
    ['ovmf', false, /^-smbios file #2 \(type 200\) is dropped: after a type 127: OVMF stops reading there$/],
  ] as const)('an OEM structure after a passed type 127 under %s: reaches %s', (firmware, reaches, words) => {
    // A type 127 before the OEM type, both passed: OVMF stops at the 127, SeaBIOS keeps going.
    const planted = plantedHost().smbios;
    const end = planted.structures.find((s) => s.type === 127)!;
    const structures = planted.structures.filter((s) => s !== end);
    structures.splice(structures.findIndex((s) => s.type === 200), 0, end);
    const host = { smbios: { ...planted, structures } };
    const a = auditHost(host, { qemu: resolveQemuGuest({ firmware }), types: new Set([1, 127, 200]) });
    const r = a.identifiers.find((i) => i.id === 'smbios.200.string-1')!.reach;
    expect(r.reaches).toBe(reaches);
    expect(r.reaches === true ? r.how : r.reaches === false ? r.why : '').toMatch(words);
    expect(a.findings.map((f) => f.code)).toContain('QEMU_SMBIOS_END_OF_TABLE_PASSED');
  });

  it('follows a structure moved off a QEMU handle', () => {
    // Type 2 at 0x0300: QEMU keeps 0x0300 for its own type 3 when no file supplies one.
    const host = plantedHost();
    const structures = host.smbios.structures.map((s) => (s.type === 2 ? { ...s, handle: 0x300, formatted: Uint8Array.from([...s.formatted.subarray(0, 2), 0x00, 0x03, ...s.formatted.subarray(4)]) } : s));
    const a = auditHost({ ...host, smbios: { ...host.smbios, structures } }, { qemu: resolveQemuGuest({}), types: new Set([1, 2]) });
    expect(a.identifiers.find((i) => i.id === 'smbios.2.serialNumber')!.reach).toEqual({ reaches: true, target: 'qemu', how: 'type 2 is passed as -smbios file #1 and kept as it is (guest handle 0x8000, moved from 0x0300)' });
  });

  it('leaves the Xen verdicts as they were, and refuses a QEMU guest beside a Xen guest or Xen blobs', () => {
    const host = plantedHost();
    const xen = resolveGuest({ xen: parseXenVersion('4.21') });
    const a = auditHost(host, { guest: xen });
    const direct = decideReach(host, inventory(host).identifiers, { guest: xen });
    expect(a.identifiers.map((i) => i.reach)).toEqual(direct.identifiers.map((i) => i.reach));
    expect([a.target, a.guest]).toEqual(['xen', 'Xen 4.21.0, seabios']);
    expect([auditHost(host).target, auditHost(host).guest]).toEqual([null, null]);
    for (const bad of [{ guest: xen, qemu: resolveQemuGuest({}) }, { qemu: resolveQemuGuest({}), blobs: { smbios: null, acpi: null } }]) {
      let code: string | undefined;
      try {
        auditHost(host, bad);
      } catch (e) {
        if (isFormatError(e)) code = e.code;
      }
      expect(code).toBe(ErrorCode.BadValue);
    }
  });

  it('audits mutated hosts for QEMU guests with our error class or a result, never a crash', () => {
    const dump = buildTable(plantedStructures(), { version: { major: 3, minor: 2 } }).dumpBin;
    const guests = [resolveQemuGuest({}), resolveQemuGuest({ machine: 'q35', firmware: 'ovmf' })];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(dump.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }), (edits) => {
        const bytes = dump.slice();
        for (const [at, b] of edits) bytes[at] = b;
        for (const qemu of guests) {
          try {
            const a = auditHost({ smbios: decodeSmbios(bytes, { verifyChecksums: false }) }, { qemu, types: new Set([1, 2, 3, 4, 11, 12, 17, 127, 200]) });
            for (const id of a.identifiers) expect(id.reach).toMatchObject({ target: 'qemu' });
          } catch (e) {
            if (!isFormatError(e)) throw e;
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('finds the same identifiers whatever the target', () => {
    const host: HostTables = plantedHost();
    const ids = (o: Parameters<typeof auditHost>[1]): string[] => auditHost(host, o).identifiers.map((i) => i.id);
    expect(ids({ qemu: resolveQemuGuest({}) })).toEqual(ids({}));
    expect(ids({})).toEqual(expect.arrayContaining(PLANTED.map((p) => p.id)));
  });
});
