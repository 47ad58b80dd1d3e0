// xenstore.sh run with the real xenstore-write (Debian's xenstore-utils) against a small store of
// our own that speaks xenstored's wire protocol (xen/include/public/io/xs_wire.h) on the Unix
// socket XENSTORED_PATH names; every key is then read back with the real xenstore-read.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveGuest } from '@hvmpack/guest';
import { absoluteEntries, guestHvmInfo, xenstoreEntries, xenstoreScript } from '@hvmpack/xen';
import { runHvmpack } from './support/cli.js';
import { skipReason } from './support/env.js';
import { tempDir } from './support/tools.js';

const run = promisify(execFile);

// xs_wire.h message types the client sends for write and read.
const XS = { READ: 2, TRANSACTION_START: 6, TRANSACTION_END: 7, WRITE: 11, ERROR: 16 } as const;

/** A store answering read, write and transactions; anything else gets ENOSYS. */
function startStore(socket: string): Promise<{ store: Map<string, Buffer>; server: net.Server }> {
  const store = new Map<string, Buffer>();
  const server = net.createServer((conn) => {
    let buf = Buffer.alloc(0);
    conn.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 16) {
        // struct xsd_sockmsg { u32 type, req_id, tx_id, len; } then len payload bytes.
        const len = buf.readUInt32LE(12);
        if (buf.length < 16 + len) break;
        const type = buf.readUInt32LE(0);
        const head = Buffer.from(buf.subarray(0, 16));
        const payload = Buffer.from(buf.subarray(16, 16 + len));
        buf = buf.subarray(16 + len);
        const reply = (t: number, body: Buffer): void => {
          head.writeUInt32LE(t, 0);
          head.writeUInt32LE(body.length, 12);
          conn.write(Buffer.concat([head, body]));
        };
        const nul = payload.indexOf(0);
        const key = payload.subarray(0, nul < 0 ? payload.length : nul).toString('latin1');
        if (type === XS.TRANSACTION_START) reply(type, Buffer.from('1\0'));
        else if (type === XS.TRANSACTION_END) reply(type, Buffer.from('OK\0'));
        else if (type === XS.WRITE) {
          store.set(key, payload.subarray(nul + 1));
          reply(type, Buffer.from('OK\0'));
        } else if (type === XS.READ) {
          const v = store.get(key);
          reply(v ? type : XS.ERROR, v ?? Buffer.from('ENOENT\0'));
        } else reply(XS.ERROR, Buffer.from('ENOSYS\0'));
      }
    });
  });
  return new Promise((resolve) => server.listen(socket, () => resolve({ store, server })));
}

const reason = skipReason({ tools: ['xenstore-write', 'xenstore-read'] });

describe.skipIf(reason !== undefined)('xenstore.sh with the real xenstore client', () => {
  const dir = tempDir('xsclient');
  const socket = path.join(dir, 'socket');
  const canary = path.join(dir, 'canary');
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', XENSTORED_PATH: socket };
  let store: Map<string, Buffer>;
  let server: net.Server;
  beforeAll(async () => ({ store, server } = await startStore(socket)));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function writeAndReadBack(biosStrings: Record<string, string>, domid: number, readBack: (path: string) => boolean = () => true): Promise<void> {
    store.clear();
    const guest = resolveGuest({ biosStrings, vcpus: 2 });
    const { entries, findings } = xenstoreEntries({ guest, smbios: { address: 0x131000n, length: 0x800 }, hvmInfo: guestHvmInfo(guest) });
    expect(findings).toEqual([]);
    const script = path.join(dir, 'xenstore.sh');
    writeFileSync(script, xenstoreScript(entries));
    await run('sh', [script, String(domid)], { env, timeout: 20_000 });
    const wanted = absoluteEntries(entries, domid);
    expect([...store.keys()].sort()).toEqual(wanted.map((e) => e.path).sort());
    for (const e of wanted) {
      expect(store.get(e.path)?.toString('utf8'), e.path).toBe(e.value);
      if (!readBack(e.path)) continue;
      // -R: the raw value as stored, not xenstore's escaped rendering (and no newline added).
      const got = await run('xenstore-read', ['-R', e.path], { env, encoding: 'buffer', timeout: 10_000 });
      expect(Buffer.from(got.stdout).toString('utf8'), e.path).toBe(e.value);
    }
  }

  it('writes every key of a stock guest and a proposal, read back unchanged', async () => {
    await writeAndReadBack({ 'bios-vendor': 'Vendor', 'system-product-name': 'Box', 'oem-1': 'one' }, 7);
    expect(store.get('/local/domain/7/hvmloader/smbios/address')?.toString()).toBe('0x131000');
    expect(store.get('/local/domain/7/hvmloader/hvm-info/nr-vcpus')?.toString()).toBe('2');
  });

  it("runs prepare's own xenstore.sh: the store ends up holding keys.json", async () => {
    store.clear();
    const out = path.join(dir, 'prepared');
    expect((await runHvmpack(['prepare', '--example', '-o', out, '-q', '--hvm-info', '--bios-string', "system-version=it's $(x)"])).code).toBe(0);
    await run('sh', [path.join(out, 'xenstore.sh'), '31'], { env, timeout: 20_000 });
    const keys = (JSON.parse(readFileSync(path.join(out, 'keys.json'), 'utf8')) as { entries: { path: string; value: string }[] }).entries;
    expect(Object.fromEntries([...store].map(([k, v]) => [k, v.toString('utf8')]))).toEqual(Object.fromEntries(keys.map((e) => [`/local/domain/31/${e.path}`, e.value])));
  });

  it('carries hostile values unchanged and runs nothing in them (property)', async () => {
    const hostile = fc.oneof(
      fc.constantFrom(`$(touch ${canary})`, `\`touch ${canary}\``, `'; touch ${canary}; '`, '\\', '\\n', '\\x41', '-R', '--', '"', 'a\nb', '\t\x01\x7f', 'é ✓ 😀', '%s%n'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
    ).filter((s) => s !== '' && !s.includes('\0') && !/[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')));
    await fc.assert(
      fc.asyncProperty(fc.array(hostile, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 32751 }), async (oem, domid) => {
        // The real client reads back the hostile keys; the fixed ones are compared in the store.
        await writeAndReadBack(Object.fromEntries(oem.map((v, i) => [`oem-${i + 1}`, v])), domid, (p) => p.includes('/bios-strings/'));
      }),
      { numRuns: 15 },
    );
    expect(existsSync(canary)).toBe(false);
  });
});
