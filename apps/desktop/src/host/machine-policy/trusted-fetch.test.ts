/**
 * IT's internal CA and proxy, on loopback: a sync server whose certificate an internal CA issued is
 * refused by plain fetch and reached with the machine policy's CA, directly and through a CONNECT proxy.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustedFetch } from './trusted-fetch.ts';

let dir = '';
let caPem = '';
let server: HttpsServer;
let proxy: HttpServer;
const tunnels: string[] = [];
const piped: { destroy(): void }[] = [];
const origin = (s: { address(): AddressInfo | string | null }, scheme: string): string => `${scheme}://127.0.0.1:${(s.address() as AddressInfo).port}`;
const listen = (s: HttpServer | HttpsServer): Promise<void> => new Promise((r) => s.listen(0, '127.0.0.1', () => r()));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lantern-ca-'));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore', timeout: 20_000 });
  ssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Lantern Test Hospital CA');
  ssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'srv.key', '-out', 'srv.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  ssl('x509', '-req', '-in', 'srv.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'srv.pem', '-days', '2', '-extfile', 'ext.cnf');
  caPem = readFileSync(join(dir, 'ca.pem'), 'utf8');
  server = createHttpsServer({ key: readFileSync(join(dir, 'srv.key')), cert: readFileSync(join(dir, 'srv.pem')) }, (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ method: req.method, url: req.url, body, auth: req.headers.authorization ?? null }));
    });
  });
  proxy = createHttpServer();
  proxy.on('connect', (req, client) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    piped.push(client);
    const upstream = connect(Number(port), host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    piped.push(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await Promise.all([listen(server), listen(proxy)]);
}, 60_000);

afterAll(async () => {
  // Tunnelled sockets are not the servers' own connections: close them here.
  for (const s of piped) s.destroy();
  server.closeAllConnections();
  proxy.closeAllConnections();
  await Promise.all([new Promise((r) => server.close(r)), new Promise((r) => proxy.close(r))]);
  rmSync(dir, { recursive: true, force: true });
});

describe('the sync server behind an internal CA and a proxy', () => {
  it('plain fetch refuses the internal certificate; the policy CA makes it trusted', async () => {
    const url = `${origin(server, 'https')}/trpc/auth.challenge`;
    await expect(fetch(url)).rejects.toThrow();
    const res = await trustedFetch({ ca: caPem })(url, { method: 'POST', headers: { authorization: 'Bearer t' }, body: '{"a":1}' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ method: 'POST', url: '/trpc/auth.challenge', body: '{"a":1}', auth: 'Bearer t' });
  });

  it('through the proxy, HTTPS goes in a CONNECT tunnel and still checks the server against the CA', async () => {
    const url = `${origin(server, 'https')}/trpc/sync.pull`;
    const res = await trustedFetch({ ca: caPem, proxy: origin(proxy, 'http') })(url);
    expect(((await res.json()) as { url: string }).url).toBe('/trpc/sync.pull');
    expect(tunnels).toContain(`127.0.0.1:${(server.address() as AddressInfo).port}`);
    // Without the CA the tunnel opens but TLS refuses the server.
    await expect(trustedFetch({ proxy: origin(proxy, 'http') })(url)).rejects.toThrow();
  });
});
