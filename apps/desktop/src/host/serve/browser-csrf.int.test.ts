/**
 * Browser mode refuses cross-site requests, over real HTTP against the real host (encrypted store,
 * host router): what a hostile page in the clinician's browser could send to the loopback port (a
 * form post, a multipart upload, a fetch from another origin, a request without the launch cookie)
 * is refused before it reaches a procedure; the workstation's own JSON calls go through.
 */
import { request } from 'node:http';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explicitKeyProvider, randomKey } from '../store/key/key-provider.ts';
import { startWorkstation, type Workstation } from './start-workstation.ts';

let dir: string;
let ws: Workstation;
let cookie: string;
let origin: string;

interface Answer { status: number; body: string }

function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  const url = new URL(ws.origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: url.port, path, method, headers: { host: url.host, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }), ...headers } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const LOCK = '/trpc/session.lock';
/** A procedure with an effect: if any refused request reached it, the audit or the session would change. */
const signIn = JSON.stringify({ username: 'dr.ada', password: 'x' });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lantern-csrf-'));
  mkdirSync(join(dir, 'renderer'));
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Lantern</title>');
  ws = await startWorkstation({ dataDir: join(dir, 'ws'), serverUrl: 'http://127.0.0.1:9', rendererDir: join(dir, 'renderer'), keyProvider: explicitKeyProvider(randomKey()), syncIntervalMs: 60_000 });
  origin = ws.origin;
  const launched = await send('GET', `/${new URL(ws.launchUrl).search}`, {});
  expect(launched.status).toBe(303);
  const set = await new Promise<string>((resolve, reject) => {
    const u = new URL(ws.newLaunchUrl());
    request({ host: '127.0.0.1', port: u.port, path: `/${u.search}`, headers: { host: u.host } }, (res) => resolve(String(res.headers['set-cookie']))).on('error', reject).end();
  });
  cookie = set.split(';')[0] ?? '';
});

afterAll(async () => {
  await ws.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser mode refuses cross-site requests', () => {
  it('refuses an HTML form post (urlencoded), even with the cookie and the right Origin', async () => {
    const r = await send('POST', '/trpc/session.signIn', { cookie, origin, 'content-type': 'application/x-www-form-urlencoded' }, 'username=dr.ada&password=x');
    expect(r.status).toBe(415);
  });

  it('refuses a multipart post and a text/plain post (the other two kinds a form can send)', async () => {
    const boundary = 'x-lantern';
    const multipart = `--${boundary}\r\ncontent-disposition: form-data; name="username"\r\n\r\ndr.ada\r\n--${boundary}--\r\n`;
    expect((await send('POST', '/trpc/session.signIn', { cookie, origin, 'content-type': `multipart/form-data; boundary=${boundary}` }, multipart)).status).toBe(415);
    expect((await send('POST', '/trpc/session.signIn', { cookie, origin, 'content-type': 'text/plain' }, signIn)).status).toBe(415);
  });

  it('refuses JSON from another origin, and JSON with the cookie but no Origin at all', async () => {
    expect((await send('POST', LOCK, { cookie, origin: 'http://evil.example', 'content-type': 'application/json' }, '{}')).status).toBe(403);
    expect((await send('POST', LOCK, { cookie, origin: 'null', 'content-type': 'application/json' }, '{}')).status).toBe(403);
    expect((await send('POST', LOCK, { cookie, 'content-type': 'application/json' }, '{}')).status).toBe(403);
    // A cross-site GET (an <img> or <script> tag on another site) is refused too.
    expect((await send('GET', '/trpc/session.current', { cookie, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
  });

  it('refuses JSON with the right Origin but no cookie', async () => {
    expect((await send('POST', LOCK, { origin, 'content-type': 'application/json' }, '{}')).status).toBe(401);
  });

  it("accepts the workstation's own calls: JSON with the cookie and its Origin, and a same-origin GET", async () => {
    const post = await send('POST', '/trpc/session.signIn', { cookie, origin, 'content-type': 'application/json' }, signIn);
    // It reached the procedure: the answer is the host's (the server is unreachable, no offline credential), not a refusal by the guard.
    expect(post.body).toContain('lanternCode');
    const get = await send('GET', '/trpc/session.current', { cookie, 'sec-fetch-site': 'same-origin' });
    expect(get.status).toBe(200);
    expect(JSON.parse(get.body)).toMatchObject({ result: { data: { status: 'signed-out' } } });
  });

  it('a new launch link works once without a restart, and the old unused one stops working', async () => {
    const a = new URL(ws.newLaunchUrl());
    const b = new URL(ws.newLaunchUrl());
    expect((await send('GET', `/${a.search}`, {})).status).toBe(403);
    expect((await send('GET', `/${b.search}`, {})).status).toBe(303);
    expect((await send('GET', `/${b.search}`, {})).status).toBe(403);
  });
});
