import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));

// Examples run against the built packages exactly as a user runs them, so they cannot rot.
describe('examples/library-walkthrough', () => {
  it('runs and reports the guest view and a fitting plan for every profile', () => {
    const r = spawnSync(process.execPath, [path.join(here, '..', 'main.mjs')], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^blob: 3 structures, \d+ bytes$/m);
    expect(r.stdout).toMatch(/^guest SMBIOS: \d+ structures, entry point 2\.4$/m);
    // The OEM structure survives with its own handle; type 1 is re-handled by hvmloader.
    expect(r.stdout).toMatch(/handle 0x0100 type 1$/m);
    expect(r.stdout).toMatch(/type 136$/m);
    for (const p of ['rfc', 'xen-4.3', 'xen-4.8']) expect(r.stdout).toMatch(new RegExp(`^${p.replace('.', '\\.')}\\s+smbios at 0x[0-9a-f]+, minimum memory \\d+ MiB, fits$`, 'm'));
  });
});
