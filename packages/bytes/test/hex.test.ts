import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode, formatHexDump, parseHexDump, parseHexDumpLine, parseHexString, toHex } from '@hvmpack/bytes';
import { formatErrorOf as thrown } from '../../../test/support/errors.js';

describe('hex dump', () => {
  it('formats acpidump-style lines', () => {
    const text = formatHexDump(Uint8Array.from([0x46, 0x41, 0x43, 0x50, 0x00, 0x7f, 0x20]));
    expect(text).toBe('  0000: 46 41 43 50 00 7F 20                             FACP.. \n'.replace(/ \n$/, ' \n').trimEnd() + '\n');
  });

  it('round-trips through the strict parser', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.integer({ min: 0, max: 0xfff0 }), (bytes, start) => {
        const parsed = parseHexDump(formatHexDump(bytes, { startOffset: start * 16 }));
        expect(parsed.bytes).toEqual(bytes);
        if (bytes.length) expect(parsed.startOffset).toBe(start * 16);
      }),
    );
  });

  it.each([
    { name: 'a missing colon', line: '  0000 46 41', column: 7 },
    { name: 'a one-digit byte', line: '  0000: 4 41', column: 9 },
    { name: 'a non-hex byte', line: '  0000: 46 4G 43', column: 12 },
    { name: 'a non-hex offset', line: '  00Z0: 46', column: 5 },
    { name: 'no bytes at all', line: '  0000:', column: 8 },
    { name: 'three-digit groups', line: '  0000: 464 41', column: 9 },
    { name: 'a tab between bytes', line: '  0000: 46\t41', column: 11 },
  ])('rejects $name with line and column', ({ line, column }) => {
    const e = thrown(() => parseHexDump(`  0000: 00\n${line}\n`));
    expect(e.code).toBe(ErrorCode.BadHex);
    expect(e.line).toBe(2);
    expect(e.column).toBe(column);
  });

  it('accepts the ASCII column after two spaces, whatever it holds', () => {
    expect(parseHexDumpLine('  0010: 41 42  AB: 01 02').bytes).toEqual(Uint8Array.of(0x41, 0x42));
  });

  it('rejects non-contiguous offsets', () => {
    const e = thrown(() => parseHexDump('  0000: 00 01\n  0010: 02\n'));
    expect(e.code).toBe(ErrorCode.BadHex);
    expect(e.line).toBe(2);
  });

  it('parses and prints compact hex', () => {
    expect(parseHexString('de AD be ef')).toEqual(Uint8Array.of(0xde, 0xad, 0xbe, 0xef));
    expect(toHex(Uint8Array.of(0, 0xff))).toBe('00ff');
    expect(thrown(() => parseHexString('abc')).code).toBe(ErrorCode.BadHex);
  });
});
