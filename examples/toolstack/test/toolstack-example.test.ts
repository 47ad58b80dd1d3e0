import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = mkdtempSync(path.join(tmpdir(), 'hvmpack-example-toolstack-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

// Both examples run against the built packages exactly as a user runs them, so they cannot rot.
describe('examples: a toolstack preparing a guest', () => {
  it('prepare-guest.sh prepares the example host and prints xl create, the xenstore writes and xl unpause', () => {
    const r = spawnSync('bash', [path.join(here, '..', 'prepare-guest.sh'), 'web1'], { env: { ...process.env, OUT: out, DOMID: '7' }, encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`xl create -p ${out}/web1.cfg`);
    expect(lines[1]).toBe(`sh ${out}/web1/xenstore.sh 7   # runs:`);
    expect(lines[2]).toMatch(/^ {2}xenstore-write -- \/local\/domain\/7\/hvmloader\/bios seabios .* \/local\/domain\/7\/hvmloader\/smbios\/address 0x[0-9a-f]+ /);
    expect(lines.at(-1)).toBe('xl unpause web1');
    // The merged xl.cfg keeps the base lines and points at the prepared blobs.
    const cfg = readFileSync(path.join(out, 'web1.cfg'), 'utf8');
    expect(cfg.startsWith('name = "web1"\ntype = "hvm"\n')).toBe(true);
    expect(cfg).toContain(`smbios_firmware = "${out}/web1/smbios.bin"\n`);
  });

  it('the Node script prints the xl.cfg settings and the xenstore script', () => {
    const r = spawnSync(process.execPath, [path.join(here, '..', '..', 'library-walkthrough', 'toolstack.mjs')], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^findings: none$/m);
    expect(r.stdout).toContain('smbios = [ "system_manufacturer=Example Computers", "system_product_name=Model 9", "system_serial_number=DEMO-SERIAL", "enclosure_manufacturer=Example Computers", "oem=it\'s \\"quoted\\"" ]\n');
    expect(r.stdout).toContain(`"$d"/'bios-strings/oem-1' 'it'\\''s "quoted"'`);
    expect(r.stdout).toContain(`"$d"/'hvmloader/hvm-info/nr-vcpus' '2'`);
  });
});
