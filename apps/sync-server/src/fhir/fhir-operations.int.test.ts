/**
 * FHIR operations against a real embedded Postgres over real HTTP: transaction and batch Bundles
 * with urn:uuid references (atomic rollback), Patient/$everything with _since, bulk $export
 * (kick-off, status polling, NDJSON download, cancel, policy), and a real external client from npm
 * (fhir-kit-client) reading, searching and creating. Every JSON body is checked against R4.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPatients, observation } from '../testing/fixtures.ts';
import { login, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';
import { fhirFetch, schemaErrors, type FhirResponse } from './test-support.ts';

let pg: TestPostgres;
let server: TestServer;
let base: string;
let ada: Session;
let billing: Session;
let privacy: Session;
let careTeam: string[];

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 45, demoHeavyPatient: false });
  base = `${server.url}/fhir/R4`;
  careTeam = (await demoPatients(server)).careTeam;
  [ada, billing, privacy] = await Promise.all([login(server.url, 'dr.ada'), login(server.url, 'billing.cy'), login(server.url, 'privacy.dee')]);
});
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

type Json = Record<string, unknown>;
function valid<T>(r: FhirResponse<T>): FhirResponse<T> {
  if (r.body !== null) expect(schemaErrors(r.body), r.text.slice(0, 300)).toEqual([]);
  return r;
}
const get = async (path: string, s: Session = ada, headers: Record<string, string> = {}) => valid(await fhirFetch<Json>(base, path, { token: s.token, headers }));
const post = async (path: string, body: unknown, s: Session = ada, headers: Record<string, string> = {}) => valid(await fhirFetch<Json>(base, path, { method: 'POST', token: s.token, body, headers }));
const entries = (r: FhirResponse<Json>) => (r.body?.['entry'] as Json[] | undefined) ?? [];

describe('transaction and batch', () => {
  it('commits a transaction atomically, resolving urn:uuid references to the new ids', async () => {
    const pid = careTeam[0] as string;
    const enc = 'urn:uuid:' + randomUUID();
    const bundle = {
      resourceType: 'Bundle', type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:' + randomUUID(), resource: { ...observation(pid, 'x', 77), id: undefined, encounter: { reference: enc } }, request: { method: 'POST', url: 'Observation' } },
        { fullUrl: enc, resource: { resourceType: 'Encounter', status: 'finished', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' }, subject: { reference: `Patient/${pid}` } }, request: { method: 'POST', url: 'Encounter' } },
        { request: { method: 'GET', url: `Patient/${pid}` } },
      ],
    };
    const r = await post('', bundle);
    expect(r.status).toBe(200);
    expect(r.body?.['type']).toBe('transaction-response');
    const [obsEntry, encEntry, readEntry] = entries(r);
    expect((obsEntry?.['response'] as Json)['status']).toBe('201 Created');
    expect((readEntry?.['response'] as Json)['status']).toBe('200');
    const encId = String((encEntry?.['resource'] as Json)['id']);
    const obsId = String((obsEntry?.['resource'] as Json)['id']);
    const obs = await get(`/Observation/${obsId}`);
    expect((obs.body?.['encounter'] as Json)['reference']).toBe(`Encounter/${encId}`);
    expect((await get(`/Encounter/${encId}`)).status).toBe(200);
  });

  it('rolls back every entry when one fails, and answers with that entry\'s OperationOutcome', async () => {
    const pid = careTeam[1] as string;
    const marker = randomUUID();
    const bundle = {
      resourceType: 'Bundle', type: 'transaction',
      entry: [
        { resource: { ...observation(pid, 'x', 50), id: undefined, identifier: [{ system: 'urn:test', value: marker }] }, request: { method: 'POST', url: 'Observation' } },
        { resource: { ...observation(pid, 'x', 51), id: undefined, status: 'not-a-status' }, request: { method: 'POST', url: 'Observation' } },
      ],
    };
    const r = await post('', bundle);
    expect(r.status).toBe(400);
    const issue = (r.body?.['issue'] as { diagnostics: string; expression?: string[] }[])[0];
    expect(issue?.diagnostics).toContain('Bundle.entry[1]');
    expect((await get(`/Observation?identifier=urn:test|${marker}`)).body?.['total']).toBe(0);
  });

  it('a transaction entry the policy denies rolls back the whole transaction (403, audited)', async () => {
    const pid = careTeam[2] as string;
    const bundle = { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { ...observation(pid, 'x', 50), id: undefined }, request: { method: 'POST', url: 'Observation' } }] };
    const r = await post('', bundle, billing);
    expect(r.status).toBe(403);
    const rows = await server.asOwner((c) => c.query("SELECT count(*)::int AS n FROM audit.events WHERE user_id = $1 AND action = 'access-denied' AND patient_id = $2", [billing.userId, pid]));
    expect(rows.rows[0].n).toBeGreaterThan(0);
  });

  it('runs a batch entry by entry: one failure does not stop the others', async () => {
    const pid = careTeam[3] as string;
    const bundle = {
      resourceType: 'Bundle', type: 'batch',
      entry: [
        { resource: { ...observation(pid, 'x', 60), id: undefined }, request: { method: 'POST', url: 'Observation' } },
        { request: { method: 'GET', url: `Observation/${randomUUID()}` } },
        { request: { method: 'GET', url: `Condition?patient=${pid}&_count=1` } },
      ],
    };
    const r = await post('', bundle);
    expect(r.status).toBe(200);
    expect(r.body?.['type']).toBe('batch-response');
    const statuses = entries(r).map((e) => String((e['response'] as Json)['status']));
    expect(statuses).toEqual(['201 Created', '404', '200']);
    expect(((entries(r)[1]?.['response'] as Json)['outcome'] as Json)['resourceType']).toBe('OperationOutcome');
  });
});

describe('Patient/$everything', () => {
  it('returns the whole readable record, and only what changed with _since', async () => {
    const pid = careTeam[4] as string;
    const all = await get(`/Patient/${pid}/$everything`);
    expect(all.status).toBe(200);
    const types = new Set(entries(all).map((e) => (e['resource'] as Json)['resourceType']));
    expect(types.has('Patient')).toBe(true);
    expect(types.has('Condition')).toBe(true);
    expect(all.body?.['total']).toBe(entries(all).length);
    await new Promise((r) => setTimeout(r, 20));
    const since = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const created = await post('/Observation', { ...observation(pid, 'x', 61), id: undefined });
    const recent = await get(`/Patient/${pid}/$everything?_since=${encodeURIComponent(since)}`);
    expect(entries(recent).map((e) => (e['resource'] as Json)['id'])).toEqual([created.body?.['id']]);
    // The full record, asked again after the write, has it too (no stale body is served).
    const again = await get(`/Patient/${pid}/$everything`);
    expect(again.body?.['total']).toBe(Number(all.body?.['total']) + 1);
    expect(entries(again).some((e) => (e['resource'] as Json)['id'] === created.body?.['id'])).toBe(true);
    expect((entries(again)[0]?.['resource'] as Json)['resourceType']).toBe('Patient');
    // Paged: _count pages with a next link.
    const paged = await get(`/Patient/${pid}/$everything?_count=2`);
    expect((paged.body?.['link'] as { relation: string }[]).map((l) => l.relation)).toContain('next');

    // Billing sees the patient but never observations or notes.
    const forBilling = await get(`/Patient/${pid}/$everything`, billing);
    const billingTypes = new Set(entries(forBilling).map((e) => String((e['resource'] as Json)['resourceType'])));
    expect(billingTypes.has('Observation')).toBe(false);
    expect(billingTypes.has('DocumentReference')).toBe(false);
    expect(billingTypes.has('Patient')).toBe(true);
  });
});

async function poll(url: string, s: Session): Promise<FhirResponse<Json>> {
  for (let i = 0; i < 200; i++) {
    const r = await fhirFetch<Json>(url, '', { token: s.token });
    if (r.status !== 202) return r;
    expect(r.headers.get('x-progress')).not.toBeNull();
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('export did not finish');
}

describe('bulk $export', () => {
  it('kicks off asynchronously, reports progress, then serves NDJSON files the caller may read', async () => {
    const needsAsync = await get('/Patient/$export');
    expect(needsAsync.status).toBe(400);
    const kick = await fhirFetch<Json>(base, '/Patient/$export?_type=Patient,Observation,Condition', { token: ada.token, headers: { prefer: 'respond-async' } });
    expect(kick.status).toBe(202);
    const status = kick.headers.get('content-location') ?? '';
    expect(status).toMatch(/\$export-status\//);
    const done = await poll(status, ada);
    expect(done.status).toBe(200);
    const manifest = done.body as { transactionTime: string; requiresAccessToken: boolean; output: { type: string; url: string; count: number }[] };
    expect(manifest.requiresAccessToken).toBe(true);
    expect(manifest.output.map((o) => o.type).sort()).toEqual(['Condition', 'Observation', 'Patient']);
    const patients = manifest.output.find((o) => o.type === 'Patient');
    const file = await fetch(patients?.url ?? '', { headers: { authorization: `Bearer ${ada.token}` } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('application/fhir+ndjson');
    const lines = (await file.text()).trim().split('\n').map((l) => JSON.parse(l) as Json);
    expect(lines.length).toBe(patients?.count);
    // dr.ada's scope: her care team (20) and unit (20) patients.
    expect(lines.length).toBe(40);
    for (const l of lines.slice(0, 5)) expect(schemaErrors(l)).toEqual([]);
    expect((await fetch(patients?.url ?? '')).status).toBe(401);
    expect((await fetch(patients?.url ?? '', { headers: { authorization: `Bearer ${billing.token}` } })).status).toBe(404);
    const audited = await server.asOwner((c) => c.query("SELECT count(*)::int AS n FROM audit.events WHERE user_id = $1 AND action = 'export'", [ada.userId]));
    expect(audited.rows[0].n).toBeGreaterThan(40);

    const cancel = await fhirFetch(status, '', { method: 'DELETE', token: ada.token });
    expect(cancel.status).toBe(202);
    expect((await fhirFetch(status, '', { token: ada.token })).status).toBe(404);
    expect((await fetch(patients?.url ?? '', { headers: { authorization: `Bearer ${ada.token}` } })).status).toBe(404);
  });

  it('exports a Group (a unit) with _since, applies the policy to billing, and refuses a role with nothing to export', async () => {
    const kick = await fhirFetch<Json>(base, `/Group/WARD-4B/$export?_since=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`, { token: billing.token, headers: { prefer: 'respond-async' } });
    expect(kick.status).toBe(202);
    const done = await poll(kick.headers.get('content-location') ?? '', billing);
    const types = (done.body?.['output'] as { type: string }[]).map((o) => o.type);
    expect(types).toContain('Patient');
    expect(types).not.toContain('Observation');
    expect(types).not.toContain('DocumentReference');

    expect((await fhirFetch<Json>(base, '/Group/NO-SUCH-UNIT/$export', { token: ada.token, headers: { prefer: 'respond-async' } })).status).toBe(404);
    const denied = valid(await fhirFetch<Json>(base, '/$export', { token: privacy.token, headers: { prefer: 'respond-async' } }));
    expect(denied.status).toBe(403);
  });
});

describe('an external FHIR client (fhir-kit-client)', () => {
  it('reads, searches (GET and POST _search) and creates against the running server', async () => {
    const client = new Client({ baseUrl: base, bearerToken: ada.token });
    const pid = careTeam[5] as string;
    const patient = (await client.read({ resourceType: 'Patient', id: pid })) as Json;
    expect(patient['id']).toBe(pid);
    const found = (await client.search({ resourceType: 'Condition', searchParams: { patient: pid } })) as Json;
    expect(found['resourceType']).toBe('Bundle');
    expect(Number(found['total'])).toBeGreaterThan(0);
    const posted = (await client.search({ resourceType: 'Condition', searchParams: { patient: pid }, options: { postSearch: true } })) as Json;
    expect(posted['total']).toBe(found['total']);
    const form = valid(await fhirFetch<Json>(base, '/Condition/_search', { method: 'POST', token: ada.token, body: `patient=${pid}`, contentType: 'application/x-www-form-urlencoded' }));
    expect(form.status).toBe(200);
    expect(form.body?.['total']).toBe(found['total']);
    const created = (await client.create({ resourceType: 'Observation', body: { ...observation(pid, 'x', 66), id: undefined } as never })) as Json;
    expect(created['resourceType']).toBe('Observation');
    const back = (await client.read({ resourceType: 'Observation', id: String(created['id']) })) as Json;
    expect((back['valueQuantity'] as Json)['value']).toBe(66);
    const cap = (await client.capabilityStatement()) as Json;
    expect(cap['fhirVersion']).toBe('4.0.1');
  });
});
