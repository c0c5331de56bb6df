/**
 * The medication gate's record cache never lets an order past a safety fact written before it
 * (real embedded Postgres, real HTTP, two app servers on one database as behind a load balancer).
 * Each scenario first pushes an order for the patient so the gate has the chart cached, then
 * writes the fact by another path (another push, FHIR, the other server), then the order.
 * A push's own writes are applied to the cache in place once committed (not read back): the
 * problem pushed with or before an NSAID order still blocks it, and a later change by anyone
 * else still reaches the gate.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PushOutput, PushResult } from '@lantern/core';
import { buildPatientContext, evaluate } from '@lantern/core/cds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirFetch, type FhirResponse } from '../fhir/test-support.ts';
import { startServer, type RunningServer } from '../server.ts';
import { patientContextCacheOf } from './patient-context-cache.ts';
import { login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';
import { mutation, type Json } from '../testing/fixtures.ts';

const RX = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const NOW = '2026-12-01T09:00:00Z';
const AMLODIPINE = { rxcui: '17767', name: 'amlodipine' };
const AMOXICILLIN = { rxcui: '723', name: 'amoxicillin' };
const SIMVASTATIN = { rxcui: '36567', name: 'simvastatin' };
const CLARITHROMYCIN = { rxcui: '21212', name: 'clarithromycin' };
const NAPROXEN = { rxcui: '7258', name: 'naproxen' };
const tokenSecret = `test-secret-${randomUUID()}`;

let pg: TestPostgres;
let server: TestServer;
let second: RunningServer;
let secondDir: string;
let ada: Session;
let adaOnSecond: Session;

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 3, demoHeavyPatient: false, tokenSecret });
  secondDir = await mkdtemp(join(tmpdir(), 'lantern-srv2-'));
  second = await startServer({
    port: 0, host: '127.0.0.1', dataDir: secondDir, databaseUrl: server.databaseOwnerUrl, logLevel: 'silent', tokenSecret,
    passwordCost: { memoryCost: 4096, timeCost: 2 }, fastUnsafeDb: true,
  });
  ada = await login(server.url, 'dr.ada');
  adaOnSecond = await login(second.url, 'dr.ada');
}, 120_000);
afterAll(async () => {
  await second?.close();
  await server?.close();
  await pg?.stop();
  if (secondDir !== undefined) await rm(secondDir, { recursive: true, force: true });
});

const push = async (url: string, s: Session, m: Json): Promise<PushResult> => {
  const [r] = (await must<PushOutput>(url, 'sync.push', { deviceId: s.deviceId, mutations: [m] }, s.token)).results;
  if (r === undefined) throw new Error('no result');
  return r;
};
const fhir = (url: string, s: Session, method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<FhirResponse<Json>> =>
  fhirFetch<Json>(`${url}/fhir/R4`, path, { method, token: s.token, body, headers });

const patientResource = (id: string): Json => ({ resourceType: 'Patient', id, gender: 'male', birthDate: '1961-09-14', name: [{ family: 'Synthetic', given: ['Cache'] }] });

async function newPatient(): Promise<string> {
  const id = randomUUID();
  await server.asOwner((c) => c.query("INSERT INTO care_team (patient_id, user_id) SELECT $1, id FROM users WHERE username = 'dr.ada'", [id]));
  expect((await push(server.url, ada, mutation(ada, { op: 'create', patientId: id, resource: patientResource(id) }))).status).toBe('applied');
  return id;
}

function med(patientId: string, id: string, drug: { rxcui: string; name: string }, doseMg: number, perDay: number): Json {
  return {
    resourceType: 'MedicationRequest', id, status: 'active', intent: 'order', subject: { reference: `Patient/${patientId}` },
    medicationCodeableConcept: { coding: [{ system: RX, code: drug.rxcui, display: drug.name }], text: drug.name }, authoredOn: NOW,
    dosageInstruction: [{
      text: `${doseMg} mg ${perDay} times daily`, timing: { repeat: { frequency: perDay, period: 1, periodUnit: 'd' } },
      doseAndRate: [{ doseQuantity: { value: doseMg, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } }],
    }],
  };
}

/** A confirmed, high-criticality amoxicillin allergy (anaphylaxis risk): a new amoxicillin order is critical. */
const amoxicillinAllergy = (patientId: string, id: string): Json => ({
  resourceType: 'AllergyIntolerance', id, patient: { reference: `Patient/${patientId}` }, criticality: 'high',
  clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
  verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: 'confirmed' }] },
  code: { coding: [{ system: RX, code: AMOXICILLIN.rxcui, display: 'amoxicillin' }], text: 'amoxicillin' },
});

/** Chronic kidney disease stage 4: an NSAID order is critical (drug-disease rule). */
const ckdStage4 = (patientId: string, id: string): Json => ({
  resourceType: 'Condition', id, subject: { reference: `Patient/${patientId}` },
  clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
  verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }] },
  code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'N18.4', display: 'Chronic kidney disease, stage 4 (severe)' }] },
});

const criticalCount = (patientId: string, chart: Json[], order: Json): number => {
  const context = buildPatientContext(chart as never, patientResource(patientId) as never, NOW);
  const r = evaluate({ hook: 'order-sign', context, draftOrders: [order as never], now: NOW, userId: ada.userId });
  if (!r.ok) throw r.error;
  return r.value.filter((c) => c.indicator === 'critical').length;
};

/** An order for the patient, so the gate on `url` has the patient's chart cached. */
async function warm(url: string, s: Session, patientId: string): Promise<void> {
  expect((await push(url, s, mutation(s, { op: 'create', patientId, resource: med(patientId, randomUUID(), AMLODIPINE, 5, 1) }))).status).toBe('applied');
}

const expectRefusedAsCritical = (r: PushResult): void => {
  expect(r.status).toBe('rejected');
  expect(r.status === 'rejected' && r.code).toBe('PRECONDITION_REQUIRED');
};

describe('the gate reads every fact written before the order', () => {
  it('precondition: amoxicillin for this allergy is critical, and without it nothing is', () => {
    const p = randomUUID();
    expect(criticalCount(p, [amoxicillinAllergy(p, randomUUID())], med(p, randomUUID(), AMOXICILLIN, 500, 3))).toBeGreaterThan(0);
    expect(criticalCount(p, [], med(p, randomUUID(), AMOXICILLIN, 500, 3))).toBe(0);
  });

  it('an allergy pushed just before an amoxicillin order on the same server blocks it', async () => {
    const patientId = await newPatient();
    await warm(server.url, ada, patientId);
    expect((await push(server.url, ada, mutation(ada, { op: 'create', patientId, resource: amoxicillinAllergy(patientId, randomUUID()) }))).status).toBe('applied');
    expectRefusedAsCritical(await push(server.url, ada, mutation(ada, { op: 'create', patientId, resource: med(patientId, randomUUID(), AMOXICILLIN, 500, 3) })));
  }, 60_000);

  it('an allergy recorded over FHIR just before blocks a pushed amoxicillin order', async () => {
    const patientId = await newPatient();
    await warm(server.url, ada, patientId);
    const id = randomUUID();
    expect((await fhir(server.url, ada, 'PUT', `/AllergyIntolerance/${id}`, amoxicillinAllergy(patientId, id))).status).toBe(201);
    expectRefusedAsCritical(await push(server.url, ada, mutation(ada, { op: 'create', patientId, resource: med(patientId, randomUUID(), AMOXICILLIN, 500, 3) })));
  }, 60_000);

  it('an allergy written through a second app server blocks an order pushed to the first', async () => {
    const patientId = await newPatient();
    await warm(server.url, ada, patientId);
    const id = randomUUID();
    expect((await fhir(second.url, adaOnSecond, 'PUT', `/AllergyIntolerance/${id}`, amoxicillinAllergy(patientId, id))).status).toBe(201);
    expectRefusedAsCritical(await push(server.url, ada, mutation(ada, { op: 'create', patientId, resource: med(patientId, randomUUID(), AMOXICILLIN, 500, 3) })));
    // And the other way round: the second server, its own cache warm, sees what the first wrote.
    const other = await newPatient();
    await warm(second.url, adaOnSecond, other);
    expect((await push(server.url, ada, mutation(ada, { op: 'create', patientId: other, resource: amoxicillinAllergy(other, randomUUID()) }))).status).toBe('applied');
    expectRefusedAsCritical(await push(second.url, adaOnSecond, mutation(adaOnSecond, { op: 'create', patientId: other, resource: med(other, randomUUID(), AMOXICILLIN, 500, 3) })));
  }, 60_000);

  it('a clarithromycin stopped through the second server no longer blocks simvastatin on the first (changes, not only additions)', async () => {
    const patientId = await newPatient();
    const clariId = randomUUID();
    const clari = med(patientId, clariId, CLARITHROMYCIN, 500, 2);
    expect(criticalCount(patientId, [clari], med(patientId, randomUUID(), SIMVASTATIN, 20, 1))).toBeGreaterThan(0);
    const clariCreated = await fhir(server.url, ada, 'PUT', `/MedicationRequest/${clariId}`, clari);
    expect(clariCreated.status).toBe(201);
    // Cached with clarithromycin active: simvastatin is refused.
    expectRefusedAsCritical(await push(server.url, ada, mutation(ada, { op: 'create', patientId, resource: med(patientId, randomUUID(), SIMVASTATIN, 20, 1) })));
    const stopped = await fhir(second.url, adaOnSecond, 'PUT', `/MedicationRequest/${clariId}`, { ...clari, status: 'stopped' }, { 'if-match': 'W/"1"' });
    expect(stopped.status).toBe(200);
    expect((await push(server.url, ada, mutation(ada, { op: 'create', patientId, resource: med(patientId, randomUUID(), SIMVASTATIN, 20, 1) }))).status).toBe('applied');
  }, 60_000);

  it('an allergy pushed from another device just before a dose change blocks the dose change', async () => {
    const patientId = await newPatient();
    const orderId = randomUUID();
    const order = med(patientId, orderId, AMOXICILLIN, 250, 3);
    // The order was signed before the allergy was known: the gate has the chart cached with it.
    const created = await push(server.url, ada, mutation(ada, { op: 'create', patientId, resource: order }));
    expect(created.status).toBe('applied');
    const otherDevice = await login(server.url, 'dr.ada');
    expect((await push(server.url, otherDevice, mutation(otherDevice, { op: 'create', patientId, resource: amoxicillinAllergy(patientId, randomUUID()) }))).status).toBe('applied');
    const doseChange = mutation(ada, { op: 'update', patientId, baseVersion: created.status === 'applied' ? created.version : '1', resource: med(patientId, orderId, AMOXICILLIN, 500, 3) });
    expectRefusedAsCritical(await push(server.url, ada, doseChange));
  }, 60_000);

  it('after a batch with one order applied and one refused, the next push sees the applied one', async () => {
    const patientId = await newPatient();
    await push(server.url, ada, mutation(ada, { op: 'create', patientId, resource: amoxicillinAllergy(patientId, randomUUID()) }));
    const refused = await must<PushOutput>(server.url, 'sync.push', { deviceId: ada.deviceId, mutations: [
      mutation(ada, { op: 'create', patientId, resource: med(patientId, randomUUID(), CLARITHROMYCIN, 500, 2) }),
      mutation(ada, { op: 'create', patientId, resource: med(patientId, randomUUID(), AMOXICILLIN, 500, 3) }),
    ] }, ada.token);
    expect(refused.results.map((r) => r.status)).toEqual(['applied', 'rejected']);
    // The applied clarithromycin is in the chart: simvastatin is now refused.
    expectRefusedAsCritical(await push(server.url, ada, mutation(ada, { op: 'create', patientId, resource: med(patientId, randomUUID(), SIMVASTATIN, 20, 1) })));
  }, 60_000);

  it('precondition: naproxen with CKD stage 4 is critical, and without it nothing is', () => {
    const p = randomUUID();
    expect(criticalCount(p, [ckdStage4(p, randomUUID())], med(p, randomUUID(), NAPROXEN, 500, 2))).toBeGreaterThan(0);
    expect(criticalCount(p, [], med(p, randomUUID(), NAPROXEN, 500, 2))).toBe(0);
  });

  it('CKD pushed in the same batch as an NSAID order, before it, blocks the order; the next push still sees the CKD', async () => {
    const patientId = await newPatient();
    await warm(server.url, ada, patientId);
    const out = await must<PushOutput>(server.url, 'sync.push', { deviceId: ada.deviceId, mutations: [
      mutation(ada, { op: 'create', patientId, resource: ckdStage4(patientId, randomUUID()) }),
      mutation(ada, { op: 'create', patientId, resource: med(patientId, randomUUID(), NAPROXEN, 500, 2) }),
    ] }, ada.token);
    expect(out.results[0]?.status).toBe('applied');
    expectRefusedAsCritical(out.results[1] as PushResult);
    // The CKD went into the cached record in place at the commit; the next order is checked against it.
    expectRefusedAsCritical(await push(server.url, ada, mutation(ada, { op: 'create', patientId, resource: med(patientId, randomUUID(), NAPROXEN, 250, 2) })));
  }, 60_000);

  it('CKD pushed in an earlier batch by another device blocks an NSAID order from this one', async () => {
    const patientId = await newPatient();
    await warm(server.url, ada, patientId);
    const otherDevice = await login(server.url, 'dr.ada');
    expect((await push(server.url, otherDevice, mutation(otherDevice, { op: 'create', patientId, resource: ckdStage4(patientId, randomUUID()) }))).status).toBe('applied');
    expectRefusedAsCritical(await push(server.url, ada, mutation(ada, { op: 'create', patientId, resource: med(patientId, randomUUID(), NAPROXEN, 500, 2) })));
  }, 60_000);

  it('a pushed row is in the cached record once committed, and a later version by another server replaces it', async () => {
    const patientId = await newPatient();
    await warm(server.url, ada, patientId);
    const cache = patientContextCacheOf(server.pool);
    const ckdId = randomUUID();
    expect((await push(server.url, ada, mutation(ada, { op: 'create', patientId, resource: ckdStage4(patientId, ckdId) }))).status).toBe('applied');
    // Applied in place at the commit, before any read of the feed.
    const cached = cache.snapshot([patientId]).get(patientId);
    expect(cached?.resources.get(`Condition/${ckdId}`)?.['id']).toBe(ckdId);
    expect(cached?.own?.get(`Condition/${ckdId}`)).toBe(1);
    expectRefusedAsCritical(await push(server.url, ada, mutation(ada, { op: 'create', patientId, resource: med(patientId, randomUUID(), NAPROXEN, 500, 2) })));
    // Version 2 through the other server (the problem no longer active): the feed brings it in full.
    const fixed = await fhir(second.url, adaOnSecond, 'PUT', `/Condition/${ckdId}`, {
      ...ckdStage4(patientId, ckdId), clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'resolved' }] },
    }, { 'if-match': 'W/"1"' });
    expect(fixed.status).toBe(200);
    expect((await push(server.url, ada, mutation(ada, { op: 'create', patientId, resource: med(patientId, randomUUID(), NAPROXEN, 500, 2) }))).status).toBe('applied');
    expect(cache.snapshot([patientId]).get(patientId)?.own?.has(`Condition/${ckdId}`) ?? false).toBe(false);
  }, 60_000);

  it('two rows of one patient applied in place: another server\'s later version of one of them is read in full, the other stays as applied', async () => {
    const patientId = await newPatient();
    await warm(server.url, ada, patientId);
    const cache = patientContextCacheOf(server.pool);
    const resolved = (id: string): Json => ({ ...ckdStage4(patientId, id), clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'resolved' }] } });
    const first = randomUUID();
    const second2 = randomUUID();
    const out = await must<PushOutput>(server.url, 'sync.push', { deviceId: ada.deviceId, mutations: [
      mutation(ada, { op: 'create', patientId, resource: resolved(first) }),
      mutation(ada, { op: 'create', patientId, resource: resolved(second2) }),
    ] }, ada.token);
    expect(out.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    // Marked with the warming order (a batch with no medication write reads no feed, so passes no mark).
    expect([...(cache.snapshot([patientId]).get(patientId)?.own?.keys() ?? [])]).toEqual(expect.arrayContaining([`Condition/${first}`, `Condition/${second2}`]));
    // The second made active again through the other server (version 2).
    const active = await fhir(second.url, adaOnSecond, 'PUT', `/Condition/${second2}`, ckdStage4(patientId, second2), { 'if-match': 'W/"1"' });
    expect(active.status).toBe(200);
    expectRefusedAsCritical(await push(server.url, ada, mutation(ada, { op: 'create', patientId, resource: med(patientId, randomUUID(), NAPROXEN, 500, 2) })));
    const cached = cache.snapshot([patientId]).get(patientId);
    // Every mark passed: the order and the first confirmed as applied, the second replaced by what the feed read.
    expect(cached?.own?.size ?? 0).toBe(0);
    expect(cached?.resources.get(`Condition/${second2}`)?.['meta']).toMatchObject({ versionId: '2' });
    expect(cached?.resources.get(`Condition/${first}`)?.['meta']).toMatchObject({ versionId: '1' });
  }, 60_000);

  it('with the chart prepared by earlier checks, an allergy pushed in the same batch as an order, before it, blocks the order', async () => {
    const patientId = await newPatient();
    // Naproxen: its check reads the allergies, problems and kidney function, all kept with the chart.
    const nsaid = med(patientId, randomUUID(), NAPROXEN, 250, 2);
    expect((await push(server.url, ada, mutation(ada, { op: 'create', patientId, resource: nsaid }))).status).toBe('applied');
    const out = await must<PushOutput>(server.url, 'sync.push', { deviceId: ada.deviceId, mutations: [
      // A dose change checked first: the batch's chart is prepared, then the allergy changes it.
      mutation(ada, { op: 'update', patientId, baseVersion: '1', resource: med(patientId, String(nsaid['id']), NAPROXEN, 500, 2) }),
      mutation(ada, { op: 'create', patientId, resource: amoxicillinAllergy(patientId, randomUUID()) }),
      mutation(ada, { op: 'create', patientId, resource: med(patientId, randomUUID(), AMOXICILLIN, 500, 3) }),
    ] }, ada.token);
    expect(out.results.slice(0, 2).map((r) => r.status)).toEqual(['applied', 'applied']);
    expectRefusedAsCritical(out.results[2] as PushResult);
    expectRefusedAsCritical(await push(server.url, ada, mutation(ada, { op: 'create', patientId, resource: med(patientId, randomUUID(), AMOXICILLIN, 250, 3) })));
  }, 60_000);

  it('a later version of a problem written over FHIR through the second server reaches a chart the first has prepared', async () => {
    const patientId = await newPatient();
    const ckdId = randomUUID();
    const resolved = { ...ckdStage4(patientId, ckdId), clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'resolved' }] } };
    expect((await push(server.url, ada, mutation(ada, { op: 'create', patientId, resource: resolved }))).status).toBe('applied');
    // Checked against the resolved problem: applied, and the chart keeps its (empty) problem list.
    expect((await push(server.url, ada, mutation(ada, { op: 'create', patientId, resource: med(patientId, randomUUID(), NAPROXEN, 250, 2) }))).status).toBe('applied');
    const active = await fhir(second.url, adaOnSecond, 'PUT', `/Condition/${ckdId}`, ckdStage4(patientId, ckdId), { 'if-match': 'W/"1"' });
    expect(active.status).toBe(200);
    expectRefusedAsCritical(await push(server.url, ada, mutation(ada, { op: 'create', patientId, resource: med(patientId, randomUUID(), NAPROXEN, 500, 2) })));
  }, 60_000);
});
