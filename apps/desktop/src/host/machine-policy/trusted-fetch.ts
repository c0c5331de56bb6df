/**
 * A `fetch` for the sync-server client that follows machine policy: trusts IT's internal CA
 * (`trustedCaFile`) besides Node's public roots, and goes through IT's proxy (`proxy`). Node's built-in
 * fetch takes neither TLS options nor a proxy, and NODE_EXTRA_CA_CERTS only works when set before the
 * process starts, so calls go through `http(s).request`: `https.Agent({ ca })`
 * (https://nodejs.org/api/https.html#class-httpsagent); through a proxy, plain HTTP in absolute form and
 * HTTPS in a CONNECT tunnel (RFC 9110 section 9.3.6) with TLS to the server inside it, so the proxy
 * never sees the traffic. Only what the tRPC link uses is supported: method, headers, a string body,
 * an abort signal.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP, type Socket } from 'node:net';
import { connect as tlsConnect, rootCertificates } from 'node:tls';

export interface TrustedFetchOptions {
  /** PEM of an extra CA to trust for HTTPS. */
  ca?: string | null;
  /** http(s) URL of the proxy. */
  proxy?: string | null;
}

type FetchInput = Parameters<typeof fetch>[0];

const urlOf = (input: FetchInput): URL => new URL(input instanceof Request ? input.url : input.toString());

function headersOf(init: RequestInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init?.headers).forEach((v, k) => { out[k] = v; });
  return out;
}

function toResponse(res: IncomingMessage, body: Buffer): Response {
  const headers = new Headers();
  for (const [k, v] of Object.entries(res.headers)) {
    if (Array.isArray(v)) for (const one of v) headers.append(k, one);
    else if (v !== undefined) headers.set(k, v);
  }
  const status = res.statusCode ?? 502;
  const nullBody = status === 204 || status === 304;
  return new Response(nullBody ? null : new Uint8Array(body), { status, statusText: res.statusMessage ?? '', headers });
}

const portOf = (u: URL): number => Number(u.port === '' ? (u.protocol === 'https:' ? 443 : 80) : u.port);

/** Opens a CONNECT tunnel to `target` through the proxy. */
function tunnel(proxy: URL, target: URL, signal: AbortSignal | undefined): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const authority = `${target.hostname}:${portOf(target)}`;
    const req = httpRequest({ host: proxy.hostname, port: portOf(proxy), method: 'CONNECT', path: authority, headers: { host: authority }, ...(signal ? { signal } : {}) });
    req.once('connect', (res, socket) => {
      if (res.statusCode === 200) resolve(socket);
      else {
        socket.destroy();
        reject(new Error(`the proxy refused the tunnel (HTTP ${res.statusCode ?? 0})`));
      }
    });
    req.once('error', reject);
    req.end();
  });
}

/** Closes an agent's idle kept-alive connections (those in use finish on their own). */
function dropIdle(a: HttpAgent): void {
  for (const list of Object.values(a.freeSockets)) for (const socket of list ?? []) socket.destroy();
}

/** `options`: the CA and proxy, or just the PEM of the CA. */
export function trustedFetch(options: TrustedFetchOptions | string): typeof fetch {
  const o: TrustedFetchOptions = typeof options === 'string' ? { ca: options } : options;
  const ca = o.ca == null ? undefined : [...rootCertificates, o.ca];
  const proxy = o.proxy == null ? null : new URL(o.proxy);
  const agent = new HttpsAgent({ keepAlive: true, ...(ca === undefined ? {} : { ca }) });
  // Its own pool for plain HTTP (loopback), not Node's global one, so the idle connections it drops are only its own.
  const plainAgent = new HttpAgent({ keepAlive: true });
  return async (input, init) => {
    const url = urlOf(input);
    const body = typeof init?.body === 'string' ? init.body : undefined;
    const headers = headersOf(init);
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const signal = init?.signal ?? undefined;
    const base: RequestOptions = { method: init?.method ?? 'GET', headers, ...(signal ? { signal } : {}) };
    let start: (onResponse: (res: IncomingMessage) => void) => ReturnType<typeof httpRequest>;
    if (proxy !== null && url.protocol === 'https:') {
      const socket = await tunnel(proxy, url, signal);
      // SNI carries host names only (RFC 6066 section 3); the certificate is still checked against an IP.
      const tls = tlsConnect({ socket, host: url.hostname, ...(isIP(url.hostname) === 0 ? { servername: url.hostname } : {}), ...(ca === undefined ? {} : { ca }) });
      // No agent: with one (even `agent: false`), Node would open its own connection and ignore ours.
      start = (cb) => httpsRequest(url, { ...base, createConnection: () => tls }, cb);
    } else if (proxy !== null) {
      // Plain HTTP through a proxy: the request line carries the absolute URL.
      start = (cb) => httpRequest({ ...base, host: proxy.hostname, port: portOf(proxy), path: url.href, headers: { ...headers, host: url.host } }, cb);
    } else {
      start = (cb) => (url.protocol === 'https:' ? httpsRequest(url, { ...base, agent }, cb) : httpRequest(url, { ...base, agent: plainAgent }, cb));
    }
    return new Promise<Response>((resolve, reject) => {
      const req = start((res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(toResponse(res, Buffer.concat(chunks))));
        res.on('error', reject);
      });
      req.on('error', (e: Error & { code?: string }) => {
        // A kept-alive connection reset when reused: the server closed its connections (it restarted),
        // so the other idle ones are dead too. Dropped here, the caller's retry gets a fresh connection.
        if (req.reusedSocket && (e.code === 'ECONNRESET' || e.code === 'EPIPE')) for (const a of [agent, plainAgent]) dropIdle(a);
        reject(e);
      });
      req.end(body);
    });
  };
}
