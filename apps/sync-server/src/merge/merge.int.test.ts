/**
 * Merge and unmerge against the real server and Postgres: two offline registrations of one person,
 * each with an allergy recorded by a different clinician; HIM merges them: the allergies move to the
 * survivor as new versions both clinicians pull, the retired record is an inactive tombstone with
 * `link` replaced-by, care teams are unioned, the merge is audited; an unmerge moves back exactly
 * what came from the retired record. Also `Patient/$merge` over FHIR, policy-checked.
 */
import { randomUUID } from 'node:crypto';
import { provisionalMrn } from '@lantern/core/mpi';
import type { PullOutput, PushOutput } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirFetch } from '../fhir/test-support.ts';
import { mutation, type Json } from '../testing/fixtures.ts';
import { call, login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';

let pg: TestPostgres;
let server: TestServer;
let ada: Session;
let fay: Session;
let ben: Session;

const walkIn = (id: string, family: string, mrn: string): Json => ({
  resourceType: 'Patient', id, active: true,
  name: [{ use: 'official', family, given: ['Temperance'] }], gender: 'female', birthDate: '1983-02-27',
  telecom: [{ system: 'phone', value: '(307) 555-0142' }],
  address: [{ use: 'home', line: ['12 Larkspur Rd'], city: 'Casper', state: 'WY', postalCode: '82601' }],
  identifier: [{ use: 'usual', system: 'urn:lantern:provisional-mrn', value: mrn }],
});
const allergy = (patientId: string, id: string, text: string): Json => ({
  resourceType: 'AllergyIntolerance', id, patient: { reference: `Patient/${patientId}` },
  clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
  verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: 'confirmed' }] },
  code: { text }, criticality: 'high',
});

async function pullAll(s: Session): Promise<PullOutput['changes']> {
  const changes: PullOutput['changes'] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const out: PullOutput = await must<PullOutput>(server.url, 'sync.pull', { cursor, limit: 1000 }, s.token);
    changes.push(...out.changes);
    cursor = out.cursor;
    if (!out.hasMore) break;
  }
  return changes;
}
const latest = (changes: PullOutput['changes'], id: string) => changes.filter((c) => c.resourceId === id).at(-1);

const survivor = randomUUID();
const retired = randomUUID();
const allergyS = randomUUID();
const allergyR = randomUUID();
let mergeId = '';

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 10, demoHeavyPatient: false });
  [ada, fay, ben] = await Promise.all([login(server.url, 'dr.ada'), login(server.url, 'reg.fay'), login(server.url, 'rn.ben')]);
  // Two workstations registered the same woman offline, one with a typo in her family name.
  const mrn = await must<{ first: number }>(server.url, 'registration.allocateMrnRange', undefined, ada.token);
  const p1 = await must<PushOutput>(server.url, 'sync.push', { deviceId: ada.deviceId, mutations: [
    mutation(ada, { op: 'create', patientId: survivor, resource: walkIn(survivor, 'Whitfield', provisionalMrn(mrn.first)) }),
    mutation(ada, { op: 'create', patientId: survivor, resource: allergy(survivor, allergyS, 'Penicillin') }),
  ] }, ada.token);
  const p2 = await must<PushOutput>(server.url, 'sync.push', { deviceId: fay.deviceId, mutations: [
    mutation(fay, { op: 'create', patientId: retired, resource: walkIn(retired, 'Whitfeild', provisionalMrn(mrn.first + 1)) }),
  ] }, fay.token);
  expect([...p1.results, ...p2.results].map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
  // The nurse who triaged her at the second clinic is on that record's care team and recorded an allergy.
  await server.asOwner((c) => c.query('INSERT INTO care_team (patient_id, user_id) VALUES ($1, $2)', [retired, ben.userId]));
  const p3 = await must<PushOutput>(server.url, 'sync.push', { deviceId: ben.deviceId, mutations: [mutation(ben, { op: 'create', patientId: retired, resource: allergy(retired, allergyR, 'Sulfonamide') })] }, ben.token);
  expect(p3.results[0]?.status).toBe('applied');
}, 180_000);
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

describe('merging two records of one person', () => {
  it('only HIM may merge, and a merge needs a reason', async () => {
    expect((await call(server.url, 'registration.merge', { survivorId: survivor, retiredId: retired, reason: 'same person, typo' }, ada.token)).ok).toBe(false);
    expect((await call(server.url, 'registration.merge', { survivorId: survivor, retiredId: retired, reason: '' }, fay.token)).ok).toBe(false);
    expect((await call(server.url, 'registration.merge', { survivorId: survivor, retiredId: survivor, reason: 'same person' }, fay.token)).ok).toBe(false);
  });

  it('HIM merges the pair from the queue: both allergies on the survivor, the retired record a tombstone with replaced-by', async () => {
    const queue = await must<{ id: string; a: { id: string }; b: { id: string } }[]>(server.url, 'registration.duplicates', { limit: 50 }, fay.token);
    const review = queue.find((d) => [d.a.id, d.b.id].includes(retired));
    expect(review).toBeDefined();
    const out = await must<{ mergeId: string; moved: number }>(server.url, 'registration.merge', { survivorId: survivor, retiredId: retired, reason: 'Same person: family name typed twice differently', reviewId: review?.id }, fay.token);
    mergeId = out.mergeId;
    expect(out.moved).toBe(1);

    // The physician pulls: the nurse's allergy now belongs to her patient (re-pointed), both allergies on one chart.
    const adaChanges = await pullAll(ada);
    const moved = latest(adaChanges, allergyR);
    expect(moved?.patientId).toBe(survivor);
    expect((moved?.resource as Json | null)?.['meta']).toEqual(expect.objectContaining({ tag: [{ system: 'urn:lantern:merged-from', code: retired }] }));
    expect((moved?.resource as Json | null)?.['patient']).toEqual({ reference: `Patient/${survivor}` });
    const survivorNow = latest(adaChanges, survivor)?.resource as Json | undefined;
    expect(survivorNow?.['link']).toEqual([{ other: { reference: `Patient/${retired}` }, type: 'replaces' }]);
    const retiredNow = latest(adaChanges, retired)?.resource as Json | undefined;
    expect(retiredNow?.['active']).toBe(false);
    expect(retiredNow?.['link']).toEqual([{ other: { reference: `Patient/${survivor}` }, type: 'replaced-by' }]);

    // Care teams unioned: the nurse now pulls the survivor's chart with both allergies.
    const benChanges = await pullAll(ben);
    const benAllergies = benChanges.filter((c) => c.resourceType === 'AllergyIntolerance' && c.patientId === survivor && c.resource !== null).map((c) => c.resourceId);
    expect(new Set(benAllergies)).toEqual(new Set([allergyS, allergyR]));

    // The queue item is closed, and the merge is audited with its reason.
    const after = await must<{ id: string }[]>(server.url, 'registration.duplicates', { limit: 50 }, fay.token);
    expect(after.some((d) => d.id === review?.id)).toBe(false);
    const audit = await server.asOwner(async (c) => (await c.query(
      "SELECT reason, detail->>'moved' AS moved FROM audit.events WHERE user_id = $1 AND detail->>'decision' = 'merge' AND detail->>'merge' = $2", [fay.userId, mergeId])).rows);
    expect(audit).toEqual([{ reason: 'Same person: family name typed twice differently', moved: '1' }]);
  });

  it('a workstation that has not pulled the merge yet pushes an allergy to the retired record: it lands on the survivor\'s chart', async () => {
    const late = randomUUID();
    const p = await must<PushOutput>(server.url, 'sync.push', { deviceId: ben.deviceId, mutations: [mutation(ben, { op: 'create', patientId: retired, resource: allergy(retired, late, 'Latex, queued offline') })] }, ben.token);
    expect(p.results[0]?.status).toBe('applied');
    const row = await server.asOwner(async (c) => (await c.query("SELECT patient_id::text AS patient_id, resource->'patient'->>'reference' AS ref FROM resources WHERE resource_type = 'AllergyIntolerance' AND id = $1", [late])).rows);
    expect(row).toEqual([{ patient_id: survivor, ref: `Patient/${survivor}` }]);
    await server.asOwner((c) => c.query("DELETE FROM resources WHERE resource_type = 'AllergyIntolerance' AND id = $1", [late]));
  });

  it('a FHIR read of the retired record answers the tombstone with its link, a search does not find it, the survivor holds both allergies', async () => {
    const fhir = `${server.url}/fhir/R4`;
    const read = await fhirFetch(fhir, `/Patient/${retired}`, { token: ada.token });
    expect(read.status).toBe(200);
    expect((read.body as Json)['active']).toBe(false);
    const found = await fhirFetch(fhir, '/Patient?family=Whitfeild', { token: ada.token });
    expect(((found.body as Json)['entry'] ?? []) as unknown[]).toHaveLength(0);
    const search = await fhirFetch(fhir, `/AllergyIntolerance?patient=${survivor}`, { token: ada.token });
    const entries = ((search.body as Json)['entry'] ?? []) as { resource: Json }[];
    expect(new Set(entries.map((e) => e.resource['id']))).toEqual(new Set([allergyS, allergyR]));
  });

  it('the retired record cannot be merged again, and the merge shows in the history', async () => {
    expect((await call(server.url, 'registration.merge', { survivorId: survivor, retiredId: retired, reason: 'again' }, fay.token)).ok).toBe(false);
    const history = await must<{ id: string; status: string; moved: number; survivor: { name: string } }[]>(server.url, 'registration.merges', { limit: 10 }, fay.token);
    expect(history.find((m) => m.id === mergeId)).toEqual(expect.objectContaining({ status: 'merged', moved: 1, survivor: expect.objectContaining({ name: 'Temperance Whitfield' }) }));
  });

  it('an unmerge restores exactly what came from each record; what was charted on the survivor since stays', async () => {
    const since = randomUUID();
    const p = await must<PushOutput>(server.url, 'sync.push', { deviceId: ada.deviceId, mutations: [mutation(ada, { op: 'create', patientId: survivor, resource: allergy(survivor, since, 'Latex') })] }, ada.token);
    expect(p.results[0]?.status).toBe('applied');
    const out = await must<{ restored: number }>(server.url, 'registration.unmerge', { mergeId, reason: 'Different people: twins' }, fay.token);
    expect(out.restored).toBe(1);
    // The nurse (the retired record's team) gets her allergy back on that record, untagged.
    const benChanges = await pullAll(ben);
    expect(latest(benChanges, allergyR)?.patientId).toBe(retired);
    const back = latest(benChanges, allergyR)?.resource as Json | null;
    expect(back?.['patient']).toEqual({ reference: `Patient/${retired}` });
    expect(back?.['meta']).not.toHaveProperty('tag');
    const changes = await pullAll(ada);
    expect(latest(changes, allergyS)?.patientId).toBe(survivor);
    expect(latest(changes, since)?.patientId).toBe(survivor);
    const r = latest(benChanges, retired)?.resource as Json | undefined;
    expect(r?.['active']).toBe(true);
    expect(r?.['link']).toBeUndefined();
    expect((latest(changes, survivor)?.resource as Json | undefined)?.['link']).toBeUndefined();
    // Each clinician was on the other record's team only through the merge.
    const team = await server.asOwner(async (c) => (await c.query('SELECT count(*)::int AS n FROM care_team WHERE patient_id = $1 AND user_id = $2', [survivor, ben.userId])).rows[0] as { n: number });
    expect(team.n).toBe(0);
    const adaOnRetired = await server.asOwner(async (c) => (await c.query('SELECT count(*)::int AS n FROM care_team WHERE patient_id = $1 AND user_id = $2', [retired, ada.userId])).rows[0] as { n: number });
    expect(adaOnRetired.n).toBe(0);
    expect((await call(server.url, 'registration.unmerge', { mergeId, reason: 'again please' }, fay.token)).ok).toBe(false);
  });

  it('Patient/$merge over FHIR: refused for a physician (audited), done for HIM with R5-style parameters', async () => {
    const fhir = `${server.url}/fhir/R4`;
    const body = { resourceType: 'Parameters', parameter: [
      { name: 'source-patient', valueReference: { reference: `Patient/${retired}` } },
      { name: 'target-patient', valueReference: { reference: `Patient/${survivor}` } },
      { name: 'reason', valueString: 'Same person confirmed by phone' },
    ] };
    const denied = await fhirFetch(fhir, '/Patient/$merge', { method: 'POST', token: ada.token, body });
    expect(denied.status).toBe(403);
    const noReason = await fhirFetch(fhir, '/Patient/$merge', { method: 'POST', token: fay.token, body: { ...body, parameter: body.parameter.slice(0, 2) } });
    expect(noReason.status).toBe(400);
    const ok = await fhirFetch(fhir, '/Patient/$merge', { method: 'POST', token: fay.token, body });
    expect(ok.status, ok.text.slice(0, 300)).toBe(200);
    const result = ((ok.body as Json)['parameter'] as { name: string; resource: Json }[]).find((x) => x.name === 'result')?.resource;
    expect(result?.['id']).toBe(survivor);
    const read = await fhirFetch(fhir, `/Patient/${retired}`, { token: fay.token });
    expect((read.body as Json)['link']).toEqual([{ other: { reference: `Patient/${survivor}` }, type: 'replaced-by' }]);
  });
});
