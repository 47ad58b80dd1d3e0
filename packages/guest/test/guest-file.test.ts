// Guest files: each field checked with an error naming it, flags over file values, and the JSON
// Schema in schemas/guest.schema.json kept in step with the reader.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BIOS_STRING_KEYS, DEFAULT_GUEST, GUEST_FILE_FIELDS, guestFromObject, overrideGuest, parseGuestJson, resolveGuest } from '@hvmpack/guest';

const schema = JSON.parse(readFileSync(new URL('../../../schemas/guest.schema.json', import.meta.url), 'utf8')) as {
  additionalProperties: boolean;
  properties: Record<string, { default?: unknown; enum?: unknown[]; propertyNames?: { pattern: string } }>;
};

describe('guest file', () => {
  it('reads every field a guest has', () => {
    const g = parseGuestJson(JSON.stringify({
      $schema: '../schemas/guest.schema.json',
      firmware: 'ovmf', xen: '4.17', vcpus: 4, memoryMiB: 4096, memoryBelow4GMiB: 3072,
      biosStrings: { system_product_name: 'Box', 'oem-1': 'x' },
      apicMode: false, hpet: false, acpiS3: false, acpiS4: false, battery: true, laptopSlate: true, tpm: 2, vnuma: true, acpi: false, defaultBattery: true,
      uuid: '4c4c4544-0000-1000-8000-00000000d3e0', cpu: { vendor: 'AMD', signatureEax: 0x00a20f12, featuresEdx: 0x178bfbff, mhz: 3000 }, buildDate: '12/31/2025',
    }));
    expect(resolveGuest(g)).toEqual({
      firmware: 'ovmf', xen: { major: 4, minor: 17, extra: '.0' }, vcpus: 4, memoryMiB: 4096, memoryBelow4GMiB: 3072,
      biosStrings: { 'system-product-name': 'Box', 'oem-1': 'x' },
      apicMode: false, hpet: false, acpiS3: false, acpiS4: false, battery: true, laptopSlate: true, tpm: 2, vnuma: true, acpi: false, defaultBattery: true,
      uuid: '4c4c4544-0000-1000-8000-00000000d3e0', cpu: { vendor: 'AMD', signatureEax: 0x00a20f12, featuresEdx: 0x178bfbff, mhz: 3000 }, buildDate: '12/31/2025',
    });
  });

  it.each<[string, unknown, string]>([
    ['an unknown field', { vcpu: 2 }, 'guest.vcpu'],
    ['a string for a number', { vcpus: '2' }, 'guest.vcpus'],
    ['129 vCPUs', { vcpus: 129 }, 'guest.vcpus'],
    ['a fractional memory size', { memoryMiB: 1.5 }, 'guest.memoryMiB'],
    ['an unknown firmware', { firmware: 'uefi' }, 'guest.firmware'],
    ['Xen 4.2', { xen: '4.2' }, 'guest.xen'],
    ['an unknown bios-strings key', { biosStrings: { 'system-uuid': 'x' } }, 'guest.biosStrings.system-uuid'],
    ['oem-100', { biosStrings: { 'oem-100': 'x' } }, 'guest.biosStrings.oem-100'],
    ['a number as a bios string', { biosStrings: { 'bios-vendor': 1 } }, 'guest.biosStrings.bios-vendor'],
    ['tpm 3', { tpm: 3 }, 'guest.tpm'],
    ['a bad UUID', { uuid: 'x' }, 'guest.uuid'],
    ['a cpu without mhz', { cpu: { vendor: 'Intel', signatureEax: 0, featuresEdx: 0 } }, 'guest.cpu.mhz'],
    ['an array', [], 'guest'],
  ])('refuses %s, naming the field', (_n, value, path) => {
    expect(() => guestFromObject(value)).toThrow(expect.objectContaining({ code: 'BAD_VALUE', path }));
  });

  it('names the line and column of a JSON syntax error', () => {
    expect(() => parseGuestJson('{\n  "vcpus": 2,\n}')).toThrow(expect.objectContaining({ code: 'BAD_VALUE', line: 3 }));
  });

  it('lets flags override file values, merging bios-strings key by key', () => {
    const file = { vcpus: 2, memoryMiB: 512, biosStrings: { 'bios-vendor': 'F', 'oem-1': 'f' } };
    expect(overrideGuest(file, { vcpus: 8, biosStrings: { 'oem-1': 'flag' } })).toEqual({ vcpus: 8, memoryMiB: 512, biosStrings: { 'bios-vendor': 'F', 'oem-1': 'flag' } });
  });
});

describe('schemas/guest.schema.json', () => {
  it('lists exactly the fields the reader takes, and every field a guest has', () => {
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties).filter((k) => k !== '$schema').sort()).toEqual([...GUEST_FILE_FIELDS].sort());
    expect([...GUEST_FILE_FIELDS].sort()).toEqual(Object.keys(DEFAULT_GUEST).sort());
  });

  it('gives the defaults resolveGuest uses', () => {
    for (const [k, p] of Object.entries(schema.properties)) {
      if (p.default === undefined || k === 'xen') continue;
      expect(p.default, k).toEqual((DEFAULT_GUEST as unknown as Record<string, unknown>)[k]);
    }
    expect(schema.properties['firmware']!.enum).toEqual(['seabios', 'ovmf', 'rombios']);
  });

  it('accepts the bios-strings names the reader accepts', () => {
    const re = new RegExp(schema.properties['biosStrings']!.propertyNames!.pattern);
    for (const k of [...BIOS_STRING_KEYS, 'oem-1', 'oem-99', 'system_product_name']) {
      expect(re.test(k), k).toBe(true);
      expect(() => guestFromObject({ biosStrings: { [k]: 'x' } })).not.toThrow();
    }
    for (const k of ['oem-0', 'oem-100', 'oem-01', 'system-uuid', 'bios-vendorx']) {
      expect(re.test(k), k).toBe(false);
      expect(() => guestFromObject({ biosStrings: { [k]: 'x' } }), k).toThrow();
    }
  });
});
