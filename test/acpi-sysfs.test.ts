// This machine's own ACPI tables, read from /sys/firmware/acpi/tables when readable (root only).
import { accessSync, constants, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTables, sysfsNames } from '@hvmpack/acpi';
import { hasErrors } from '@hvmpack/bytes';
import { SYSFS_ACPI_TABLES, readAcpiInput } from '@hvmpack/host';
import { runHvmpack } from './support/cli.js';

function unreadable(): string | undefined {
  try {
    const names = readdirSync(SYSFS_ACPI_TABLES).filter((n) => n !== 'data' && n !== 'dynamic');
    if (names.length === 0) return `${SYSFS_ACPI_TABLES} lists no tables`;
    accessSync(path.join(SYSFS_ACPI_TABLES, names[0]!), constants.R_OK);
    return undefined;
  } catch {
    const reason = `${SYSFS_ACPI_TABLES} not readable (needs root and ACPI)`;
    console.warn(`[skip] ${reason}`);
    return reason;
  }
}

describe.skipIf(unreadable() !== undefined)('this machine’s ACPI tables', () => {
  it('reads every table file, named as Linux names them, and validates them', async () => {
    const set = await readAcpiInput(SYSFS_ACPI_TABLES);
    expect(set.container).toBe('folder');
    const files = readdirSync(SYSFS_ACPI_TABLES).filter((n) => n !== 'data' && n !== 'dynamic').sort();
    expect(sysfsNames(set.tables.filter((t) => !t.source?.startsWith('dynamic/'))).sort()).toEqual(files);
    const findings = checkTables(set);
    // Real firmware may ship a bad checksum (OEMB); anything else would be our bug.
    expect(findings.filter((f) => f.severity === 'error' && f.code !== 'ACPI_BAD_CHECKSUM')).toEqual([]);
    expect(set.tables.find((t) => t.signature === 'DSDT')).toBeDefined();
  });

  it('lists them with `hvmpack acpi list --json` and checks them with `acpi check`', async () => {
    const r = await runHvmpack(['acpi', 'list', SYSFS_ACPI_TABLES, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { tables: Array<{ signature: string; sha256: string }> };
    expect(out.tables.length).toBeGreaterThan(0);
    for (const t of out.tables) expect(t.sha256).toMatch(/^[0-9a-f]{64}$/);
    const c = await runHvmpack(['acpi', 'check', SYSFS_ACPI_TABLES]);
    const set = await readAcpiInput(SYSFS_ACPI_TABLES);
    expect(c.code).toBe(hasErrors(checkTables(set)) ? 1 : 0);
  });
});
