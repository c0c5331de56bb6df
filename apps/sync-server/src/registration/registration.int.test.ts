/**
 * Registration over FHIR against the real server and Postgres: who may register (policy), the
 * enterprise MRN, identifiers unique per system, conditional create, PUT with versions, the
 * duplicate review queue and `Patient/$match`.
 */

import { ENTERPRISE_MRN_SYSTEM, PROVISIONAL_MRN_SYSTEM, provisionalMrn } from '@lantern/core/mpi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirFetch, schemaErrors } from '../fhir/test-support.ts';
import { demoPatients, observation, type Json } from '../testing/fixtures.ts';
import { login, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';

const SSN = 'http://hl7.org/fhir/sid/us-ssn';
let pg: TestPostgres;
let server: TestServer;
let fhir: string;
let registrar: Session;
let physician: Session;
let nurse: Session;
let admin: Session;

const person = (over: Json = {}): Json => ({
  resourceType: 'Patient',
  name: [{ use: 'official', family: 'Okonkwo-Bright', given: ['Adaeze', 'Marie'] }],
  gender: 'female',
  birthDate: '1979-04-11',
  address: [{ use: 'home', line: ['77 Cottonwood Trl'], city: 'Gallup', state: 'NM', postalCode: '87301' }],
  telecom: [{ system: 'phone', value: '(505) 555-0177', use: 'mobile' }],
  identifier: [{ system: SSN, value: '900-41-7788' }],
  contact: [{ relationship: [{ text: 'sister' }], name: { family: 'Okonkwo', given: ['Ngozi'] }, telecom: [{ system: 'phone', value: '(505) 555-0178' }] }],
  ...over,
});

const post = (s: Session, body: Json, headers: Record<string, string> = {}) => fhirFetch(fhir, '/Patient', { method: 'POST', token: s.token, body, headers });
const match = (s: Session, resource: Json, extra: Json[] = []) =>
  fhirFetch(fhir, '/Patient/$match', { method: 'POST', token: s.token, body: { resourceType: 'Parameters', parameter: [{ name: 'resource', resource }, ...extra] } });
const issues = (body: Json | null): string => JSON.stringify(body?.['issue'] ?? []);

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 105, demoHeavyPatient: false });
  fhir = `${server.url}/fhir/R4`;
  [registrar, physician, nurse, admin] = await Promise.all([login(server.url, 'reg.fay'), login(server.url, 'dr.ada'), login(server.url, 'rn.ben'), login(server.url, 'admin.eve')]);
}, 120_000);
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

describe('registering a patient over FHIR', () => {
  let created: Json;

  it('a registrar creates a patient: enterprise MRN assigned, provisional MRN kept as secondary, the registrar on its care team', async () => {
    const provisional = provisionalMrn(4242);
    const r = await post(registrar, person({ identifier: [{ system: SSN, value: '900-41-7788' }, { system: PROVISIONAL_MRN_SYSTEM, value: provisional, use: 'usual' }] }));
    expect(r.status, r.text.slice(0, 300)).toBe(201);
    created = r.body as Json;
    expect(schemaErrors(created)).toEqual([]);
    const ids = created['identifier'] as { system: string; value: string; use?: string }[];
    expect(ids[0]?.system).toBe(ENTERPRISE_MRN_SYSTEM);
    expect(ids[0]?.value).toMatch(/^MRN\d{9}$/);
    expect(ids.find((i) => i.system === PROVISIONAL_MRN_SYSTEM)).toMatchObject({ value: provisional, use: 'secondary' });
    // Readable afterwards by the registrar (care team), with the emergency contact kept.
    const read = await fhirFetch(fhir, `/Patient/${String(created['id'])}`, { token: registrar.token });
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body?.['contact'])).toContain('Ngozi');
  }, 180_000); // the first write meets a cold server on a loaded two-core machine

  it('a registrar may not chart: an Observation for that patient is refused with an OperationOutcome', async () => {
    const pid = String(created['id']);
    const r = await fhirFetch(fhir, '/Observation', { method: 'POST', token: registrar.token, body: { ...observation(pid, 'x', 70), id: undefined } });
    expect(r.status).toBe(403);
    expect(r.body?.['resourceType']).toBe('OperationOutcome');
  });

  it("a physician's client registers a patient and charts an Observation for it; a nurse may not register", async () => {
    const p = await post(physician, person({ name: [{ family: 'Tsosie', given: ['Harold'] }], gender: 'male', birthDate: '1950-02-02', identifier: [], telecom: [], address: [] }));
    expect(p.status, p.text.slice(0, 300)).toBe(201);
    const pid = String(p.body?.['id']);
    const obs = await fhirFetch(fhir, '/Observation', { method: 'POST', token: physician.token, body: { ...observation(pid, 'x', 72), id: undefined } });
    expect(obs.status, obs.text.slice(0, 300)).toBe(201);
    const n = await post(nurse, person({ identifier: [] }));
    expect(n.status).toBe(403);
    expect(n.body?.['resourceType']).toBe('OperationOutcome');
  });

  it('refuses a second patient with an identifier already in use (409 OperationOutcome naming the system, not the value)', async () => {
    const r = await post(registrar, person({ name: [{ family: 'Someone', given: ['Else'] }], birthDate: '1990-01-01' }));
    expect(r.status).toBe(409);
    expect(r.body?.['resourceType']).toBe('OperationOutcome');
    expect(issues(r.body)).toContain(SSN);
    expect(r.text).not.toContain('900-41-7788');
    // Conditional create on the identifier finds the existing patient instead of making a second one.
    const c = await post(registrar, person(), { 'if-none-exist': `identifier=${SSN}|900-41-7788` });
    expect(c.status).toBe(200);
    expect(c.body?.['id']).toBe(created['id']);
  });

  it('updates demographics with a version check; an identifier taken by another patient is refused on update too', async () => {
    const id = String(created['id']);
    const cur = await fhirFetch(fhir, `/Patient/${id}`, { token: registrar.token });
    const moved = { ...(cur.body as Json), address: [{ use: 'home', line: ['5 Mesa Rd'], city: 'Gallup', state: 'NM', postalCode: '87305' }] };
    expect((await fhirFetch(fhir, `/Patient/${id}`, { method: 'PUT', token: registrar.token, body: { ...moved, meta: undefined } })).status).toBe(428);
    const put = await fhirFetch(fhir, `/Patient/${id}`, { method: 'PUT', token: registrar.token, body: moved, headers: { 'if-match': cur.headers.get('etag') ?? '' } });
    expect(put.status, put.text.slice(0, 300)).toBe(200);
    expect(put.headers.get('etag')).toBe('W/"2"');

    const other = await post(registrar, person({ name: [{ family: 'Zhang', given: ['Wei'] }], gender: 'male', birthDate: '1988-08-08', identifier: [{ system: SSN, value: '900-55-1234' }] }));
    expect(other.status).toBe(201);
    const oid = String(other.body?.['id']);
    const steal = { ...(other.body as Json), identifier: [...(other.body?.['identifier'] as Json[]), { system: SSN, value: '900-41-7788' }] };
    const r = await fhirFetch(fhir, `/Patient/${oid}`, { method: 'PUT', token: registrar.token, body: steal, headers: { 'if-match': other.headers.get('etag') ?? '' } });
    expect(r.status).toBe(409);
  });

  it('queues a likely duplicate for HIM review with the score and differing fields, and merges nothing', async () => {
    const typo = await post(registrar, person({ name: [{ family: 'Okonkwo-Brigth', given: ['Adaeze'] }], identifier: [] }));
    expect(typo.status).toBe(201);
    const both = [String(created['id']), String(typo.body?.['id'])].sort();
    const rows = await server.asOwner(async (c) => (await c.query('SELECT status, grade, score, fields FROM duplicate_reviews WHERE patient_a = $1 AND patient_b = $2', both)).rows as { status: string; grade: string; score: number; fields: { field: string; differs: boolean }[] }[]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe('open');
    expect(rows[0]?.grade).not.toBe('certainly-not');
    expect(rows[0]?.fields.filter((f) => f.differs).map((f) => f.field)).toContain('family');
    const active = await server.asOwner(async (c) => (await c.query("SELECT count(*)::int AS n FROM resources WHERE resource_type = 'Patient' AND id = ANY($1) AND NOT deleted", [both])).rows[0] as { n: number });
    expect(active.n).toBe(2);
  });
});

describe('Patient/$match', () => {
  it('returns scored candidates with the match grade, honours onlyCertainMatches and count', async () => {
    const q = person({ name: [{ family: 'Okonkwo-Bright', given: ['Adaze'] }], identifier: [] });
    const r = await match(registrar, q);
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    expect(schemaErrors(r.body)).toEqual([]);
    const entries = r.body?.['entry'] as { resource: Json; search: { mode: string; score: number; extension: { url: string; valueCode: string }[] } }[];
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(entries[0]?.search.mode).toBe('match');
    expect(entries[0]?.search.score).toBeGreaterThan(0.5);
    expect(entries[0]?.search.extension[0]?.url).toBe('http://hl7.org/fhir/StructureDefinition/match-grade');
    for (let i = 1; i < entries.length; i++) expect(entries[i - 1]!.search.score).toBeGreaterThanOrEqual(entries[i]!.search.score);
    const one = await match(registrar, q, [{ name: 'count', valueInteger: 1 }]);
    expect((one.body?.['entry'] as unknown[]).length).toBe(1);
    const certain = await match(registrar, person({ name: [{ family: 'Somebody', given: ['Nobody'] }], birthDate: '2001-12-30', identifier: [], telecom: [], address: [] }), [{ name: 'onlyCertainMatches', valueBoolean: true }]);
    expect(certain.body?.['entry'] ?? []).toEqual([]);
  });

  it('finds patients loaded before the index existed (the demo), and shows others only what they may read', async () => {
    const { outside } = await demoPatients(server);
    const pid = outside[0] as string;
    const demo = (await fhirFetch(fhir, `/Patient/${pid}`, { token: registrar.token })).body as Json;
    const name = (demo['name'] as { family: string; given: string[] }[])[0]!;
    const q = { ...demo, id: undefined, meta: undefined, identifier: [], name: [{ family: `${name.family}x`, given: name.given }] };
    const r = await match(registrar, q);
    expect((r.body?.['entry'] as { resource: Json }[]).map((e) => e.resource['id'])).toContain(pid);
    // The nurse may search patients, but this one is outside her care team and unit: not listed.
    const n = await match(nurse, q);
    expect(n.status).toBe(200);
    expect(((n.body?.['entry'] as { resource: Json }[] | undefined) ?? []).map((e) => e.resource['id'])).not.toContain(pid);
    // An administrator sees no patients at all.
    expect((await match(admin, q)).status).toBe(403);
  });

  it('refuses a body that is not Parameters with a Patient', async () => {
    const r = await fhirFetch(fhir, '/Patient/$match', { method: 'POST', token: registrar.token, body: { resourceType: 'Patient' } });
    expect(r.status).toBe(400);
    expect(r.body?.['resourceType']).toBe('OperationOutcome');
  });
});



