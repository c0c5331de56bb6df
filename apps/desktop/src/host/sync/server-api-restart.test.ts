/**
 * A kept-alive connection the server closed when it restarted: trusted-fetch (IT's CA or proxy) keeps
 * connections alive, and a server that stops and starts again on the same port while the host is
 * busy (a synchronous store write) leaves a dead connection in the pool. The next harmless call must
 * go through on a fresh connection, not fail as "cannot be reached" with the server up.
 */
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { trustedFetch } from '../machine-policy/trusted-fetch.ts';
import { ephemeralDeviceKey } from '../session/device-key.ts';
import { createServerApi } from './server-api.ts';

// Any tRPC query answered with a result (enough for ping), on a keep-alive HTTP server.
const SERVER = `
const http = require('node:http');
const s = http.createServer((req, res) => { req.resume(); req.on('end', () => { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify({ result: { data: { publicKeyPem: 'k' } } })); }); });
s.keepAliveTimeout = 60000;
s.listen(Number(process.argv[2]), '127.0.0.1', () => console.log('ready ' + s.address().port));
`;
let dir = '';
let script = '';
let first: ChildProcess | null = null;
let port = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lantern-keepalive-'));
  script = join(dir, 'server.cjs');
  writeFileSync(script, SERVER);
  const child = spawn(process.execPath, [script, '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  first = child;
  port = await new Promise<number>((resolve) => child.stdout?.on('data', (b: Buffer) => {
    const m = /ready (\d+)/.exec(b.toString());
    if (m?.[1] !== undefined) resolve(Number(m[1]));
  }));
});
afterAll(() => {
  first?.kill('SIGKILL');
  try { execSync(`fuser -k -n tcp ${port}`, { stdio: 'ignore' }); } catch { /* nothing left */ }
  rmSync(dir, { recursive: true, force: true });
});

it('after a restart on the same port while the host was busy, the next call reaches the new server', async () => {
  const api = createServerApi({ baseUrl: `http://127.0.0.1:${port}`, device: ephemeralDeviceKey('ws-1'), fetch: trustedFetch({}), timeoutMs: 5_000 });
  await api.ping?.();
  // Blocks this process (as a store write would) while the server is killed and started again.
  execSync(`kill -9 ${first?.pid ?? 0}; while ss -ltn | grep -q ":${port} "; do sleep 0.05; done; `
    + `(setsid ${process.execPath} ${script} ${port} > ${join(dir, 'out.txt')} 2>&1 < /dev/null &); `
    + `for i in $(seq 200); do grep -q ready ${join(dir, 'out.txt')} 2>/dev/null && break; sleep 0.05; done`, { timeout: 20_000 });
  await expect(api.ping?.()).resolves.toBeUndefined();
}, 60_000);
