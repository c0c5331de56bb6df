/**
 * The FHIR R4 REST API against a real embedded Postgres over real HTTP: CapabilityStatement,
 * create/read/vread/update/delete with ETags and If-Match, conditional create, search with
 * prefixes and paging, _include/_revinclude, history, errors as OperationOutcomes, the access
 * policy (denials 403 and audited), and one record shared with workstation sync.
 * Every response body is checked against the R4 JSON schema.
 */
import { randomUUID } from 'node:crypto';
import type { PullOutput, PushOutput } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPatients, mutation, observation } from '../testing/fixtures.ts';
import { login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';
import { fhirFetch, schemaErrors, type FhirResponse } from './test-support.ts';

let pg: TestPostgres;
let server: TestServer;
let base: string;
let ada: Session;
let billing: Session;
let nurse: Session;
let careTeam: string[];
let unit: string[];

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 45, demoHeavyPatient: false });
  base = `${server.url}/fhir/R4`;
  const p = await demoPatients(server);
  careTeam = p.careTeam;
  unit = p.unit;
  [ada, billing, nurse] = await Promise.all([login(server.url, 'dr.ada'), login(server.url, 'billing.cy'), login(server.url, 'rn.ben')]);
});
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

type Json = Record<string, unknown>;

/** Every FHIR answer with a body must be valid R4 JSON. */
function valid<T>(r: FhirResponse<T>): FhirResponse<T> {
  if (r.body !== null) expect(schemaErrors(r.body), r.text.slice(0, 300)).toEqual([]);
  return r;
}
const get = async (path: string, s: Session = ada, headers: Record<string, string> = {}) => valid(await fhirFetch<Json>(base, path, { token: s.token, headers }));
const send = async (method: string, path: string, body: unknown, s: Session = ada, headers: Record<string, string> = {}) =>
  valid(await fhirFetch<Json>(base, path, { method, token: s.token, body, headers }));

const issues = (r: FhirResponse<Json>) => (r.body?.['issue'] as { code: string; diagnostics: string; expression?: string[] }[] | undefined) ?? [];

describe('FHIR R4 REST', () => {
  it('publishes a CapabilityStatement without sign-in that lists the served types, interactions and search parameters', async () => {
    const r = valid(await fhirFetch<Json>(base, '/metadata'));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('application/fhir+json');
    const rest = (r.body?.['rest'] as Json[])[0] as Json;
    const types = (rest['resource'] as Json[]).map((x) => x['type']);
    expect(types).toEqual(expect.arrayContaining(['Patient', 'Observation', 'MedicationRequest', 'Composition', 'Provenance']));
    const obs = (rest['resource'] as Json[]).find((x) => x['type'] === 'Observation') as Json;
    expect((obs['interaction'] as Json[]).map((i) => i['code'])).toEqual(expect.arrayContaining(['read', 'vread', 'update', 'delete', 'history-instance', 'create', 'search-type']));
    expect((obs['searchParam'] as Json[]).map((p) => p['name'])).toEqual(expect.arrayContaining(['patient', 'code', 'date', 'category', 'status', '_lastUpdated']));
    expect((rest['interaction'] as Json[]).map((i) => i['code'])).toEqual(['transaction', 'batch']);
    expect(String((rest['security'] as Json)['description'])).toContain('billing: ');
    expect(String((rest['security'] as Json)['description'])).not.toMatch(/billing: [^\n]*user\/Observation/);
  });

  it('refuses a request without a token with 401 and an OperationOutcome', async () => {
    const r = valid(await fhirFetch<Json>(base, `/Patient/${careTeam[0]}`));
    expect(r.status).toBe(401);
    expect(r.body?.['resourceType']).toBe('OperationOutcome');
    expect(r.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('creates, reads, updates with If-Match, deletes (410 afterwards) and keeps every version in _history', async () => {
    const pid = careTeam[0] as string;
    const created = await send('POST', '/Observation', { ...observation(pid, 'ignored', 72), id: undefined });
    expect(created.status).toBe(201);
    const id = String(created.body?.['id']);
    expect(created.headers.get('location')).toBe(`${base}/Observation/${id}/_history/1`);
    expect(created.headers.get('etag')).toBe('W/"1"');
    expect(created.headers.get('last-modified')).toMatch(/GMT$/);

    const read = await get(`/Observation/${id}`);
    expect(read.status).toBe(200);
    expect(read.body?.['valueQuantity']).toEqual({ value: 72, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' });
    expect(read.headers.get('etag')).toBe('W/"1"');

    const stale = await send('PUT', `/Observation/${id}`, { ...read.body, valueQuantity: { value: 80 } }, ada, { 'if-match': 'W/"7"' });
    expect(stale.status).toBe(412);
    expect(issues(stale)[0]?.code).toBe('conflict');

    const updated = await send('PUT', `/Observation/${id}`, { ...read.body, valueQuantity: { value: 80, unit: '/min' } }, ada, { 'if-match': 'W/"1"', prefer: 'return=minimal' });
    expect(updated.status).toBe(200);
    expect(updated.text).toBe('');
    expect(updated.headers.get('etag')).toBe('W/"2"');

    const v1 = await get(`/Observation/${id}/_history/1`);
    expect((v1.body?.['valueQuantity'] as Json)['value']).toBe(72);

    const del = await fhirFetch(base, `/Observation/${id}`, { method: 'DELETE', token: ada.token, headers: { 'if-match': 'W/"2"' } });
    expect(del.status).toBe(204);
    const gone = await get(`/Observation/${id}`);
    expect(gone.status).toBe(410);
    expect(issues(gone)[0]?.code).toBe('deleted');

    const hist = await get(`/Observation/${id}/_history`);
    expect(hist.body?.['type']).toBe('history');
    expect(hist.body?.['total']).toBe(3);
    const methods = (hist.body?.['entry'] as Json[]).map((e) => (e['request'] as Json)['method']);
    expect(methods).toEqual(['DELETE', 'PUT', 'POST']);
  });

  it('answers bad input with 400 naming the field, unknown types with 404, a subject that is not a Patient with 422', async () => {
    const pid = careTeam[0] as string;
    const bad = await send('POST', '/Observation', { ...observation(pid, 'x', 1), id: undefined, status: 'nonsense' });
    expect(bad.status).toBe(400);
    expect(issues(bad).some((i) => i.expression?.[0] === 'Observation.status')).toBe(true);

    const notJson = await fhirFetch<Json>(base, '/Observation', { method: 'POST', token: ada.token, body: '{not json' });
    expect(valid(notJson).status).toBe(400);

    const unknown = await get('/Organization/1');
    expect(unknown.status).toBe(404);

    const group = await send('POST', '/Observation', { ...observation(pid, 'x', 1), id: undefined, subject: { reference: 'Group/1' } });
    expect(group.status).toBe(422);
    expect(issues(group)[0]?.expression?.[0]).toBe('Observation.subject.reference');

    const urn = await send('POST', '/Observation', { ...observation(pid, 'x', 1), id: undefined, performer: [{ reference: 'urn:uuid:0b8d3c4e-1111-4a2b-9c3d-222233334444' }] });
    expect(urn.status).toBe(400);
    expect(issues(urn)[0]?.expression?.[0]).toBe('Observation.performer[0].reference');

    const failures = await server.asOwner((c) => c.query(
      "SELECT count(*)::int AS n FROM audit.events WHERE user_id = $1 AND action = 'resource-create' AND outcome = 'failure' AND detail->>'via' = 'fhir'", [ada.userId]));
    expect(failures.rows[0].n).toBeGreaterThanOrEqual(3);

    const badDate = await get(`/Observation?date=gt2026-13-99`);
    expect(badDate.status).toBe(400);
    expect(issues(badDate)[0]?.expression?.[0]).toBe('date');
  });

  it('applies the access policy: billing cannot read Observations; the denial is a 403 OperationOutcome and is audited', async () => {
    const pid = careTeam[1] as string;
    const created = await send('POST', '/Observation', { ...observation(pid, 'x', 64), id: undefined });
    const id = String(created.body?.['id']);
    const denied = await get(`/Observation/${id}`, billing);
    expect(denied.status).toBe(403);
    expect(issues(denied)[0]?.code).toBe('forbidden');
    const search = await get(`/Observation?patient=${pid}`, billing);
    expect(search.status).toBe(403);
    const rows = await server.asOwner((c) => c.query(
      "SELECT action, outcome, resource_type, resource_id, detail->>'via' AS via FROM audit.events WHERE user_id = $1 AND outcome = 'denied' ORDER BY seq",
      [billing.userId],
    ));
    expect(rows.rows).toEqual(expect.arrayContaining([
      expect.objectContaining({ action: 'access-denied', outcome: 'denied', resource_type: 'Observation', resource_id: id, via: 'fhir' }),
    ]));
    // Billing may still read demographics of its accounts.
    expect((await get(`/Patient/${pid}`, billing)).status).toBe(200);
    // A nurse sees only the banner of unit patients: no Observation search for them.
    expect((await get(`/Observation?patient=${unit[0]}`, nurse)).status).toBe(403);
  });

  it('audits reads and searches like any other access', async () => {
    const pid = careTeam[2] as string;
    await get(`/Patient/${pid}`);
    await get(`/Condition?patient=${pid}`);
    const rows = await server.asOwner((c) => c.query(
      "SELECT action FROM audit.events WHERE user_id = $1 AND patient_id = $2 AND detail->>'via' = 'fhir' ORDER BY seq", [ada.userId, pid]));
    expect(rows.rows.map((r: { action: string }) => r.action)).toEqual(expect.arrayContaining(['resource-read', 'search']));
  });

  it('creates conditionally with If-None-Exist: one match answers 200 with it, none creates', async () => {
    const pid = careTeam[3] as string;
    const ident = `urn:lantern:test|${randomUUID()}`;
    const body = { ...observation(pid, 'x', 99), id: undefined, identifier: [{ system: 'urn:lantern:test', value: ident.split('|')[1] }] };
    const first = await send('POST', '/Observation', body, ada, { 'if-none-exist': `identifier=${ident}` });
    expect(first.status).toBe(201);
    const again = await send('POST', '/Observation', body, ada, { 'if-none-exist': `identifier=${ident}` });
    expect(again.status).toBe(200);
    expect(again.body?.['id']).toBe(first.body?.['id']);
    const found = await get(`/Observation?identifier=${encodeURIComponent(ident)}`);
    expect(found.body?.['total']).toBe(1);
  });

  it('searches with date prefixes, codes, _sort, paging links and total', async () => {
    const pid = careTeam[4] as string;
    const code = `t-${randomUUID().slice(0, 8)}`;
    const days = ['2026-01-10', '2026-02-10', '2026-03-10', '2026-04-10', '2026-05-10'];
    for (const [i, d] of days.entries()) {
      await send('POST', '/Observation', { ...observation(pid, 'x', 60 + i), id: undefined, code: { coding: [{ system: 'urn:lantern:test', code }] }, effectiveDateTime: `${d}T08:00:00Z` });
    }
    const q = (s: string) => get(`/Observation?patient=${pid}&code=urn:lantern:test|${code}&${s}`);
    expect((await q('date=ge2026-03-10')).body?.['total']).toBe(3);
    expect((await q('date=lt2026-02')).body?.['total']).toBe(1);
    expect((await q('date=2026-04')).body?.['total']).toBe(1);
    expect((await q('date=ne2026-04')).body?.['total']).toBe(4);
    expect((await q('date=sa2026-03-10')).body?.['total']).toBe(2);
    expect((await q('date=eb2026-02-11')).body?.['total']).toBe(2);
    expect((await q('date=gt2026-01-31&date=le2026-04-10')).body?.['total']).toBe(3);
    expect((await q('date=ap2026-05-09')).body?.['total']).toBeGreaterThanOrEqual(1);

    const page1 = await q('_sort=date&_count=2');
    expect(page1.body?.['total']).toBe(5);
    const effective = (b: FhirResponse<Json>) => (b.body?.['entry'] as Json[]).map((e) => String((e['resource'] as Json)['effectiveDateTime']).slice(0, 10));
    expect(effective(page1)).toEqual(['2026-01-10', '2026-02-10']);
    const links = page1.body?.['link'] as { relation: string; url: string }[];
    expect(links.map((l) => l.relation)).toEqual(['self', 'first', 'next']);
    const next = links.find((l) => l.relation === 'next')?.url ?? '';
    const page2 = valid(await fhirFetch<Json>(next, '', { token: ada.token }));
    expect(effective(page2)).toEqual(['2026-03-10', '2026-04-10']);
    expect((page2.body?.['link'] as { relation: string }[]).map((l) => l.relation)).toContain('previous');

    const desc = await q('_sort=-date&_count=1');
    expect(effective(desc)).toEqual(['2026-05-10']);

    // category, status, _lastUpdated and _summary=count over the same five.
    expect((await q('category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs')).body?.['total']).toBe(5);
    expect((await q('category=laboratory')).body?.['total']).toBe(0);
    expect((await q('status=final')).body?.['total']).toBe(5);
    expect((await q('status:not=final')).body?.['total']).toBe(0);
    expect((await q(`_lastUpdated=ge${new Date(Date.now() - 3_600_000).toISOString().slice(0, 10)}`)).body?.['total']).toBe(5);
    expect((await q('_lastUpdated=lt2020-01-01')).body?.['total']).toBe(0);
    const summary = await q('_summary=count');
    expect(summary.body?.['total']).toBe(5);
    expect(summary.body?.['entry']).toBeUndefined();
  });

  it('searches patients by name, gender, birthdate and identifier, with _revinclude and _include', async () => {
    const pid = careTeam[5] as string;
    const patient = (await get(`/Patient/${pid}`)).body as Json;
    const family = String(((patient['name'] as Json[])[0] as Json)['family']);
    const byName = await get(`/Patient?name=${encodeURIComponent(family.slice(0, 3).toLowerCase())}&gender=${String(patient['gender'])}&birthdate=${String(patient['birthDate'])}`);
    expect((byName.body?.['entry'] as Json[]).map((e) => (e['resource'] as Json)['id'])).toContain(pid);
    const ident = (patient['identifier'] as Json[])[0] as Json;
    const byId = await get(`/Patient?identifier=${encodeURIComponent(`${String(ident['system'])}|${String(ident['value'])}`)}`);
    expect(byId.body?.['total']).toBe(1);

    const rev = await get(`/Patient?_id=${pid}&_revinclude=Condition:patient`);
    const modes = (rev.body?.['entry'] as Json[]).map((e) => `${String((e['resource'] as Json)['resourceType'])}:${String((e['search'] as Json)['mode'])}`);
    expect(modes[0]).toBe('Patient:match');
    expect(modes.slice(1).every((m) => m === 'Condition:include')).toBe(true);

    const inc = await get(`/Condition?patient=${pid}&_include=Condition:patient&_count=1`);
    const incModes = (inc.body?.['entry'] as Json[]).map((e) => String((e['search'] as Json)['mode']));
    expect(incModes).toEqual(['match', 'include']);

    const unknownParam = await get(`/Patient?_id=${pid}&shoe-size=44`);
    expect(unknownParam.status).toBe(200);
    const strict = await get(`/Patient?_id=${pid}&shoe-size=44`, ada, { prefer: 'handling=strict' });
    expect(strict.status).toBe(400);
  });

  it('is one record with sync: a FHIR update is the version the workstation pulls, a push shows in FHIR _history', async () => {
    const pid = careTeam[6] as string;
    const created = await send('POST', '/Observation', { ...observation(pid, 'x', 70), id: undefined });
    const id = String(created.body?.['id']);
    await send('PUT', `/Observation/${id}`, { ...created.body, valueQuantity: { value: 71, unit: '/min' } });
    let cursor: string | null = null;
    let change: PullOutput['changes'][number] | undefined;
    for (let i = 0; i < 100; i++) {
      const page: PullOutput = await must<PullOutput>(server.url, 'sync.pull', { cursor, limit: 1000 }, ada.token);
      change = page.changes.find((c) => c.resourceId === id) ?? change;
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(change?.version).toBe('2');

    const obs = observation(pid, randomUUID(), 88);
    const pushed = await must<PushOutput>(server.url, 'sync.push', { deviceId: ada.deviceId, mutations: [mutation(ada, { op: 'create', patientId: pid, resource: obs })] }, ada.token);
    expect(pushed.results[0]?.status).toBe('applied');
    const hist = await get(`/Observation/${String(obs['id'])}/_history`);
    expect(hist.body?.['total']).toBe(1);
    const typeHist = await get(`/Observation/_history?_since=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}`);
    expect((typeHist.body?.['entry'] as Json[]).some((e) => (e['resource'] as Json | undefined)?.['id'] === obs['id'])).toBe(true);
  });

  it('answers 406 to a client that only accepts XML, and 415 to a non-JSON body', async () => {
    const r = valid(await fhirFetch<Json>(base, `/Patient/${careTeam[0]}`, { token: ada.token, headers: { accept: 'application/fhir+xml' } }));
    expect(r.status).toBe(406);
    const x = valid(await fhirFetch<Json>(base, '/Observation', { method: 'POST', token: ada.token, body: '<Observation/>', contentType: 'application/fhir+xml' }));
    expect(x.status).toBe(415);
  });
});
