import { describe, expect, it } from 'vitest';
import { isFormatError } from '@hvmpack/bytes';
import { acpixtractCounts, acpixtractNames, formatAcpidump, parseAcpidump, parseTableFileName, sysfsNames, decodeTable, checkTables } from '@hvmpack/acpi';
import { facs, table } from './build.js';
import { firstNonTextByte, firstNonTextByteNative } from '../src/acpidump.js';
import { formatErrorOf } from '../../../test/support/errors.js';

function err(fn: () => unknown): { code: string; line: number | undefined; column: number | undefined } {
  const e = formatErrorOf(fn);
  return { code: e.code, line: e.line, column: e.column };
}

const ssdt = table('SSDT', 30);
const dsdt = table('DSDT', 5);

describe('acpidump text writer', () => {
  it('formats exactly as acpidump: %8.4X offsets, padded last line, ASCII column, blank line', () => {
    const text = formatAcpidump([decodeTable(dsdt, { address: 0x1234n })]);
    const lines = text.split('\n');
    expect(lines[0]).toBe('DSDT @ 0x0000000000001234');
    expect(lines[1]).toMatch(/^ {4}0000: 44 53 44 54 29 00 00 00 02 [0-9A-F]{2} 48 56 4D 54 53 54  DSDT\)\.\.\.\..HVMTST$/);
    expect(lines[3]).toMatch(/^ {4}0020: ([0-9A-F]{2} ){9} {21} .{9}$/);
    expect(lines[4]).toBe('');
    expect(text.endsWith('\n\n')).toBe(true);
  });

  it('prints the RSDP header line as "RSD " (acpidump cuts "RSD PTR " to four characters)', () => {
    const t = decodeTable(new Uint8Array(20).fill(0x52), { signature: 'RSDP' });
    expect(formatAcpidump([t]).startsWith('RSD  @ 0x')).toBe(true);
  });

  it('writes the short (two-space) offset style on request', () => {
    expect(formatAcpidump([decodeTable(dsdt)], { style: 'short' }).split('\n')[1]!.startsWith('  0000: 44')).toBe(true);
  });

  it.each([' AB', 'A\nBC', 'AB'])('refuses signature %j that acpixtract could not read back', (sig) => {
    expect(err(() => formatAcpidump([decodeTable(ssdt, { signature: sig })])).code).toBe('BAD_SIGNATURE');
  });
});

describe('acpidump text reader', () => {
  const two = [decodeTable(ssdt), decodeTable(ssdt, { instance: 2 }), decodeTable(facs()), decodeTable(dsdt)];

  it.each(['acpidump', 'short'] as const)('reads back what it writes (%s offsets), same-signature tables in order', (style) => {
    const set = parseAcpidump(formatAcpidump(two, { style }));
    expect(set.container).toBe('acpidump');
    expect(set.tables.map((t) => [t.signature, t.instance])).toEqual([['SSDT', 1], ['SSDT', 2], ['FACS', 1], ['DSDT', 1]]);
    set.tables.forEach((t, i) => expect(t.bytes).toEqual(two[i]!.bytes));
    expect(checkTables(set)).toEqual([]);
  });

  it('reads CRLF line ends, "@ (nil)" and address tails, and skips stray text lines with an info finding', () => {
    const body = formatAcpidump([decodeTable(dsdt)]).split('\n').slice(1).join('\r\n');
    const text = `Firmware Warning (ACPI): something\r\nDSDT @ (nil)\r\n${body}SSDT @ 0xdfffd0c0 (66 bytes)\n${formatAcpidump([decodeTable(ssdt)]).split('\n').slice(1).join('\n')}`;
    const set = parseAcpidump(text);
    expect(set.tables.map((t) => t.signature)).toEqual(['DSDT', 'SSDT']);
    expect(set.tables[0]!.address).toBeUndefined();
    expect(set.tables[1]!.address).toBe(0xdfffd0c0n);
    expect(set.tables[1]!.bytes).toEqual(ssdt);
    expect(set.findings.map((f) => f.code)).toEqual(['ACPIDUMP_LINE_IGNORED']);
  });

  it('does not take a long data line with " @ " in its ASCII column for a header', () => {
    const b = table('SSDT', Uint8Array.from([0x20, 0x40, 0x20, 0x41, 0x20, 0x40, 0x20]));
    const set = parseAcpidump(formatAcpidump([decodeTable(b)]));
    expect(set.tables).toHaveLength(1);
    expect(set.tables[0]!.bytes).toEqual(b);
  });

  const good = formatAcpidump([decodeTable(ssdt)]);
  const lines = good.split('\n');
  it.each([
    ['a truncated hex byte', () => lines.map((l, i) => (i === 2 ? l.slice(0, 14) : l)).join('\n'), 'BAD_HEX', 3],
    ['a non-hex byte', () => lines.map((l, i) => (i === 1 ? l.replace(' 53 ', ' 5G ') : l)).join('\n'), 'BAD_HEX', 2],
    ['a missing line (offsets jump)', () => lines.filter((_, i) => i !== 2).join('\n'), 'BAD_HEX', 3],
    ['a repeated line (offsets go back)', () => [lines[0], lines[1], lines[1], ...lines.slice(2)].join('\n'), 'BAD_HEX', 3],
    ['data before any header', () => lines.slice(1).join('\n'), 'BAD_HEX', 1],
    ['a malformed address', () => ['SSDT @ 0xZZ', ...lines.slice(1)].join('\n'), 'BAD_HEX', 1],
    ['a data line without bytes', () => [lines[0], '    0000: ', ...lines.slice(1)].join('\n'), 'BAD_HEX', 2],
    ['a line longer than acpixtract reads', () => [lines[0], lines[1] + ' '.repeat(300), ...lines.slice(2)].join('\n'), 'BAD_VALUE', 2],
    ['a non-ASCII byte', () => good.replace('SSDT', 'SSD\u00e9'), 'BAD_VALUE', 1],
    ['no table at all', () => 'hello\n', 'UNKNOWN_FORMAT', undefined],
  ])('raises FormatError on %s', (_n, make, code, line) => {
    const e = err(() => parseAcpidump(make()));
    expect(e.code).toBe(code);
    expect(e.line).toBe(line);
  });

  it('keeps a zero-byte table (header followed by a header), as acpixtract writes an empty file', () => {
    const set = parseAcpidump(`SSDT @ 0x0000000000000000\n\n${good}`);
    expect(set.tables.map((t) => t.bytes.length)).toEqual([0, ssdt.length]);
    expect(checkTables(set).map((f) => f.code)).toEqual(['ACPI_ZERO_LENGTH']);
  });

  it('keeps a table cut short and reports its length running past the end', () => {
    const set = parseAcpidump(lines.slice(0, 4).join('\n'));
    expect(set.tables[0]!.bytes.length).toBe(48);
    expect(checkTables(set).map((f) => f.code)).toEqual(['ACPI_LENGTH_PAST_END']);
  });

  // A data line with one space before its ASCII column (hand-edited or mangled text) makes the
  // strict parser quote the line; in an MSDM that quote would be the product key.
  const key = 'VK7JG-NPHTM-C97JM-9MPGT-3V66T';
  const msdmBody = Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, key.length, 0, 0, 0, ...Array.from(key, (c) => c.charCodeAt(0))]);
  const msdmLines = formatAcpidump([decodeTable(table('MSDM', msdmBody))]).split('\n');
  it.each([
    ['msdm-ascii-column-one-space', 5, (l: string) => l.replace(/  (\S{16})$/, ' $1')],
    ['msdm-short-line-ascii-one-space', 6, (l: string) => l.replace(/ +(\S+)$/, ' $1')],
  ])('%s: the parse error does not quote the product key', (_name, lineIdx, mangle) => {
    const text = msdmLines.map((l, i) => (i === lineIdx ? mangle(l) : l)).join('\n');
    let e: unknown;
    try {
      parseAcpidump(text);
    } catch (x) {
      e = x;
    }
    expect(isFormatError(e) && { code: e.code, line: e.line }).toEqual({ code: 'BAD_HEX', line: lineIdx + 1 });
    const message = (e as Error).message;
    const windows = Array.from({ length: key.length - 2 }, (_, i) => key.slice(i, i + 3));
    expect(windows.filter((w) => message.includes(w))).toEqual([]);
  });

  it('enforces maxTables and maxTableLength', () => {
    expect(err(() => parseAcpidump(formatAcpidump(two), { limits: { maxTables: 2 } })).code).toBe('LIMIT_EXCEEDED');
    expect(err(() => parseAcpidump(formatAcpidump([decodeTable(table('SSDT', 200000))]), { limits: { maxTableLength: 70000 } })).code).toBe('LIMIT_EXCEEDED');
  });
});

describe('file names', () => {
  it('numbers every instance of a repeated signature, acpixtract style', () => {
    const sigs = ['DSDT', 'SSDT', 'FACP', 'SSDT', 'ASF!', 'SSDT', 'RSDP'].map((signature) => ({ signature }));
    expect(acpixtractNames(sigs)).toEqual(['dsdt.dat', 'ssdt1.dat', 'facp.dat', 'ssdt2.dat', 'asf!.dat', 'ssdt3.dat', 'rsdp.dat']);
    expect(sysfsNames(sigs)).toEqual(['DSDT', 'SSDT1', 'FACP', 'SSDT2', 'ASF!', 'SSDT3', 'RSDP']);
  });

  it.each([
    ['SSDT12', { signature: 'SSDT', instance: 12, style: 'sysfs' }],
    ['DSDT', { signature: 'DSDT', style: 'sysfs' }],
    ['ssdt3.dat', { signature: 'SSDT', instance: 3, style: 'acpixtract' }],
    ['asf!.dat', { signature: 'ASF!', style: 'acpixtract' }],
    ['dsdt.aml', undefined],
    ['README', undefined],
  ])('reads the file name %j', (name, want) => {
    expect(parseTableFileName(name)).toEqual(want);
  });
});

describe('acpixtractCounts', () => {
  it('counts every unindented line by its first four characters, as AxCountTableInstances does', () => {
    const text = new TextEncoder().encode('SSDT notes\nRSD  @ 0x0\n    0000: 00\n\n   \nSSDT @ 0x0\r\n');
    const counts = acpixtractCounts(text);
    expect(counts.get('SSDT')).toBe(2);
    expect(counts.get('RSDP')).toBe(1);
    expect(acpixtractNames([{ signature: 'SSDT' }], counts)).toEqual(['ssdt1.dat']);
  });
});

describe('the check for bytes acpixtract refuses', () => {
  // The native search (a process's first inputs) and the word loop (the rest) must agree on every
  // byte value, wherever it stands in a word, and in text without one.
  const text = Array.from(formatAcpidump([decodeTable(table('SSDT', Uint8Array.from({ length: 300 }, (_, i) => i & 0xff)))]), (c) => c.charCodeAt(0));
  it.each(Array.from({ length: 256 }, (_, v) => v))('byte 0x%s: both find the same first refused byte, or none', (v) => {
    for (const at of [0, 1, 2, 3, 4, 5, 6, 7, 100, text.length - 1]) {
      const b = Uint8Array.from(text);
      b[at] = v;
      // A view at an odd offset, so the loop's unaligned head runs too.
      const shifted = new Uint8Array(b.length + 1).fill(0x20);
      shifted.set(b, 1);
      for (const bytes of [b, shifted.subarray(1)]) {
        const native = firstNonTextByteNative(bytes);
        expect(firstNonTextByte(bytes), `0x${v.toString(16)} at ${at}`).toBe(native);
        const refused = !(v === 0 || v === 9 || v === 10 || v === 11 || v === 12 || v === 13 || (v >= 0x20 && v < 0x7f));
        expect(native).toBe(refused ? at : -1);
      }
    }
  });

  it('refuses a non-ASCII byte with the same error on the first input of a process and on later ones', () => {
    const bad = formatAcpidump([decodeTable(table('SSDT', Uint8Array.of(1, 2, 3)))]).replace('SSDT', 'SSD\u00e9');
    const errors = Array.from({ length: 8 }, () => formatErrorOf(() => parseAcpidump(bad)));
    for (const e of errors) expect({ code: e.code, line: e.line, column: e.column, offset: e.offset, message: e.message }).toEqual({ code: 'BAD_VALUE', line: 1, column: 4, offset: 3, message: errors[0]!.message });
    expect(errors[0]!.message).toContain('not printable ASCII');
  });
});
