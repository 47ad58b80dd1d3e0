// The boot harness's pure parts, without a guest: the transcript parser must give back exactly the
// bytes the guest sent or fail, and the initramfs must be an archive the real cpio reads.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { skipReason } from './support/env.js';
import { encodeNewc, formatTranscript, initramfsEntries, MARK, parseTranscript, TranscriptError, type GuestTables } from './support/qemu-boot-guest.js';
import { tempDir, toolOutput } from './support/tools.js';

/** Tables with every byte value and a size that is not a multiple of the 32-byte hex row. */
function sampleTables(): GuestTables {
  const ramp = (n: number, seed: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff);
  return {
    entryPoint: ramp(31, 1),
    dmi: ramp(700, 2),
    acpi: new Map([
      ['DSDT', ramp(6529, 3)],
      ['SSDT1', ramp(36, 4)],
      ['dynamic/SSDT3', ramp(33, 5)],
      ['FACS', ramp(64, 6)],
    ]),
  };
}

describe('parseTranscript', () => {
  it('gives back every byte the guest sent, names and order included', () => {
    const t = sampleTables();
    const back = parseTranscript(formatTranscript(t));
    expect(back.entryPoint).toEqual(t.entryPoint);
    expect(back.dmi).toEqual(t.dmi);
    expect([...back.acpi.keys()]).toEqual([...t.acpi.keys()]);
    for (const [name, bytes] of t.acpi) expect(back.acpi.get(name), name).toEqual(bytes);
  });

  it('ignores what firmware writes before the markers (OVMF clears the screen on every serial port)', () => {
    const t = sampleTables();
    const text = '\x1b[2J\x1b[01;01H\x1b[=3h\x1b[2J' + formatTranscript(t).replace(`${MARK} begin dmi/DMI`, `\x1b[01;01H${MARK} begin dmi/DMI`);
    expect(parseTranscript(text).dmi).toEqual(t.dmi);
  });

  const full = formatTranscript(sampleTables());
  const lines = full.split('\r\n');
  const dmiBegin = lines.findIndex((l) => l.startsWith(`${MARK} begin dmi/DMI`));
  it.each([
    ['nothing at all', '', /printed nothing/],
    ['a transcript cut inside a table', lines.slice(0, dmiBegin + 3).join('\r\n'), /dmi\/DMI was cut off/],
    ['a transcript without "done"', full.replace(`${MARK} done`, ''), /stopped before "done"/],
    ['a table one row short', lines.filter((_, i) => i !== dmiBegin + 2).join('\r\n'), /announced 700 bytes, sent 668/],
    ['a row that is not hex', lines.map((l, i) => (i === dmiBegin + 1 ? 'Kernel panic' : l)).join('\r\n'), /expected hex of dmi\/DMI/],
    ['an odd number of hex digits', lines.map((l, i) => (i === dmiBegin + 1 ? l.slice(1) : l)).join('\r\n'), /odd number of hex digits/],
    ['a table sent twice', full.replace(`${MARK} done`, lines.slice(dmiBegin, dmiBegin + 24).join('\r\n') + `\r\n${MARK} done`), /dmi\/DMI sent twice/],
    ['an end marker for another table', full.replace(`${MARK} end dmi/DMI`, `${MARK} end acpi/DSDT`), /expected the end of dmi\/DMI/],
    ['no SMBIOS table', full.replace(/dmi\/DMI/g, 'dmi/X'), /no SMBIOS entry point or table/],
  ])('refuses %s', (_, text, message) => {
    expect(() => parseTranscript(text)).toThrow(TranscriptError);
    expect(() => parseTranscript(text)).toThrow(message);
  });
});

describe('encodeNewc', () => {
  const entries = initramfsEntries(Uint8Array.from({ length: 1001 }, (_, i) => i & 0xff));

  it('pads every header+name and every data block to 4 bytes, and ends with the trailer', () => {
    const a = encodeNewc(entries);
    expect(a.length % 4).toBe(0);
    const text = new TextDecoder('latin1').decode(a);
    let at = 0;
    const names: string[] = [];
    while (at < a.length) {
      expect(text.slice(at, at + 6), `magic at ${at}`).toBe('070701');
      const field = (i: number): number => parseInt(text.slice(at + 6 + 8 * i, at + 14 + 8 * i), 16);
      const namesize = field(11);
      const filesize = field(6);
      names.push(text.slice(at + 110, at + 110 + namesize - 1));
      at += Math.ceil((110 + namesize) / 4) * 4;
      at += Math.ceil(filesize / 4) * 4;
      if (names.at(-1) === 'TRAILER!!!') break;
    }
    expect(at).toBe(a.length);
    expect(names).toEqual([...entries.map((e) => e.name), 'TRAILER!!!']);
  });

  it.skipIf(skipReason({ tools: ['cpio'] }))('is read by cpio with the modes, sizes and device node given', async () => {
    const f = path.join(tempDir('newc'), 'initrd.cpio');
    writeFileSync(f, encodeNewc(entries));
    const listing = (await toolOutput('sh', ['-c', `cpio -itv --quiet < '${f}'`])).trim().split('\n');
    expect(listing.map((l) => l.split(/\s+/).at(-1))).toEqual(entries.map((e) => e.name));
    const line = (name: string): string => listing.find((l) => l.endsWith(` ${name}`)) ?? '';
    expect(line('dev/console')).toMatch(/^crw------- .* 5,\s+1 /);
    expect(line('bin/busybox')).toMatch(/^-rwxr-xr-x .* 1001 /);
    expect(line('init')).toMatch(/^-rwxr-xr-x /);
    expect(line('sys')).toMatch(/^drwxr-xr-x /);
  });
});
