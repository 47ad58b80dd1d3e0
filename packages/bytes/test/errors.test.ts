import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, FormatError, isFormatError, resolveLimits } from '@hvmpack/bytes';

describe('FormatError', () => {
  it('carries code, offset, path and expected/found in the message', () => {
    const e = new FormatError('BAD_LENGTH', 'structure too short', { offset: 0x40, path: 'smbios.structures[3]', expected: '>= 4', found: '2' });
    expect(e.code).toBe('BAD_LENGTH');
    expect(e.offset).toBe(0x40);
    expect(e.message).toContain('expected >= 4');
    expect(e.message).toContain('found 2');
    expect(e.message).toContain('smbios.structures[3]');
    expect(isFormatError(e)).toBe(true);
    expect(isFormatError(new Error('x'))).toBe(false);
  });

  it('withContext adds a file name without losing the original location', () => {
    const e = new FormatError('TRUNCATED', 'short', { offset: 5 }).withContext({ file: 'dmi.bin', offset: 99 });
    expect(e.file).toBe('dmi.bin');
    expect(e.offset).toBe(5);
    expect(e.toJSON()).toMatchObject({ code: 'TRUNCATED', file: 'dmi.bin', offset: 5 });
  });
});

describe('limits', () => {
  it('fills unspecified limits with the documented defaults', () => {
    const l = resolveLimits({ maxStructures: 10 });
    expect(l.maxStructures).toBe(10);
    expect(l.maxTableLength).toBe(DEFAULT_LIMITS.maxTableLength);
  });
});
