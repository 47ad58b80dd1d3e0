// The xl.cfg hvmpack writes and merges, read by Xen's own config parser: libxlutil (Debian's
// libxen-dev), the library xl parses its configuration with. A tiny C reader prints each
// setting's value as hex; every value must come back exactly as intended.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveGuest } from '@hvmpack/guest';
import { formatXlCfg, mergeXlCfg, xlCfgSettings, type XlSetting, type XlValue } from '@hvmpack/xen';
import { runHvmpack } from './support/cli.js';
import { skipReason } from './support/env.js';
import { tempDir } from './support/tools.js';

const READER_C = String.raw`
#include <stdio.h>
#include <libxlutil.h>
static void hex(const char *s) { for (const unsigned char *p = (const unsigned char *)s; *p; p++) printf("%02x", *p); }
int main(int argc, char **argv) {
  XLU_Config *c = xlu_cfg_init(stderr, argv[1]);
  if (!c || xlu_cfg_readfile(c, argv[1])) { printf("PARSE-ERROR\n"); return 1; }
  for (int i = 2; i < argc; i++) {
    XLU_ConfigList *l; int n; const char *s;
    if (xlu_cfg_get_list(c, argv[i], &l, &n, 1) == 0) {
      printf("%s L", argv[i]);
      for (int k = 0; k < n; k++) {
        XLU_ConfigValue *v = xlu_cfg_get_listitem2(l, k);
        printf(" ");
        if (xlu_cfg_value_type(v) == XLU_STRING) hex(xlu_cfg_get_listitem(l, k)); else printf("[list]");
      }
      printf("\n");
    } else if (xlu_cfg_get_string(c, argv[i], &s, 1) == 0) { printf("%s S ", argv[i]); hex(s); printf("\n"); }
    else printf("%s ABSENT\n", argv[i]);
  }
  xlu_cfg_destroy(c);
  return 0;
}
`;

const header = '/usr/include/libxlutil.h';
const reason = skipReason({ tools: ['gcc'] }) ?? (existsSync(header) ? undefined : (console.warn(`[skip] ${header} absent (Debian: libxen-dev)`), `${header} absent`));

const dir = reason === undefined ? tempDir('xlutil') : '';
let reader = '';
if (reason === undefined) {
  writeFileSync(path.join(dir, 'reader.c'), READER_C);
  reader = path.join(dir, 'reader');
  const cc = spawnSync('gcc', ['-o', reader, path.join(dir, 'reader.c'), '-lxlutil'], { encoding: 'utf8' });
  if (cc.status !== 0) throw new Error(`cannot build the libxlutil reader: ${cc.stderr}`);
}

const hexOf = (s: string): string => Buffer.from(s, 'utf8').toString('hex');

/** What libxlutil prints for a value as hvmpack means it. */
function expected(key: string, v: XlValue): string {
  if (typeof v === 'number') return `${key} S ${hexOf(String(v))}`;
  if (typeof v === 'string') return `${key} S ${hexOf(v)}`;
  return `${key} L${v.map((x) => ` ${hexOf(x)}`).join('')}`;
}

let n = 0;
/** Parses `text` with libxlutil and returns one line per key. */
function readWithXlutil(text: string, keys: readonly string[]): string[] {
  const file = path.join(dir, `cfg${n++}.cfg`);
  writeFileSync(file, text);
  const r = spawnSync(reader, [file, ...keys], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) throw new Error(`libxlutil refused:\n${text}\n${r.stderr}`);
  return r.stdout.trimEnd().split('\n');
}

// Hostile values: quotes, backslashes, #, newlines, controls, non-ASCII; never NUL or empty.
const hostile = fc.oneof(
  fc.constantFrom('"', '\\', '#', '\n', "'", '\\"', '"#"', 'a=b', '\t\r\v\f\b\x07', '\x01\x1b\x7f', 'é ✓ 😀', ']', ', "x"'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
).filter((s) => s !== '' && !s.includes('\0'));

describe.skipIf(reason !== undefined)('xl.cfg through libxlutil', () => {
  it('reads back every setting hvmpack writes, hostile bios-strings included (property)', () => {
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 1, maxLength: 5 }), hostile, hostile, (oem, product, file) => {
        const biosStrings = { 'system-product-name': product, ...Object.fromEntries(oem.map((v, i) => [`oem-${i + 1}`, v])) };
        const { settings, findings } = xlCfgSettings({ guest: resolveGuest({ biosStrings, vcpus: 3 }), smbiosFirmware: file, acpiFirmware: 'acpi.bin' });
        expect(findings).toEqual([]);
        const got = readWithXlutil(formatXlCfg(settings), settings.map((s) => s.key));
        expect(got).toEqual(settings.map((s) => expected(s.key, s.value)));
      }),
      { numRuns: 40 },
    );
  });

  it('reads a merged file: hvmpack\'s values for its keys, the user\'s for the rest (property)', () => {
    const userLine = fc.constantFrom('# comment "with quotes"', '', 'name = "guest-1"', 'disk = [ "phy:/dev/vg/g,xvda,w",\n  # second disk\n  "file:/x.img,xvdb,r" ]', 'memory = 256 # too small', 'vcpus = 8; maxvcpus = 8', 'smbios = [ "bios_vendor=old" ]', 'on_crash = "restart"');
    fc.assert(
      fc.property(fc.array(userLine, { maxLength: 10 }), hostile, (lines, product) => {
        const user = lines.join('\n') + (lines.length > 0 ? '\n' : '');
        const { settings } = xlCfgSettings({ guest: resolveGuest({ biosStrings: { 'system-product-name': product } }), smbiosFirmware: 'smbios.bin' });
        const merged = mergeXlCfg(user, settings).text;
        for (const l of lines) if (!/^(memory|vcpus|smbios) =/.test(l)) expect(merged).toContain(l);
        const keys = [...settings.map((s) => s.key), 'name', 'disk', 'maxvcpus'];
        const got = readWithXlutil(merged, keys);
        expect(got.slice(0, settings.length)).toEqual(settings.map((s) => expected(s.key, s.value)));
        const userHas = (k: string): boolean => lines.some((l) => l.includes(`${k} =`));
        expect(got[settings.length]).toBe(userHas('name') ? expected('name', 'guest-1') : 'name ABSENT');
        expect(got[settings.length + 1]).toBe(userHas('disk') ? expected('disk', ['phy:/dev/vg/g,xvda,w', 'file:/x.img,xvdb,r']) : 'disk ABSENT');
        expect(got[settings.length + 2]).toBe(userHas('maxvcpus') ? expected('maxvcpus', 8) : 'maxvcpus ABSENT');
      }),
      { numRuns: 40 },
    );
  });

  it("reads prepare's xl.cfg: the blob paths and the guest's values", async () => {
    const out = path.join(dir, 'prepared');
    const r = await runHvmpack(['prepare', '--example', '-o', out, '-q', '--vcpus', '3', '--bios-string', 'system-version=v"1"#2']);
    expect(r.code).toBe(0);
    const got = readWithXlutil(readFileSync(path.join(out, 'xl.cfg'), 'utf8'), ['vcpus', 'smbios_firmware', 'acpi_firmware', 'smbios']);
    expect(got).toEqual([expected('vcpus', 3), expected('smbios_firmware', path.join(out, 'smbios.bin')), expected('acpi_firmware', path.join(out, 'acpi.bin')), expected('smbios', ['system_version=v"1"#2'])]);
  });

  it('accepts what our statement parser accepts, and merging into any file both accept gives hvmpack\'s values (property)', () => {
    const piece = fc.constantFrom('memory', 'vcpus', 'name', 'disk', ' ', '\t', '\n', '=', '+=', ';', ',', '[', ']', '"s"', "'t'", '"a#b"', '12', '0x1f', '# c', '"\\""', 'x.y_z');
    const mine: XlSetting[] = [{ key: 'memory', value: 4096 }, { key: 'vcpus', value: 3 }];
    let bothAccepted = 0;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
        const text = pieces.join('');
        let ours = true;
        try {
          mergeXlCfg(text, mine);
        } catch {
          ours = false;
        }
        const file = path.join(dir, `fuzz${n++}.cfg`);
        writeFileSync(file, text);
        const theirs = spawnSync(reader, [file], { encoding: 'utf8', timeout: 10_000 }).status === 0;
        if (ours) expect(theirs, JSON.stringify(text)).toBe(true);
        if (!ours || !theirs) return;
        bothAccepted++;
        const merged = mergeXlCfg(text, mine).text;
        expect(readWithXlutil(merged, ['memory', 'vcpus'])).toEqual([expected('memory', 4096), expected('vcpus', 3)]);
      }),
      // A fixed seed keeps the count of files both accept (asserted below) the same on every run.
      { numRuns: 80, seed: 1302 },
    );
    expect(bothAccepted).toBeGreaterThan(5);
  });

  it('agrees with our parser that the merge\'s += handling leaves hvmpack\'s value in force', () => {
    const mine: XlSetting[] = [{ key: 'smbios', value: ['oem=x'] }];
    const merged = mergeXlCfg('smbios = [ "oem=a" ]\nsmbios += [ "oem=b" ]\n', mine).text;
    expect(readWithXlutil(merged, ['smbios'])).toEqual([expected('smbios', ['oem=x'])]);
  });
});
