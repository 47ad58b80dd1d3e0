// xl.cfg settings, quoting and the merge, on our own reading of libxlutil's syntax (the real
// parser checks the same outputs in test/toolstack-xlutil.test.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFormatError } from '@hvmpack/bytes';
import { parseXenVersion, resolveGuest } from '@hvmpack/guest';
import { formatXlCfg, formatXlSetting, mergeXlCfg, parseXlCfg, quoteXlString, xlCfgSettings, type XlSetting } from '@hvmpack/xen';

const guest = resolveGuest({ vcpus: 4, memoryMiB: 2048, acpiS3: false, biosStrings: { 'system-product-name': 'Box "7"', 'oem-1': 'a', 'oem-2': 'b\\c' } });

describe('xl.cfg settings', () => {
  it('writes what the guest and the blobs need, in xl\'s names', () => {
    const { settings, findings } = xlCfgSettings({ guest, smbiosFirmware: '/srv/g/smbios.bin', acpiFirmware: '/srv/g/acpi.bin' });
    expect(findings).toEqual([]);
    expect(formatXlCfg(settings).split('\n').slice(1)).toEqual([
      'bios = "seabios"',
      'memory = 2056',
      'vcpus = 4',
      'acpi = 1',
      'acpi_s3 = 0',
      'acpi_s4 = 1',
      'acpi_laptop_slate = 0',
      'apic = 1',
      'hpet = 1',
      'acpi_firmware = "/srv/g/acpi.bin"',
      'smbios_firmware = "/srv/g/smbios.bin"',
      'smbios = [ "system_product_name=Box \\"7\\"", "oem=a", "oem=b\\\\c" ]',
      '',
    ]);
  });

  it('leaves smbios= out before Xen 4.18 and says where the strings go instead', () => {
    const { settings, findings } = xlCfgSettings({ guest: { ...guest, xen: parseXenVersion('4.17') } });
    expect(settings.some((s) => s.key === 'smbios')).toBe(false);
    expect(findings.map((f) => f.code)).toEqual(['XLCFG_NO_SMBIOS_OPTION']);
  });

  it('writes videoram when given and counts it in memory', () => {
    const { settings } = xlCfgSettings({ guest, videoMiB: 16 });
    expect(settings.filter((s) => s.key === 'memory' || s.key === 'videoram')).toEqual([{ key: 'memory', value: 2064 }, { key: 'videoram', value: 16 }]);
  });

  it.each([
    ['plain', '"plain"'],
    ['q"uote', '"q\\"uote"'],
    ['back\\slash', '"back\\\\slash"'],
    ['a#b', '"a#b"'],
    ['l1\nl2\tt', '"l1\\nl2\\tt"'],
    ['\x01', '"\x01"'],
  ])('quotes %j', (raw, quoted) => expect(quoteXlString(raw)).toBe(quoted));

  it('refuses a NUL', () => expect(() => quoteXlString('a\0')).toThrow(expect.objectContaining({ code: 'BAD_VALUE' })));
});

describe('xl.cfg parse', () => {
  it('finds statements, their spans and lines across comments, lists and semicolons', () => {
    const text = 'name = "g" # memory = 1\nmemory=512; vcpus = 2\ndisk = [ "a", # c\n  "b", ]\nvnuma = [ [ "x" ], [] ]\nextra += "y"';
    const st = parseXlCfg(text);
    expect(st.map((s) => [s.key, s.op, s.line, text.slice(s.start, s.end)])).toEqual([
      ['name', '=', 1, 'name = "g"'],
      ['memory', '=', 2, 'memory=512'],
      ['vcpus', '=', 2, 'vcpus = 2'],
      ['disk', '=', 3, 'disk = [ "a", # c\n  "b", ]'],
      ['vnuma', '=', 5, 'vnuma = [ [ "x" ], [] ]'],
      ['extra', '+=', 6, 'extra += "y"'],
    ]);
  });

  it.each([
    ['an unterminated string', 'a = "x\n', 1],
    ['a bare word value', 'a = ok\n', 1],
    ['a missing =', 'a "x"\n', 1],
    ['two settings without a separator', 'x = 1\na = 1 b = 2\n', 2],
    ['an unclosed list', 'a = [ "x"\n', 2],
    ['an upper-case name', 'Memory = 1\n', 1],
  ])('refuses %s, naming the line', (_n, text, line) => {
    expect(() => parseXlCfg(text)).toThrow(expect.objectContaining({ code: 'BAD_VALUE', line }));
  });
});

describe('xl.cfg parse robustness', () => {
  it('raises only FormatError on any text, never loops (property)', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.array(fc.constantFrom('a', '=', '+=', '[', ']', ',', ';', '\n', '#', '"', "'", '\\', '1', ' '), { maxLength: 40 }).map((p) => p.join('')));
    fc.assert(
      fc.property(text, (t) => {
        try {
          mergeXlCfg(t, [{ key: 'memory', value: 1 }]);
        } catch (e) {
          expect(isFormatError(e), String(e)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('xl.cfg merge', () => {
  const mine: XlSetting[] = [
    { key: 'memory', value: 2048 },
    { key: 'vcpus', value: 4 },
    { key: 'smbios_firmware', value: 'smbios.bin' },
  ];

  it('rewrites owned keys in place, keeps every other byte, appends the missing ones', () => {
    const user = '# my guest\nname = "g"\nmemory = 512 # small\nmemory = 1024\nkernel = "x"; vcpus=1\n';
    const m = mergeXlCfg(user, mine);
    expect(m.text).toBe('# my guest\nname = "g"\nmemory = 512 # small\nmemory = 2048\nkernel = "x"; vcpus = 4\n# hvmpack: settings added by `hvmpack xl-cfg --merge`\nsmbios_firmware = "smbios.bin"\n');
    expect(m).toMatchObject({ replaced: ['memory', 'vcpus'], added: ['smbios_firmware'], disabled: [] });
  });

  it('comments out a later += of an owned key and refuses one sharing its line', () => {
    const m = mergeXlCfg('memory = 1\nmemory += "2"\n', mine.slice(0, 1));
    expect(m.text).toBe('memory = 2048\n# hvmpack: memory += "2"\n');
    expect(m.disabled).toEqual(['memory']);
    expect(() => mergeXlCfg('memory = 1\nname = "a"; memory += "2"\n', mine.slice(0, 1))).toThrow(expect.objectContaining({ code: 'BAD_VALUE', line: 2 }));
  });

  it('keeps every line of the user\'s that holds no owned key (property)', () => {
    const line = fc.oneof(
      fc.constantFrom('# a comment', '', '   ', 'name = "x"', 'disk = [ "phy:/dev/vg/g,xvda,w" ]', 'on_crash = "restart" # why'),
      fc.string({ maxLength: 20 }).map((s) => `# ${s.replace(/\n/g, ' ')}`),
      fc.constantFrom('memory = 256', 'vcpus = 8 # many'),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        const user = lines.join('\n') + '\n';
        const m = mergeXlCfg(user, mine);
        const out = m.text.split('\n');
        for (const l of lines) if (!/^(memory|vcpus) =/.test(l)) expect(out).toContain(l);
        // The merged text parses, and each owned key's effective (last) value is hvmpack's.
        const st = parseXlCfg(m.text);
        for (const s of mine) {
          const last = st.filter((x) => x.key === s.key).at(-1)!;
          expect(m.text.slice(last.start, last.end)).toBe(formatXlSetting(s));
        }
      }),
    );
  });
});
