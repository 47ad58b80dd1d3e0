// The inventory cross-checked against every corpus host: each field the declarations mark as
// identifying (every decoded string or UUID field of every structure, and every table's OEM IDs)
// is inventoried with the declared class, at the bytes it sits at, and nothing else is, except
// the free text of types 11/12 and what the patterns find in OEM types' strings.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAcpiInput, decodeRsdp, decodeSlic, sensitiveTableFields } from '@hvmpack/acpi';
import { latin1 } from '@hvmpack/bytes';
import { decodeSmbios, decodeTyped, TYPE_DECLARATIONS, type SmbiosTable } from '@hvmpack/smbios';
import { inventory, isPlaceholder, matchText, FREE_TEXT_TYPES, OEM_TYPE_MIN, type Identifier } from '@hvmpack/audit';
import { corpusFiles, skipReason } from './support/env.js';

function smbiosHosts(): { name: string; table: SmbiosTable }[] {
  const out: { name: string; table: SmbiosTable }[] = [];
  for (const f of corpusFiles('smbios')) {
    try {
      out.push({ name: path.basename(f), table: decodeSmbios(new Uint8Array(readFileSync(f))) });
    } catch {
      // Halves of sysfs pairs do not decode alone; the pair is read by the host reader elsewhere.
    }
  }
  return out;
}

describe.skipIf(skipReason({ corpus: 'smbios' }) !== undefined)('inventory on every corpus SMBIOS host', () => {
  const hosts = smbiosHosts();

  it('inventories every declared identifier field with its class, and no other declared field', () => {
    let checked = 0;
    for (const { name, table } of hosts) {
      const ids = inventory({ smbios: table }).identifiers;
      const at = (i: number, field: string): Identifier[] => ids.filter((x) => x.place.source === 'smbios' && x.place.structureIndex === i && x.place.field === field);
      table.structures.forEach((s, i) => {
        const decl = TYPE_DECLARATIONS[s.type as keyof typeof TYPE_DECLARATIONS];
        if (!decl) return;
        const typed = decodeTyped(s, table.version) as { fields?: Record<string, unknown> };
        for (const f of decl.fields) {
          if (f.kind !== 'string' && f.kind !== 'uuid') continue;
          const value = typed.fields?.[f.name];
          const found = at(i, f.name);
          const where = `${name} structure ${i} (type ${s.type}) ${f.name}`;
          const sensitive = 'sensitive' in f ? (f.sensitive as string) : undefined;
          if (sensitive === undefined || value === null || value === undefined) {
            expect(found, where).toEqual([]);
            continue;
          }
          expect(found.length, where).toBe(1);
          expect([found[0]!.class, found[0]!.value, found[0]!.placeholder], where).toEqual([sensitive, value, isPlaceholder(value as string, f.kind)]);
          expect(found[0]!.severity === 'low', where).toBe(found[0]!.placeholder || ['part-number', 'oem-id'].includes(sensitive));
          checked++;
        }
      });
      // Every value's bytes sit where the place says, in the structure table.
      for (const id of ids) {
        if (id.place.source !== 'smbios') continue;
        expect(table.table.subarray(id.place.valueOffset, id.place.valueOffset + id.place.length), `${name} ${id.id}`).toEqual(id.bytes);
        if (id.place.stringNumber !== undefined) expect(latin1(id.bytes), `${name} ${id.id}`).toBe(id.value);
      }
    }
    expect(checked).toBeGreaterThan(400);
  });

  it('inventories every type 11/12 string, and OEM types\' strings exactly when a pattern matches', () => {
    let free = 0;
    let oem = 0;
    for (const { name, table } of hosts) {
      const ids = inventory({ smbios: table }).identifiers;
      table.structures.forEach((s, i) => {
        if (!FREE_TEXT_TYPES.has(s.type) && s.type < OEM_TYPE_MIN) return;
        s.strings.forEach((text, k) => {
          const found = ids.filter((x) => x.place.source === 'smbios' && x.place.structureIndex === i && x.place.field === `string-${k + 1}`);
          const m = matchText(text);
          const where = `${name} structure ${i} (type ${s.type}) string ${k + 1} ${JSON.stringify(text)}`;
          if (!m && !FREE_TEXT_TYPES.has(s.type)) {
            expect(found, where).toEqual([]);
            return;
          }
          expect(found.length, where).toBe(1);
          expect(found[0]!.class, where).toBe(m?.class ?? 'oem-string');
          if (FREE_TEXT_TYPES.has(s.type)) free++;
          else oem++;
        });
      });
    }
    expect(free).toBeGreaterThan(50);
    expect(oem).toBeGreaterThan(0);
  });

  it('classes no Lenovo firmware image ID in OEM type 140 as serial-like, while every real serial shaped like one still is', () => {
    let firmwareIds = 0;
    let serials = 0;
    for (const { name, table } of hosts) {
      const ids = inventory({ smbios: table }).identifiers;
      // Lenovo's type 140 holds its BIOS and embedded-controller image IDs (the T480's EC: N22HT26W).
      for (const s of table.structures) if (s.type === 140) firmwareIds += s.strings.filter((x) => /^[0-9A-Z]{2,3}[EH]T\d{2}WW?$/.test(x)).length;
      expect(ids.filter((i) => i.place.source === 'smbios' && i.place.type === 140).map((i) => `${i.class} ${i.value}`), name).toEqual([]);
      // Declared serial numbers, where patterns do not decide the class: each serial-shaped one would still be found in free text.
      for (const id of ids) {
        if (id.class !== 'serial' || id.placeholder || !/^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9-]{8,}$/.test(id.value)) continue;
        serials++;
        expect(matchText(id.value)?.class, `${name} ${id.id}`).toBe('serial-like');
      }
    }
    expect(firmwareIds).toBeGreaterThanOrEqual(3);
    expect(serials).toBeGreaterThan(20);
  });

  it('flags the placeholders real firmware ships, and not real serials', () => {
    const byValue = new Map<string, boolean>();
    for (const { table } of hosts) for (const id of inventory({ smbios: table }).identifiers) byValue.set(id.value, id.placeholder);
    for (const v of ['To Be Filled By O.E.M.', 'Default string', 'No Asset Information', '00000000', '03000200-0400-0500-0006-000700080009', '0123456789']) expect(byValue.get(v), v).toBe(true);
    for (const v of ['PC131TBF', '417B9BB7', '161674cc-2a1e-11b2-a85c-e121881d01b9', 'L1HF9380025']) expect(byValue.get(v), v).toBe(false);
  });
});

describe.skipIf(skipReason({ corpus: 'acpi' }) !== undefined)('inventory on every corpus ACPI host', () => {
  it('inventories each declared table field (header OEM IDs, SLIC marker OEM IDs) at its bytes', () => {
    let checked = 0;
    let slics = 0;
    let rsdps = 0;
    for (const f of [...corpusFiles('acpi', (n) => n.endsWith('.acpidump.txt')), ...corpusFiles('acpi-bin')]) {
      const set = decodeAcpiInput(new Uint8Array(readFileSync(f)), path.basename(f));
      const ids = inventory({ acpi: set }).identifiers;
      set.tables.forEach((t, i) => {
        const here = ids.filter((x) => x.place.source === 'acpi' && x.place.tableIndex === i);
        // The RSDP has no standard header but declares its OEM ID; acpidump text carries it.
        const want = t.header === null && t.signature !== 'RSDP' ? [] : sensitiveTableFields(t.signature).filter((d) => !d.field.startsWith('marker.') && d.class !== 'product-key');
        if (t.signature === 'RSDP') {
          rsdps++;
          const oem = here.find((x) => x.place.field === 'oemId');
          expect([oem?.id, oem?.class, oem?.value], path.basename(f)).toEqual(['acpi.RSDP.oemId', 'oem-id', decodeRsdp(t.bytes).oemId.replace(/\0+$/, '')]);
        }
        if (t.signature === 'SLIC') {
          const marker = decodeSlic(t).marker;
          if (marker) {
            slics++;
            const mo = here.find((x) => x.place.field === 'marker.oemId');
            expect(mo?.value.replace(/ +$/, ''), path.basename(f)).toBe(marker.oemId.replace(/[\0 ]+$/, ''));
            expect(here.find((x) => x.place.field === 'marker.oemTableId')?.class).toBe('oem-id');
          }
        }
        for (const d of want) {
          const id = here.find((x) => x.place.field === d.field);
          expect(id, `${path.basename(f)} ${t.signature}${t.instance} ${d.field}`).toBeDefined();
          expect(id!.class).toBe(d.class);
          expect(id!.bytes).toEqual(t.bytes.subarray(d.offset, d.offset + d.size));
          checked++;
        }
      });
    }
    expect(checked).toBeGreaterThan(1000);
    expect(slics).toBeGreaterThan(5);
    expect(rsdps).toBeGreaterThan(0);
  });
});
