/**
 * Security headers and request rate limits, registered before every route.
 * - Headers: @fastify/helmet with a Content-Security-Policy for an API that never serves a page
 *   (`default-src 'none'; frame-ancestors 'none'`) and HSTS only when the server speaks TLS
 *   (RFC 6797 section 7.2: a host must not send HSTS over plain HTTP).
 * - Limits: @fastify/rate-limit, per access token (its SHA-256, never the token) or per client
 *   address when there is none, `rateLimitPerMinute` requests per minute (LANTERN_RATE_LIMIT_PER_MINUTE).
 *   A refusal is a TOO_MANY_REQUESTS LanternError with Retry-After, so each surface answers it in
 *   its own typed shape: an OperationOutcome on FHIR, the tRPC error shape on /trpc.
 * The body limit stays Fastify's `bodyLimit` (app.ts) and page sizes stay with each search; text
 * holding U+0000, which Postgres cannot store, is refused up front as BAD_INPUT.
 */
import { createHash } from 'node:crypto';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { LanternError } from '@lantern/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from './services.ts';

/** A refused request: a LanternError Fastify answers with status 429. */
export class RateLimitedError extends LanternError {
  readonly statusCode = 429;
  constructor(readonly retryAfterSeconds: number) {
    super('TOO_MANY_REQUESTS', `Too many requests: try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}`);
  }
}

/** Whether a parsed body or query holds U+0000 anywhere (iterative: bodies may nest deeply; bounded work). */
export function containsNul(v: unknown): boolean {
  const stack: unknown[] = [v];
  const seen = new Set<object>();
  for (let visited = 0; stack.length > 0 && visited < 5_000_000; visited++) {
    const x = stack.pop();
    if (typeof x === 'string') {
      if (x.includes('\u0000')) return true;
    } else if (typeof x === 'object' && x !== null && !ArrayBuffer.isView(x) && !seen.has(x)) {
      seen.add(x);
      if (Array.isArray(x)) {
        for (const y of x) stack.push(y);
      } else {
        for (const [k, y] of Object.entries(x)) {
          if (k.includes('\u0000')) return true;
          stack.push(y);
        }
      }
    }
  }
  return false;
}

/** The rate-limit key: a hash of the bearer token, else the client address. */
export function rateLimitKey(req: Pick<FastifyRequest, 'headers' | 'ip'>): string {
  const h = req.headers.authorization;
  if (typeof h === 'string' && /^bearer\s+\S/i.test(h)) return `t:${createHash('sha256').update(h.slice(7).trim()).digest('base64url').slice(0, 32)}`;
  return `a:${req.ip}`;
}

export async function registerHttpProtection(app: FastifyInstance, services: Services): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    hsts: services.config.tls === null ? false : { maxAge: 31_536_000, includeSubDomains: true },
  });
  await app.register(rateLimit, {
    global: true,
    max: services.config.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: rateLimitKey,
    // The liveness probe of a load balancer is never throttled.
    allowList: (req) => req.url === '/health',
    errorResponseBuilder: (_req, c) => new RateLimitedError(Math.max(1, Math.ceil(c.ttl / 1000))),
  });
  // Postgres text and jsonb cannot store U+0000: refuse it as bad input before any handler runs,
  // instead of failing deep inside a write (or an audit append) as a 500.
  app.addHook('preValidation', async (req) => {
    if (containsNul(req.body) || containsNul(req.query)) {
      throw new LanternError('BAD_INPUT', 'Text may not contain NUL (U+0000) characters', { issues: [{ path: 'body', message: 'contains U+0000' }] });
    }
  });
}
