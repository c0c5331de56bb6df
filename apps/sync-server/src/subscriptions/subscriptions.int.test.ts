/**
 * Rest-hook subscriptions end to end, against a real embedded Postgres and real HTTP receivers on
 * loopback: an integrator's receiver gets a new result within 2 s; a receiver answering 500 sees
 * retries with growing back-off and then the notification in the admin's dead-letter list; a
 * subscriber whose account may not read the result is never notified; a role that may not read
 * results cannot subscribe to them.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirFetch } from '../fhir/test-support.ts';
import { call, login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';

interface Hit { at: number; headers: IncomingHttpHeaders; body: string }
interface Receiver { url: string; hits: Hit[]; status: number; close(): Promise<void> }

async function receiver(status: number): Promise<Receiver> {
  const hits: Hit[] = [];
  const r: Receiver = { url: '', hits, status, close: async () => undefined };
  const srv: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
    req.on('end', () => {
      hits.push({ at: Date.now(), headers: req.headers, body });
      res.writeHead(r.status).end();
    });
  });
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
  r.url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/hook`;
  r.close = () => new Promise<void>((ok) => srv.close(() => ok()));
  return r;
}

const waitFor = async <T>(fn: () => T | undefined | Promise<T | undefined>, ms: number): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

let pg: TestPostgres;
let server: TestServer;
let ada: Session;
let ben: Session;
let billing: Session;
let admin: Session;
let patientId: string;
const receivers: Receiver[] = [];
const fhir = (s: Session, path: string, opts: { method?: string; body?: unknown } = {}) => fhirFetch(`${server.url}/fhir/R4`, path, { ...opts, token: s.token });
const q = <T>(sql: string, values: unknown[] = []) => server.asOwner(async (c) => (await c.query(sql, values)).rows as T[]);

const subscription = (criteria: string, endpoint: string, payload?: string) => ({
  resourceType: 'Subscription', status: 'requested', reason: 'results feed', criteria,
  channel: { type: 'rest-hook', endpoint, ...(payload === undefined ? {} : { payload }), header: ['Authorization: Bearer receiver-secret'] },
});
const report = (id: string) => ({
  resourceType: 'DiagnosticReport', id, status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '24320-4', display: 'Basic metabolic panel' }] },
  subject: { reference: `Patient/${patientId}` }, effectiveDateTime: '2026-12-04T08:00:00Z',
});

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 25, demoHeavyPatient: false, subscriptions: { pollMs: 100, baseDelayMs: 300, maxDelayMs: 5000, maxAttempts: 4, timeoutMs: 3000 } });
  [ada, ben, billing, admin] = await Promise.all([login(server.url, 'dr.ada'), login(server.url, 'rn.ben'), login(server.url, 'billing.cy'), login(server.url, 'admin.eve')]);
  const [row] = await q<{ p: string }>("SELECT ct.patient_id::text AS p FROM care_team ct JOIN users u ON u.id = ct.user_id WHERE u.username = 'dr.ada' ORDER BY 1 LIMIT 1");
  if (row === undefined) throw new Error('demo care team missing');
  patientId = row.p;
  // The nurse's feed must not hear about this patient: she is not on the patient's care team or unit.
  await q('DELETE FROM care_team WHERE patient_id = $1 AND user_id = $2', [patientId, ben.userId]);
  await q('DELETE FROM user_units WHERE user_id = $1', [ben.userId]);
  for (const [s, id, types] of [[ada, 'ward-results', ['DiagnosticReport', 'Observation']], [ben, 'nursing-feed', ['DiagnosticReport']], [billing, 'billing-feed', ['DiagnosticReport']]] as const) {
    await must(server.url, 'subscriptions.registerClient', { clientId: id, name: id, userId: s.userId, allowedTypes: types }, admin.token);
  }
}, 180_000);

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await server?.close();
  await pg?.stop();
});

describe('rest-hook subscriptions', () => {
  it('delivers a new result to the care team\'s receiver within 2 s, and not to a subscriber who may not read it', async () => {
    const ward = await receiver(200);
    const nursing = await receiver(200);
    receivers.push(ward, nursing);
    const created = await fhir(ada, '/Subscription', { method: 'POST', body: subscription(`DiagnosticReport?patient.care-team=${ada.userId}&status=final`, ward.url, 'application/fhir+json') });
    expect(created.status).toBe(201);
    expect(created.body?.['status']).toBe('active');
    expect(JSON.stringify(created.body)).not.toContain('receiver-secret');
    expect((await fhir(ben, '/Subscription', { method: 'POST', body: subscription('DiagnosticReport', nursing.url) })).status).toBe(201);

    const posted = Date.now();
    const made = await fhir(ada, '/DiagnosticReport', { method: 'POST', body: report(randomUUID()) });
    expect(made.status).toBe(201);
    const id = String(made.body?.['id']);
    const hit = await waitFor(() => ward.hits[0], 5000);
    expect(hit.at - posted).toBeLessThan(2000);
    expect(hit.headers['content-type']).toBe('application/fhir+json');
    expect(hit.headers['authorization']).toBe('Bearer receiver-secret');
    const body = JSON.parse(hit.body) as Record<string, unknown>;
    expect(body['resourceType']).toBe('DiagnosticReport');
    expect(body['id']).toBe(id);

    // The nurse's feed subscribed to every DiagnosticReport, but her account may not read this one.
    await new Promise((r) => setTimeout(r, 1000));
    expect(nursing.hits).toHaveLength(0);
    const [audited] = await q<{ n: string }>("SELECT count(*) AS n FROM audit.events WHERE resource_id = $1 AND action = 'resource-read' AND detail->>'via' = 'subscription' AND user_id = $2", [id, ada.userId]);
    expect(Number(audited?.n)).toBe(1);
  });

  it('retries a receiver answering 500 with growing back-off, then lists the notification as a dead letter', async () => {
    const failing = await receiver(500);
    receivers.push(failing);
    const created = await fhir(ada, '/Subscription', { method: 'POST', body: subscription(`Observation?patient=Patient/${patientId}&code=http://loinc.org|2823-3`, failing.url) });
    expect(created.status).toBe(201);
    const obs = {
      resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '2823-3', display: 'Potassium' }] },
      subject: { reference: `Patient/${patientId}` }, effectiveDateTime: '2026-12-04T08:00:00Z', valueQuantity: { value: 6.2, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' },
    };
    const made = await fhir(ada, '/Observation', { method: 'POST', body: obs });
    expect(made.status).toBe(201);
    const obsId = String(made.body?.['id']);
    await waitFor(() => (failing.hits.length >= 4 ? true : undefined), 20_000);
    const gaps = failing.hits.slice(1).map((h, i) => h.at - (failing.hits[i]?.at ?? 0));
    // Equal jitter keeps at least half of each doubling ceiling: >= 150, 300, 600 ms.
    expect(gaps[0]).toBeGreaterThanOrEqual(140);
    expect(gaps[1]).toBeGreaterThanOrEqual(290);
    expect(gaps[2]).toBeGreaterThanOrEqual(590);
    expect(gaps[2]).toBeGreaterThan(gaps[0] ?? 0);
    // id-only payload: which resource changed, never its content.
    const bundle = JSON.parse(failing.hits[0]?.body ?? '{}') as { resourceType: string; entry: { fullUrl: string; resource?: unknown }[] };
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.entry[0]?.fullUrl).toContain(`/Observation/${obsId}`);
    expect(bundle.entry[0]?.resource).toBeUndefined();

    const dead = await waitFor(async () => {
      const r = await must<{ resource: string; status: string; attempts: number; lastError: string | null }[]>(server.url, 'subscriptions.deliveries', { status: 'dead-lettered' }, admin.token);
      return r.find((d) => d.resource === `Observation/${obsId}`);
    }, 5000);
    expect(dead).toMatchObject({ status: 'dead-lettered', attempts: 4, lastError: 'HTTP 500' });
    await new Promise((r) => setTimeout(r, 1000));
    expect(failing.hits).toHaveLength(4);
    // Nothing about the dead letter names the patient: the admin reads no chart.
    expect(JSON.stringify(dead)).not.toContain(patientId);
  });

  it('refuses a subscription the subscriber\'s role may not read, and an unregistered caller, and hides others\' subscriptions', async () => {
    const r = await receiver(200);
    receivers.push(r);
    const denied = await fhir(billing, '/Subscription', { method: 'POST', body: subscription('DiagnosticReport', r.url) });
    expect(denied.status).toBe(403);
    const unregistered = await fhir(admin, '/Subscription', { method: 'POST', body: subscription('DiagnosticReport', r.url) });
    expect(unregistered.status).toBe(403);
    const otherTeam = await fhir(ben, '/Subscription', { method: 'POST', body: subscription(`DiagnosticReport?patient.care-team=${ada.userId}`, r.url) });
    expect(otherTeam.status).toBe(403);
    const remote = await fhir(ada, '/Subscription', { method: 'POST', body: subscription('DiagnosticReport', 'http://example.org/hook') });
    expect(remote.status).toBe(422);
    const mine = await fhir(ada, '/Subscription');
    const first = (mine.body?.['entry'] as { resource: { id: string } }[] | undefined)?.[0]?.resource.id ?? '';
    expect((await fhir(ben, `/Subscription/${first}`)).status).toBe(404);
    expect((await fhir(ada, `/Subscription/${first}`)).status).toBe(200);
    await expect(call(server.url, 'subscriptions.deliveries', {}, ada.token)).resolves.toMatchObject({ ok: false, status: 403 });
  });

  it('keeps undelivered notifications across a server restart and delivers them after it', async () => {
    const hook = await receiver(503);
    receivers.push(hook);
    expect((await fhir(ada, '/Subscription', { method: 'POST', body: subscription(`Observation?patient=Patient/${patientId}&code=http://loinc.org|718-7`, hook.url) })).status).toBe(201);
    const made = await fhir(ada, '/Observation', { method: 'POST', body: {
      resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '718-7', display: 'Hemoglobin' }] },
      subject: { reference: `Patient/${patientId}` }, effectiveDateTime: '2026-12-04T08:00:00Z', valueQuantity: { value: 9.1, unit: 'g/dL', system: 'http://unitsofmeasure.org', code: 'g/dL' },
    } });
    const obsId = String(made.body?.['id']);
    await waitFor(() => hook.hits[0], 5000);
    const owner = server.databaseOwnerUrl;
    await server.close();
    hook.status = 200;
    // The same database, a new server process state: only Postgres remembers the pending retry.
    server = await startTestServer(pg, { databaseUrl: owner, subscriptions: { pollMs: 100, baseDelayMs: 300, maxDelayMs: 5000, maxAttempts: 4, timeoutMs: 3000 } });
    await waitFor(() => hook.hits[1], 10_000);
    const [row] = await waitFor(async () => {
      const rows = await q<{ status: string; attempts: number }>("SELECT status, attempts FROM subscription_deliveries WHERE resource_id = $1 AND status = 'delivered'", [obsId]);
      return rows.length > 0 ? rows : undefined;
    }, 5000);
    expect(row).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(hook.hits).toHaveLength(2);
  });
});
