// For every Xen release 4.3–4.22: hvmloader's own smbios.c (compiled from the tag, stub util.h)
// vs hvmpack's guest view, on the oracle's blobs and configs, plain dump-bin (hvmloader's count).
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
const X = new URL('../../packages', import.meta.url).pathname;
const { computeGuestView, guestViewDumpBin } = await import(`${X}/xen/dist/index.js`);
const { parseXenVersion, resolveGuest } = await import(`${X}/guest/dist/index.js`);
const base = process.env.ORACLE ?? new URL('../../../shared/oracle/hvmloader/4.21', import.meta.url).pathname;
const folders = [base, ...readdirSync(`${base}/cases`).map((c) => `${base}/cases/${c}`)].filter((f) => existsSync(`${f}/smbios`));
const tags = process.argv.slice(2);
for (const tag of tags) {
  const [maj, mn] = tag.split('.');
  const extra = tag.slice(maj.length + 1 + mn.length);
  let same = 0, diff = 0;
  for (const f of folders) {
    const c = JSON.parse(readFileSync(`${f}/config.json`, 'utf8'));
    for (const host of c.hosts.smbios) {
      const blobFile = `${f}/smbios/${host}.blob`;
      const out = `${process.env.WORK}/o-${tag}.bin`;
      execFileSync(`${process.env.WORK}/x-${tag}/harness`, [out, blobFile, maj, mn, extra, String(c.vcpus), String(c.memoryMiB), c.uuid.replace(/-/g, ''),
        c.cpu.signatureEax, c.cpu.featuresEdx, String(c.cpu.mhz), ...Object.entries(c.biosStrings).map(([k, v]) => `${k}=${v}`)]);
      const theirs = readFileSync(out);
      const guest = resolveGuest({ xen: parseXenVersion(tag), firmware: c.firmware, vcpus: c.vcpus, memoryMiB: c.memoryMiB, biosStrings: c.biosStrings,
        cpu: { vendor: c.cpu.vendor, signatureEax: Number(c.cpu.signatureEax), featuresEdx: Number(c.cpu.featuresEdx), mhz: c.cpu.mhz }, uuid: c.uuid, buildDate: c.buildDate });
      const ours = Buffer.from(guestViewDumpBin(computeGuestView({ smbios: new Uint8Array(readFileSync(blobFile)), acpi: null, config: guest })));
      if (Buffer.compare(ours, theirs) === 0) same++;
      else { diff++; if (diff <= 3) console.log('DIFF', tag, f.split('/').pop(), host, ours.length, theirs.length); }
    }
  }
  console.log(`${tag}: ${same} identical, ${diff} different`);
}
