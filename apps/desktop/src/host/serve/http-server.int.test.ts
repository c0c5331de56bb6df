import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explicitKeyProvider, randomKey } from '../store/key/key-provider.ts';
import { startWorkstation, type Workstation } from './start-workstation.ts';
import { HOST_STARTING_META, serveHttp } from './http-server.ts';

let dir: string;
let ws: Workstation;

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(ws.origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: url.port, path, headers: { host: url.host, ...headers } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lantern-serve-'));
  mkdirSync(join(dir, 'renderer'));
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Lantern</title>');
  // The sync server is unreachable on purpose: the host must still serve and answer.
  ws = await startWorkstation({ dataDir: join(dir, 'ws'), serverUrl: 'http://127.0.0.1:9', rendererDir: join(dir, 'renderer'), keyProvider: explicitKeyProvider(randomKey()), syncIntervalMs: 60_000 });
});

afterAll(async () => {
  await ws.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser mode over loopback HTTP', () => {
  it('refuses every request without the launch secret', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/trpc/session.current')).status).toBe(401);
    expect((await get('/trpc/session.current', { authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get('/', { host: 'evil.example:80', authorization: `Bearer ${ws.auth.secret}` })).status).toBe(421);
  });

  it('sets an HttpOnly SameSite=Strict cookie from the one-time launch link, which then stops working', async () => {
    const launch = new URL(ws.launchUrl);
    const first = await get(`/${launch.search}`);
    expect(first.status).toBe(303);
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const again = await get(`/${launch.search}`);
    expect(again.status).toBe(403);
    const page = await get('/', { cookie: cookie.split(';')[0] ?? '' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Lantern');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('answers the host router with the bearer secret, and keeps PHI procedures behind sign-in', async () => {
    const auth = { authorization: `Bearer ${ws.auth.secret}` };
    const s = await get('/trpc/session.current', auth);
    expect(JSON.parse(s.body)).toMatchObject({ result: { data: { status: 'signed-out', autoLockMs: 600_000 } } });
    const mine = await get('/trpc/patients.mine', auth);
    expect(mine.status).toBe(401);
    expect(JSON.parse(mine.body)).toMatchObject({ error: { data: { lanternCode: 'UNAUTHENTICATED' } } });
    expect(mine.body).not.toContain('    at ');
  });
});

describe('a workstation still starting', () => {
  it('serves the screens before the store is open, and an early API call waits for the host', async () => {
    let early: Promise<{ status: number; body: string }> | null = null;
    let pageWhileStarting: { status: number; body: string } | null = null;
    const starting = startWorkstation({
      dataDir: join(dir, 'ws-early'), serverUrl: 'http://127.0.0.1:9', rendererDir: join(dir, 'renderer'), keyProvider: explicitKeyProvider(randomKey()), syncIntervalMs: 60_000,
      onListening: (http) => {
        const call = (path: string) => new Promise<{ status: number; body: string }>((resolve, reject) => {
          const url = new URL(http.origin);
          const req = request({ host: '127.0.0.1', port: url.port, path, headers: { host: url.host, authorization: `Bearer ${http.auth.secret}` } }, (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          });
          req.on('error', reject);
          req.end();
        });
        early = call('/trpc/session.current');
        void call('/').then((r) => (pageWhileStarting = r));
      },
    });
    const started = await starting;
    try {
      expect(early).not.toBeNull();
      const answer = await (early as unknown as Promise<{ status: number; body: string }>);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ result: { data: { status: 'signed-out' } } });
      await expect.poll(() => pageWhileStarting?.status).toBe(200);
    } finally {
      await started.close();
    }
  });
});

describe('a workstation started for a person at a browser', () => {
  it('sends the first page before it loads the host, and starts the host once the page has its files', async () => {
    const order: string[] = [];
    let page: Promise<number> | null = null;
    const starting = startWorkstation({
      dataDir: join(dir, 'ws-page-first'), serverUrl: 'http://127.0.0.1:9', rendererDir: join(dir, 'renderer'), keyProvider: explicitKeyProvider(randomKey()), syncIntervalMs: 60_000,
      startHostAfterFirstPage: true,
      onListening: (http) => {
        void http.firstPageServed.then(() => order.push('first page served'));
        const url = new URL(http.origin);
        page = new Promise<number>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port: url.port, path: '/', headers: { host: url.host, authorization: `Bearer ${http.auth.secret}` } }, (res) => {
            res.resume();
            res.on('end', () => { order.push('page sent'); resolve(res.statusCode ?? 0); });
          });
          req.on('error', reject);
          req.end();
        });
      },
    });
    const started = await starting;
    order.push('host ready');
    try {
      expect(await (page as unknown as Promise<number>)).toBe(200);
      expect(order).toEqual(['page sent', 'first page served', 'host ready']);
    } finally {
      await started.close();
    }
  });
});

describe('the page while the host starts', () => {
  it('tells the page that no one is signed in only while the host is starting', async () => {
    let starting = true;
    const http = await serveHttp({ services: null, rendererDir: join(dir, 'renderer'), hostStarting: () => starting });
    const page = (path: string) => new Promise<string>((resolve, reject) => {
      const url = new URL(http.origin);
      const req = request({ host: '127.0.0.1', port: url.port, path, headers: { host: url.host, authorization: `Bearer ${http.auth.secret}` } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end();
    });
    try {
      const first = await page('/');
      expect(first).toContain(HOST_STARTING_META);
      // A client-side route is the same page.
      expect(await page('/chart/x')).toContain(HOST_STARTING_META);
      expect(first.replace(HOST_STARTING_META, '')).toBe('<!doctype html><title>Lantern</title>');
      starting = false;
      expect(await page('/')).toBe('<!doctype html><title>Lantern</title>');
    } finally {
      await http.close();
    }
  });
});
