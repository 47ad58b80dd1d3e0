// The one finding-line shape every text-mode command prints.
import { describe, expect, it } from 'vitest';
import type { Finding } from '@hvmpack/bytes';
import { formatFindingLine } from '../src/findings.js';

describe('formatFindingLine', () => {
  it.each<[string, Finding, { file?: string }, string]>([
    ['an error with an offset', { code: 'XEN_ACPI_BAD_CHECKSUM', severity: 'error', message: 'm', offset: 0x2c }, {}, 'error   XEN_ACPI_BAD_CHECKSUM at 0x2C: m'],
    ['a warning without an offset', { code: 'W', severity: 'warning', message: 'm' }, {}, 'warning W: m'],
    ['an info at offset 0', { code: 'I', severity: 'info', message: 'm', offset: 0 }, {}, 'info    I at 0x0: m'],
    ['a stderr diagnostic about a file', { code: 'ID_MISMATCH', severity: 'warning', message: 'm', offset: 0x1a0 }, { file: 'a.img' }, 'hvmpack: a.img: warning ID_MISMATCH at 0x1A0: m'],
    ['a path, which the line leaves to --json', { code: 'C', severity: 'error', message: 'm', path: 'acpi.tables[1]' }, {}, 'error   C: m'],
  ])('%s', (_name, f, opts, line) => {
    expect(formatFindingLine(f, opts)).toBe(line);
  });
});
