/**
 * Security headers on every answer, and per-token request rate limits that answer 429 with
 * Retry-After in each surface's typed error shape (tRPC error with lanternCode, FHIR
 * OperationOutcome), one token's burst never slowing another.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestPostgres, startTestServer, type TestPostgres, type TestServer } from './testing/harness.ts';

let pg: TestPostgres;
let server: TestServer;
const LIMIT = 15;

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 2, demoHeavyPatient: false, rateLimitPerMinute: LIMIT });
}, 120_000);
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

describe('HTTP protection', () => {
  it('sends standard security headers, with a CSP that lets an API answer load nothing, and no HSTS over plain HTTP', async () => {
    for (const path of ['/health', '/trpc/auth.me', '/fhir/R4/metadata', '/no-such-route']) {
      const r = await fetch(`${server.url}${path}`);
      expect(r.headers.get('content-security-policy'), path).toContain("default-src 'none'");
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(r.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
      expect(r.headers.get('strict-transport-security'), path).toBeNull();
      expect(r.headers.get('x-powered-by'), path).toBeNull();
    }
  });

  it('limits requests per token: 429 + Retry-After as a typed tRPC error, and another token is not slowed', async () => {
    const [a, b] = [await login(server.url, 'dr.ada'), await login(server.url, 'rn.ben')];
    const me = (token: string) => fetch(`${server.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } });
    const statuses: number[] = [];
    let refused: Response | null = null;
    for (let i = 0; i < LIMIT + 3; i++) {
      const r = await me(a.token);
      statuses.push(r.status);
      if (r.status === 429) refused = r;
      else await r.arrayBuffer();
    }
    expect(statuses.slice(0, LIMIT).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(LIMIT)).toEqual([429, 429, 429]);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await refused?.json()) as { error: { message: string; data: { lanternCode: string; httpStatus: number } } };
    expect(body.error).toMatchObject({ message: expect.stringMatching(/try again in \d+ seconds?/), data: { lanternCode: 'TOO_MANY_REQUESTS', httpStatus: 429 } });
    expect(JSON.stringify(body)).not.toMatch(/stack|\bat \w/);
    expect((await me(b.token)).status).toBe(200);
  });

  it('answers a throttled FHIR client with an OperationOutcome (issue code throttled)', async () => {
    const c = await login(server.url, 'privacy.dee');
    let last: Response | null = null;
    for (let i = 0; i < LIMIT + 1; i++) {
      last = await fetch(`${server.url}/fhir/R4/Patient?_count=1`, { headers: { authorization: `Bearer ${c.token}`, accept: 'application/fhir+json' } });
      if (i < LIMIT) await last.arrayBuffer();
    }
    expect(last?.status).toBe(429);
    expect(last?.headers.get('retry-after')).not.toBeNull();
    expect(await last?.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'throttled' }] });
  });
});
