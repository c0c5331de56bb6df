/**
 * Fuzz test: at least 10,000 generated hostile requests (testing/fuzz-requests.ts: malformed JSON,
 * wrong types, huge and deep values, unicode, wrong methods, forged tokens) over real HTTP, across
 * every tRPC procedure (enumerated from the router), every FHIR route and type (from the registry)
 * and the CDS Hooks endpoints. Expected: no 5xx, no stack trace or internal path in any body, no
 * seeded patient name or birth date in any error body, and every refusal a typed error (tRPC error
 * shape with data.lanternCode, a FHIR OperationOutcome, or `{ error: { code, message } }`).
 * The seed is fixed; LANTERN_FUZZ_SEED is not read (env.ts is the only reader of process.env), so
 * a failure is reproduced by the request index printed with it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { ERROR_CODES } from '@lantern/core';
import { CDS_SERVICES } from '@lantern/core/cds';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveKeys } from './auth/keys.ts';
import { signAccessToken } from './auth/tokens.ts';
import { FHIR_TYPES } from './fhir/registry.ts';
import { appRouter } from './router.ts';
import { demoPatients, medicationRequest, note, observation } from './testing/fixtures.ts';
import { fuzzRequest, type FuzzRequest, type FuzzTargets } from './testing/fuzz-requests.ts';
import { login, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from './testing/harness.ts';

const SEED = 0x1a7e_2026;
const COUNT = 10_000;
const CONCURRENCY = 16;
const BODY_OVER_LIMIT = 17 * 1024 * 1024;

let pg: TestPostgres;
let server: TestServer;
let targets: FuzzTargets;
let phi: string[];
const serverErrors: string[] = [];
const tokenSecret = `fuzz-secret-${randomUUID()}`;
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

beforeAll(async () => {
  pg = await startTestPostgres();
  // Server errors are captured, to show what went wrong with a request answered 5xx.
  const logStream = { write: (line: string): void => void (serverErrors.length < 50 && serverErrors.push(line.slice(0, 600))) };
  server = await startTestServer(pg, { demo: true, demoPatients: 12, demoHeavyPatient: false, tokenSecret, rateLimitPerMinute: 1_000_000, logLevel: 'error', logStream });
  const sessions: Record<string, Session> = {};
  for (const u of ['dr.ada', 'rn.ben', 'admin.eve', 'privacy.dee', 'billing.cy']) sessions[u] = await login(server.url, u);
  const ada = sessions['dr.ada'] as Session;
  const key = deriveKeys(tokenSecret).accessTokenKey;
  const claims = { userId: ada.userId, username: 'dr.ada', role: 'physician' as const, deviceId: ada.deviceId, deviceKeyThumbprint: 'x'.repeat(43) };
  const expired = (await signAccessToken(key, claims, new Date(Date.now() - 2 * 3_600_000), 60)).token;
  const forged = await new SignJWT({ uname: 'dr.ada', role: 'admin', did: ada.deviceId, cnf: { jkt: 'x' } }).setProtectedHeader({ alg: 'HS256' })
    .setSubject(ada.userId).setIssuer('lantern-sync-server').setAudience('lantern-api').setIssuedAt().setExpirationTime('1h').sign(randomBytes(32));
  const badClaims = await new SignJWT({ uname: 'dr.ada', role: 'root', did: ada.deviceId }).setProtectedHeader({ alg: 'HS256' })
    .setSubject(ada.userId).setIssuer('lantern-sync-server').setAudience('lantern-api').setIssuedAt().setExpirationTime('1h').sign(key);
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const algNone = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: ada.userId, uname: 'dr.ada', role: 'admin', did: ada.deviceId, iss: 'lantern-sync-server', aud: 'lantern-api', exp: 4_000_000_000 })}.`;
  const bearer = (s: string) => `Bearer ${s}`;
  const patients = (await demoPatients(server)).careTeam;
  const ids = await server.asOwner((c) => c.query("SELECT id FROM resources WHERE resource_type <> 'Patient' ORDER BY id LIMIT 40"));
  const pid = patients[0] as string;
  targets = {
    procedures: Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>).map(([path, p]) => ({ path, type: p._def.type })),
    fhirTypes: FHIR_TYPES.map((t) => t.type),
    knownIds: [...patients, ...ids.rows.map((r: { id: string }) => r.id)],
    cdsServices: CDS_SERVICES.map((s) => s.id),
    tokens: [
      { weight: 45, value: bearer(ada.token) },
      ...['rn.ben', 'admin.eve', 'privacy.dee', 'billing.cy'].map((u) => ({ weight: 5, value: bearer((sessions[u] as Session).token) })),
      { weight: 7, value: null }, { weight: 4, value: bearer(forged) }, { weight: 4, value: bearer(algNone) }, { weight: 4, value: bearer(expired) },
      { weight: 2, value: bearer(badClaims) }, { weight: 2, value: 'Bearer not-a-jwt' }, { weight: 1, value: `Bearer ${'a'.repeat(6000)}` },
      { weight: 1, value: 'Basic YWRtaW46YWRtaW4=' }, { weight: 1, value: 'Bearer ' }, { weight: 1, value: 'Bearer a.b.c' },
    ],
    trpcSamples: {
      'auth.login': { username: 'dr.ada', password: 'wrong-password', deviceId: ada.deviceId, nonce: 'a'.repeat(43), proof: 'b'.repeat(86) },
      'auth.refresh': { refreshToken: ada.refreshToken, deviceId: ada.deviceId, nonce: 'a'.repeat(43), proof: 'b'.repeat(86) },
      'auth.challenge': { deviceId: ada.deviceId },
      'sync.pull': { cursor: null, limit: 50 },
      'sync.push': { mutations: [{ mutationId: randomUUID(), deviceId: ada.deviceId, userId: ada.userId, resourceType: 'Observation', resourceId: randomUUID(), patientId: pid, op: 'create', baseVersion: null, resource: observation(pid, randomUUID(), 70), createdAt: new Date().toISOString() }] },
      'audit.ingest': { deviceId: ada.deviceId, events: [], signature: 'x' },
      'audit.list': { limit: 10 },
      'access.breakGlass': { patientId: pid, reason: 'Emergency: unconscious patient in ED' },
      'admin.createUser': { username: 'fuzz.user', password: 'long-enough-password', role: 'nurse' },
      'admin.setUserActive': { userId: randomUUID(), active: true },
      'admin.unlockUser': { userId: randomUUID() },
      'admin.assignCareTeam': { userId: randomUUID(), patientId: pid, assigned: true },
    },
    fhirSamples: [
      { ...observation(pid, randomUUID(), 72), id: undefined },
      medicationRequest(pid, randomUUID(), 5),
      note(pid, randomUUID()),
      { resourceType: 'Patient', name: [{ family: 'Fuzz', given: ['Test'] }], gender: 'unknown', birthDate: '2000-01-01' },
    ],
  };
  const names = await server.asOwner((c) => c.query(`SELECT resource->'name'->0->>'family' AS family, resource->'name'->0->'given'->>0 AS given, resource->>'birthDate' AS born
    FROM resources WHERE resource_type = 'Patient' AND NOT deleted`));
  phi = names.rows.flatMap((r: { family: string | null; given: string | null; born: string | null }) =>
    [r.given !== null && r.family !== null ? `${r.given} ${r.family}` : null, r.family !== null && r.family.length >= 5 ? r.family : null, r.born]).filter((x): x is string => x !== null);
}, 180_000);
afterAll(async () => {
  agent.destroy();
  await server?.close();
  await pg?.stop();
});

interface Answer { status: number; body: string }

/** Non-ASCII and control characters are percent-encoded in the path and dropped from header values (Node refuses them). */
const safePath = (p: string): string => p.replace(/[^\x21-\x7e]/g, (ch) => encodeURIComponent(ch));
const safeHeader = (v: string): string => v.replace(/[^\x20-\x7e]/g, '?');

function send(base: URL, req: FuzzRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = safeHeader(v);
    const payload = req.body === undefined ? undefined : Buffer.from(req.body);
    if (payload !== undefined) headers['content-length'] = payload.length;
    const r = http.request({ agent, host: base.hostname, port: base.port, method: req.method, path: safePath(req.path), headers, timeout: 60_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    r.on('timeout', () => r.destroy(new Error('timed out')));
    r.on('error', reject);
    r.end(payload);
  });
}

const CODES = new Set<string>(ERROR_CODES);
const TRACE = /\n\s+at \S|\bat [\w.<>]+ \(|node:internal|\/work\/|\/src\/[\w/-]+\.ts|\.(?:ts|js):\d+:\d+/;

/** Why an answer breaks the rules, or null. */
export function problem(req: FuzzRequest, a: Answer): string | null {
  if (a.status >= 500) return `status ${a.status}`;
  if (a.status === 0) return 'no status';
  if (TRACE.test(a.body)) return 'stack trace or internal path in body';
  if (a.status === 207 && /"httpStatus":5\d\d|"lanternCode":"INTERNAL"/.test(a.body)) return 'a call of the batch failed with 5xx';
  if (a.status < 400 || req.method === 'HEAD' || a.body === '') return a.status >= 400 && req.method !== 'HEAD' ? 'empty error body' : null;
  if (/"stack"\s*:/.test(a.body)) return 'stack property in error body';
  const leaked = phi.find((p) => a.body.includes(p));
  if (leaked !== undefined) return 'patient name or birth date in error body';
  let json: unknown;
  try {
    json = JSON.parse(a.body);
  } catch {
    return 'error body is not JSON';
  }
  const path = req.path.split('?')[0] ?? '';
  // Each call of a batch is checked too: a 207 may carry a failed call inside.
  const trpcTyped = (x: unknown): boolean => {
    const d = (x as { error?: { data?: { lanternCode?: unknown; httpStatus?: unknown } } } | null)?.error?.data;
    return CODES.has(String(d?.lanternCode)) && d?.lanternCode !== 'INTERNAL' && Number(d?.httpStatus) < 500;
  };
  if (path === '/trpc' || path.startsWith('/trpc/')) {
    const ok = Array.isArray(json) ? json.every((x) => (x as { result?: unknown }).result !== undefined || trpcTyped(x)) : trpcTyped(json);
    return ok ? null : 'tRPC error without data.lanternCode';
  }
  if (path === '/fhir' || path.startsWith('/fhir/')) {
    const oo = json as { resourceType?: unknown; issue?: unknown };
    return oo.resourceType === 'OperationOutcome' && Array.isArray(oo.issue) && oo.issue.length > 0 ? null : 'FHIR error that is not an OperationOutcome';
  }
  return CODES.has(String((json as { error?: { code?: unknown } } | null)?.error?.code)) ? null : 'error without a Lantern code';
}

describe('fuzz', () => {
  it(`answers ${COUNT} hostile requests across every route with typed refusals: no 5xx, no traces, no PHI`, async () => {
    const base = new URL(server.url);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const kinds = new Map<string, number>();
    let sent = 0;
    const record = (i: number | string, req: FuzzRequest, a: Answer | Error): void => {
      sent++;
      kinds.set(req.kind.split('-')[0] ?? req.kind, (kinds.get(req.kind.split('-')[0] ?? req.kind) ?? 0) + 1);
      if (a instanceof Error) {
        failures.push(`#${i} ${req.method} ${req.path.slice(0, 120)} [${req.kind}]: ${a.message}`);
        return;
      }
      statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      const p = problem(req, a);
      if (p !== null) failures.push(`#${i} ${req.method} ${req.path.slice(0, 120)} [${req.kind}] -> ${a.status}: ${p}: ${a.body.slice(0, 200)}`);
    };
    const started = performance.now();

    // Bodies over the 16 MB limit, on each surface: refused as typed 413s, not dropped connections.
    for (const path of ['/trpc/sync.push', '/fhir/R4/Observation', '/cds-services/lantern-order-sign']) {
      const req: FuzzRequest = { method: 'POST', path, headers: { 'content-type': path.startsWith('/fhir') ? 'application/fhir+json' : 'application/json', authorization: targets.tokens[0]?.value ?? '' }, body: `{"x":"${'a'.repeat(BODY_OVER_LIMIT)}"}`, kind: 'over-limit' };
      record(`over-limit ${path}`, req, await send(base, req).catch((e: Error) => e));
    }

    let next = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < COUNT; i = next++) {
        const req = fuzzRequest(SEED, i, targets);
        record(i, req, await send(base, req).catch((e: Error) => e));
      }
    }));
    const seconds = (performance.now() - started) / 1000;
    console.log(`fuzz: ${sent} requests in ${seconds.toFixed(1)} s (${(sent / seconds).toFixed(0)}/s, concurrency ${CONCURRENCY}); by surface ${JSON.stringify(Object.fromEntries(kinds))}; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}; failures ${failures.length}`);
    expect(sent).toBeGreaterThanOrEqual(COUNT);
    if (failures.length > 0) console.log(`server errors:\n${serverErrors.slice(0, 10).join('\n')}`);
    expect(failures.slice(0, 25)).toEqual([]);
    // The server still works afterwards.
    expect((await send(base, { method: 'GET', path: '/health', headers: {}, kind: 'health' })).status).toBe(200);
  }, 600_000);
});
