import { request } from 'node:http';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LanternError } from '@lantern/core';
import { keyFileProvider } from '../store/key/key-file.ts';
import { HOST_STARTING_META, type HttpServe } from './http-server.ts';
import { MAX_API_BODY_BYTES } from './http-host-worker-client.ts';
import { startWorkstationWithHostWorker } from './start-workstation-worker.ts';

let dir: string;
let ws: HttpServe;

function call(path: string, o: { method?: string; body?: string; auth?: boolean } = {}): Promise<{ status: number; body: string }> {
  const url = new URL(ws.origin);
  const headers: Record<string, string> = { host: url.host, ...(o.auth === false ? {} : { authorization: `Bearer ${ws.auth.secret}` }) };
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: url.port, path, method: o.method ?? 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

const options = (dataDir: string) => ({
  dataDir,
  // The sync server is unreachable on purpose: sign-in takes the offline path.
  serverUrl: 'http://127.0.0.1:9',
  rendererDir: join(dir, 'renderer'),
  syncIntervalMs: 60_000,
  // No machine policy: this machine's /etc/lantern must not decide the test.
  machinePolicyFile: join(dir, 'no-policy.json'),
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lantern-serve-worker-'));
  mkdirSync(join(dir, 'renderer'));
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Lantern</title>');
  ws = await startWorkstationWithHostWorker(options(join(dir, 'ws')));
}, 60_000);

afterAll(async () => {
  await ws.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser mode with the host on a worker thread', () => {
  it('answers queries and mutations (with their JSON body) from the host on the worker', async () => {
    const session = await call('/trpc/session.current');
    expect(session.status).toBe(200);
    expect(JSON.parse(session.body)).toMatchObject({ result: { data: { status: 'signed-out' } } });
    const signIn = await call('/trpc/session.signIn', { method: 'POST', body: JSON.stringify({ username: 'nobody.here', password: 'not-a-password' }) });
    expect(signIn.status).toBeGreaterThanOrEqual(400);
    expect(signIn.body).toContain('has not signed in on this workstation before');
  });

  it('refuses a body no screen sends (over 16 MiB) with 413 before it reaches the host, and keeps answering', async () => {
    const huge = JSON.stringify({ username: 'x'.repeat(MAX_API_BODY_BYTES), password: 'p' });
    const r = await call('/trpc/session.signIn', { method: 'POST', body: huge });
    expect(r.status).toBe(413);
    expect((await call('/trpc/session.current')).status).toBe(200);
  });

  it('keeps the launch authentication on the main thread: nothing unauthenticated reaches the host', async () => {
    expect((await call('/trpc/session.current', { auth: false })).status).toBe(401);
  });

  it('serves the screens while the API is answered elsewhere', async () => {
    const page = await call('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Lantern');
    // The host is ready: the page asks it who is signed in.
    expect(page.body).not.toContain(HOST_STARTING_META);
  });

  it('listens before the host is ready, and until then tells the page that no one is signed in', async () => {
    let page: Promise<{ status: number; body: string }> | null = null;
    const started = await startWorkstationWithHostWorker({
      ...options(join(dir, 'starting')),
      onListening: (http) => {
        const url = new URL(http.origin);
        page = new Promise((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port: url.port, path: '/', headers: { host: url.host, authorization: `Bearer ${http.auth.secret}` } }, (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          });
          req.on('error', reject);
          req.end();
        });
      },
    });
    try {
      const answer = await (page as unknown as Promise<{ status: number; body: string }>);
      expect(answer.status).toBe(200);
      expect(answer.body).toContain(HOST_STARTING_META);
    } finally {
      await started.close();
    }
  }, 60_000);

  it('reports a store that the key does not open with its own error code (for the start-failure sentence)', async () => {
    const other = join(dir, 'other');
    const first = await startWorkstationWithHostWorker(options(other));
    await first.close();
    // Another workstation's key file beside this store.
    await keyFileProvider({ path: join(dir, 'foreign.key'), createIfMissing: true }).getKey();
    copyFileSync(join(dir, 'foreign.key'), join(other, 'store.key'));
    const failed = await startWorkstationWithHostWorker(options(other)).then(() => null, (e: unknown) => e);
    expect(failed).toBeInstanceOf(LanternError);
    expect((failed as LanternError).code).toBe('STORE_KEY_INVALID');
  }, 60_000);
});
