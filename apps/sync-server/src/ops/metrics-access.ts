/**
 * Who may scrape `GET /metrics`. Metrics hold no PHI, but request rates and sign-in failures are
 * still operational intelligence, so:
 * - with `LANTERN_METRICS_TOKEN` set, every scrape (loopback too) must send
 *   `Authorization: Bearer <token>` (RFC 6750 section 2.1), compared in constant time;
 * - without it, only loopback callers (127.0.0.0/8, ::1) are answered: a Prometheus on the same
 *   host, or one reaching it through an SSH tunnel or a local agent.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export type MetricsAccess = { ok: true } | { ok: false; status: 401 | 403; message: string };

export const isLoopback = (ip: string): boolean => ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.');

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

export function metricsAccess(token: string | null, clientIp: string, authorization: string | undefined): MetricsAccess {
  if (token === null) {
    return isLoopback(clientIp) ? { ok: true } : { ok: false, status: 403, message: 'Metrics are served to loopback only: set LANTERN_METRICS_TOKEN to scrape from another host' };
  }
  const m = /^Bearer (.+)$/.exec(authorization ?? '');
  if (m?.[1] === undefined || !timingSafeEqual(digest(m[1]), digest(token))) return { ok: false, status: 401, message: 'A valid metrics bearer token is required' };
  return { ok: true };
}
