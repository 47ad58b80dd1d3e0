// The one finding-line shape every text-mode command prints.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Finding } from '@hvmpack/bytes';
import { formatFindingLine, formatFindingLines } from '../src/findings.js';

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

describe('formatFindingLines', () => {
  const dup = (type: number, offset: number): Finding => ({ code: 'PACK_SMBIOS_DUPLICATE_LEFT_OUT', severity: 'info', message: `type ${type} structure left out`, offset, type });

  it('collapses findings that repeat a code into one line with their count, in first-seen order', () => {
    const findings = [dup(17, 0x10), { code: 'W', severity: 'warning', message: 'm' } as Finding, ...[0x20, 0x30, 0x40].map((o) => dup(17, o)), dup(9, 0x50)];
    expect(formatFindingLines(findings, 'host.bin')).toEqual([
      'hvmpack: host.bin: info    PACK_SMBIOS_DUPLICATE_LEFT_OUT ×5 at 0x10: type 17 structure left out; 4 more like it',
      'hvmpack: host.bin: warning W: m',
    ]);
  });

  it('keeps one finding as it is, and the same code at two severities apart', () => {
    const findings: Finding[] = [{ code: 'C', severity: 'error', message: 'a' }, { code: 'C', severity: 'warning', message: 'b' }];
    expect(formatFindingLines(findings)).toEqual(['error   C: a', 'warning C: b']);
  });

  it('names the file each group is about', () => {
    const findings: Finding[] = [{ code: 'A', severity: 'info', message: 'a', path: 'input.x' }, { code: 'B', severity: 'info', message: 'b' }];
    expect(formatFindingLines(findings, (f) => (f.path?.startsWith('input') ? 'in' : 'out'))).toEqual(['hvmpack: in: info    A: a', 'hvmpack: out: info    B: b']);
  });
});

describe('what findings and errors cite', () => {
  // shared/research/xen.md is the project's notes, not something a user has: a message cites a
  // docs page in the repository, or Xen's own file and commit.
  it('no library or CLI source cites xen.md outside comments', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const cited: string[] = [];
    for (const pkg of readdirSync(root)) {
      const src = path.join(root, pkg, 'src');
      if (!existsSync(src)) continue;
      for (const f of readdirSync(src, { recursive: true }) as string[]) {
        if (!f.endsWith('.ts')) continue;
        const code = readFileSync(path.join(src, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').replace(/\s\/\/ .*$/gm, '');
        if (/xen\.md|shared\/research/.test(code)) cited.push(`${pkg}/src/${f}`);
      }
    }
    expect(cited).toEqual([]);
  });
});
