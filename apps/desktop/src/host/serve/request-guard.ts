/**
 * Cross-site request refusal for browser mode's /trpc (OWASP CSRF Prevention Cheat Sheet: "Verifying
 * Origin with standard headers", "Fetch Metadata headers"; https://fetch.spec.whatwg.org/#origin-header).
 * The launch cookie is SameSite=Strict already; this is the second lock, so a page on another site, a
 * form or a multipart upload aimed at the loopback port is refused even by a browser that would send
 * the cookie:
 * - a POST must be `application/json` (an HTML form can only send urlencoded, multipart or text/plain);
 * - with the cookie, the request must come from the workstation's own origin: an Origin header naming
 *   it, or, for a GET (browsers omit Origin on same-origin GETs), `Sec-Fetch-Site: same-origin`;
 * - the bearer secret (tools, tests) is not ambient: a browser never adds it, so Origin is not asked.
 */
import type { IncomingHttpHeaders } from 'node:http';

export type GuardResult = { ok: true } | { ok: false; status: 403 | 405 | 415; message: string };

export const allowedOrigins = (port: number): readonly string[] =>
  [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`];

const mediaType = (contentType: string | undefined): string => (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

export function guardApiRequest(req: { method?: string | undefined; headers: IncomingHttpHeaders }, port: number, via: 'cookie' | 'bearer'): GuardResult {
  const method = (req.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'POST') return { ok: false, status: 405, message: 'Only GET and POST reach the workstation API' };
  if (method === 'POST' && mediaType(req.headers['content-type']) !== 'application/json') {
    return { ok: false, status: 415, message: 'The workstation API takes application/json only' };
  }
  if (via === 'bearer') return { ok: true };
  const origin = req.headers.origin;
  if (origin !== undefined) {
    return allowedOrigins(port).includes(origin) ? { ok: true } : { ok: false, status: 403, message: 'Cross-site request refused' };
  }
  if (method === 'GET' && req.headers['sec-fetch-site'] === 'same-origin') return { ok: true };
  return { ok: false, status: 403, message: 'Cross-site request refused: no Origin' };
}
