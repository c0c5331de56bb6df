/**
 * The operations endpoints on a real server: liveness, readiness naming its failed check, version,
 * and a Prometheus scrape after real traffic (sign-in, pull, push, FHIR read and search, a failed
 * sign-in) whose labels carry route families only: no patient id, MRN or username of the test.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, loginInput, must, startTestPostgres, startTestServer, type TestPostgres, type TestServer } from '../testing/harness.ts';
import { demoPatients, mutation, observation } from '../testing/fixtures.ts';
import { fhirFetch } from '../fhir/test-support.ts';

let pg: TestPostgres;
let server: TestServer;

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 12, demoHeavyPatient: false });
}, 120_000);
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

const get = async (path: string, headers: Record<string, string> = {}) => {
  const r = await fetch(`${server.url}${path}`, { headers });
  return { status: r.status, text: await r.text(), type: r.headers.get('content-type') ?? '' };
};

/** Every label value of every sample in a Prometheus text exposition. */
function labelValues(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    for (const m of line.matchAll(/[a-z_]+="((?:[^"\\]|\\.)*)"/g)) out.push(m[1] ?? '');
  }
  return out;
}

describe('operations endpoints', () => {
  it('answers liveness, version and readiness; readiness names the stale audit checkpoint with a 503', async () => {
    expect(await get('/healthz')).toMatchObject({ status: 200 });
    const version = JSON.parse((await get('/version')).text) as { version: string; schema: { version: number; migration: string } | null; node: string; syncProtocol: unknown };
    expect(version.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(version.schema?.version).toBeGreaterThanOrEqual(13);
    expect(version.node).toBe(process.versions.node);
    expect(version.syncProtocol).toEqual({ min: expect.any(Number), max: expect.any(Number) });

    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toMatchObject({ status: 'ready' });

    // Ten minutes without a checkpoint (interval 60 s): the tamper evidence is stale.
    server.clock.advance(10 * 60_000);
    const stale = await get('/readyz');
    server.clock.advance(-10 * 60_000);
    expect(stale.status).toBe(503);
    const body = JSON.parse(stale.text) as { status: string; failed: string[]; checks: { name: string; ok: boolean; detail: string }[] };
    expect(body).toMatchObject({ status: 'not-ready', failed: ['audit-checkpoint'] });
    expect(body.checks.find((c) => c.name === 'database')?.ok).toBe(true);
    expect(body.checks.find((c) => c.name === 'migrations')?.ok).toBe(true);
  });

  it('counts traffic by route family, with no patient id, MRN or username in any label', async () => {
    const { careTeam } = await demoPatients(server);
    const patientId = careTeam[0] ?? '';
    const mrn = await server.asOwner(async (c) => (await c.query<{ mrn: string }>(`SELECT resource->'identifier'->0->>'value' AS mrn FROM resources WHERE resource_type = 'Patient' AND id = $1`, [patientId])).rows[0]?.mrn ?? '');
    expect(mrn).not.toBe('');
    const ada = await login(server.url, 'dr.ada');
    await must(server.url, 'sync.pull', { cursor: null, limit: 500 }, ada.token);
    await must(server.url, 'sync.push', { deviceId: ada.deviceId, mutations: [mutation(ada, { patientId, op: 'create', resource: observation(patientId, randomUUID(), 72) })] }, ada.token);
    expect((await fhirFetch(`${server.url}/fhir/R4`, `/Patient/${patientId}`, { token: ada.token })).status).toBe(200);
    await fhirFetch(`${server.url}/fhir/R4`, `/Patient?identifier=${encodeURIComponent(mrn)}`, { token: ada.token });
    const intruder = `intruder.${randomUUID().slice(0, 8)}`;
    expect((await call(server.url, 'auth.login', await loginInput(server.url, intruder, randomUUID(), 'not-the-password'))).ok).toBe(false);
    await get(`/no-such-route/${patientId}`);

    const scrape = await get('/metrics');
    expect(scrape.status).toBe(200);
    expect(scrape.type).toContain('text/plain');
    for (const family of ['lantern_http_requests_total', 'lantern_http_request_duration_seconds_bucket', 'lantern_sync_push_batch_size_count', 'lantern_sync_pull_batch_size_count',
      'lantern_sync_conflicts_total', 'lantern_audit_events_ingested_total', 'lantern_audit_ingest_lag_seconds_count', 'lantern_sign_in_failures_total',
      'lantern_sign_in_lockouts_total', 'lantern_db_pool_connections', 'lantern_process_cpu_seconds_total']) {
      expect(scrape.text, family).toContain(family);
    }
    expect(scrape.text).toContain('family="trpc sync.push"');
    expect(scrape.text).toContain('family="fhir read Patient"');
    expect(scrape.text).toContain('family="fhir search-type Patient"');
    expect(scrape.text).toContain('family="unmatched"');
    expect(Number(/lantern_sign_in_failures_total (\d+)/.exec(scrape.text)?.[1])).toBeGreaterThanOrEqual(1);
    const values = labelValues(scrape.text).join('\n');
    for (const secret of [patientId, mrn, 'dr.ada', intruder, ada.deviceId]) expect(values).not.toContain(secret);
  });

  it('asks for the bearer token when LANTERN_METRICS_TOKEN is set, even on loopback', async () => {
    const token = `metrics-${randomUUID()}`;
    const guarded = await startTestServer(pg, { metricsToken: token });
    try {
      const none = await fetch(`${guarded.url}/metrics`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toContain('Bearer');
      expect((await fetch(`${guarded.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      const ok = await fetch(`${guarded.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('lantern_http_requests_total');
    } finally {
      await guarded.close();
    }
  });
});
