/**
 * A `fetch` for the sync-server client that trusts IT's internal CA (machine policy `trustedCaFile`)
 * besides Node's public roots. Node's built-in fetch takes no TLS options and NODE_EXTRA_CA_CERTS only
 * works when set before the process starts, so calls go through `https.request` with an
 * `https.Agent({ ca })` (https://nodejs.org/api/https.html#class-httpsagent). Only what the tRPC link
 * uses is supported: method, headers, a string body, an abort signal.
 */
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { rootCertificates } from 'node:tls';

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

export function trustedFetch(caPem: string): typeof fetch {
  const agent = new HttpsAgent({ ca: [...rootCertificates, caPem], keepAlive: true });
  return (input, init) => new Promise<Response>((resolve, reject) => {
    const url = urlOf(input);
    const body = typeof init?.body === 'string' ? init.body : undefined;
    const headers = headersOf(init);
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const options = { method: init?.method ?? 'GET', headers, ...(init?.signal ? { signal: init.signal } : {}) };
    const onResponse = (res: IncomingMessage): void => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(toResponse(res, Buffer.concat(chunks))));
      res.on('error', reject);
    };
    const req = url.protocol === 'https:' ? httpsRequest(url, { ...options, agent }, onResponse) : httpRequest(url, options, onResponse);
    req.on('error', reject);
    req.end(body);
  });
}
