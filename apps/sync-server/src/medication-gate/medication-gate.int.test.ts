/**
 * The server re-checks every medication-changing write (real embedded Postgres, real HTTP):
 * impossible doses and critical alerts without an override carried by the order are refused on
 * sync push, FHIR create/update and transaction entries; an override carried by the order lets
 * the write through and is audited in the same transaction; a stop or a note runs no CDS.
 * Each scenario uses its own synthetic patient, so the demo charts' medications play no part.
 */
import { randomUUID } from 'node:crypto';
import type { PushOutput, PushResult } from '@lantern/core';
import { buildPatientContext, evaluate } from '@lantern/core/cds';
import { withCdsOverrides } from '@lantern/core/orders';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirFetch, type FhirResponse } from '../fhir/test-support.ts';
import { login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';
import { mutation, type Json } from '../testing/fixtures.ts';

const RX = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const NOW = '2026-12-01T09:00:00Z';

let pg: TestPostgres;
let server: TestServer;
let ada: Session;

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 6, demoHeavyPatient: false });
  ada = await login(server.url, 'dr.ada');
}, 120_000);
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

const push = async (mutations: Json[]): Promise<PushResult[]> => (await must<PushOutput>(server.url, 'sync.push', { deviceId: ada.deviceId, mutations }, ada.token)).results;
const one = async (m: Json): Promise<PushResult> => {
  const [r] = await push([m]);
  if (r === undefined) throw new Error('no result');
  return r;
};
const fhir = (method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<FhirResponse<Json>> =>
  fhirFetch<Json>(`${server.url}/fhir/R4`, path, { method, token: ada.token, body, headers });
const issuesOf = (r: FhirResponse<Json>) => (r.body?.['issue'] as { code: string; diagnostics: string; expression?: string[] }[] | undefined) ?? [];

function patientResource(id: string): Json {
  return { resourceType: 'Patient', id, gender: 'female', birthDate: '1968-04-02', name: [{ family: 'Synthetic', given: ['Gate'] }] };
}

/** A synthetic adult on dr.ada's care team, registered through sync like an offline registration. */
async function newPatient(): Promise<string> {
  const id = randomUUID();
  await server.asOwner((c) => c.query("INSERT INTO care_team (patient_id, user_id) SELECT $1, id FROM users WHERE username = 'dr.ada'", [id]));
  expect((await one(mutation(ada, { op: 'create', patientId: id, resource: patientResource(id) }))).status).toBe('applied');
  return id;
}

function med(patientId: string, id: string, drug: { rxcui: string; name: string }, doseMg: number, perDay: number, extra: Json = {}): Json {
  return {
    resourceType: 'MedicationRequest', id, status: 'active', intent: 'order', subject: { reference: `Patient/${patientId}` },
    medicationCodeableConcept: { coding: [{ system: RX, code: drug.rxcui, display: drug.name }], text: drug.name },
    authoredOn: NOW,
    dosageInstruction: [{
      text: `${doseMg} mg ${perDay} times daily`,
      timing: { repeat: { frequency: perDay, period: 1, periodUnit: 'd' } },
      doseAndRate: [{ doseQuantity: { value: doseMg, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } }],
    }],
    ...extra,
  };
}
const AMLODIPINE = { rxcui: '17767', name: 'amlodipine' };
const SIMVASTATIN = { rxcui: '36567', name: 'simvastatin' };
const CLARITHROMYCIN = { rxcui: '21212', name: 'clarithromycin' };

/** The cards the workstation's own engine shows for this order (as an offline workstation computes them). */
function cardsFor(patientId: string, chart: Json[], order: Json) {
  const context = buildPatientContext(chart as never, patientResource(patientId) as never, NOW);
  const r = evaluate({ hook: 'order-sign', context, draftOrders: [order as never], now: NOW, userId: ada.userId });
  if (!r.ok) throw r.error;
  return r.value;
}
const criticalCards = (patientId: string, chart: Json[], order: Json): string[] => cardsFor(patientId, chart, order).filter((c) => c.indicator === 'critical').map((c) => c.uuid);
const allCards = (patientId: string, chart: Json[], order: Json): string[] => cardsFor(patientId, chart, order).map((c) => c.uuid);
const overridden = (order: Json, cards: string[]): Json =>
  withCdsOverrides(order as never, cards.map((cardUuid) => ({ cardUuid, reasonCode: 'will-monitor', comment: 'short course' })), { userId: ada.userId, at: NOW }) as unknown as Json;

async function stored(id: string): Promise<Json> {
  return server.asOwner(async (c) => (await c.query("SELECT resource FROM resources WHERE resource_type = 'MedicationRequest' AND id = $1", [id])).rows[0]?.resource as Json);
}
async function overrideEvents(orderId: string): Promise<Json[]> {
  return server.asOwner(async (c) => (await c.query("SELECT detail FROM audit.events WHERE action = 'cds-override' AND resource_id = $1 ORDER BY seq", [orderId])).rows.map((r: { detail: Json }) => r.detail));
}
const doseOf = (r: Json): unknown => (r['dosageInstruction'] as { doseAndRate: { doseQuantity: { value: number } }[] }[])[0]?.doseAndRate[0]?.doseQuantity.value;

describe('medication gate on sync.push', () => {
  it('a dose change to 100 times the maximum (amlodipine 1000 mg daily) pushed directly is refused and nothing is written', async () => {
    const patientId = await newPatient();
    const id = randomUUID();
    expect((await one(mutation(ada, { op: 'create', patientId, resource: med(patientId, id, AMLODIPINE, 5, 1) }))).status).toBe('applied');
    const r = await one(mutation(ada, { op: 'update', patientId, baseVersion: '1', resource: med(patientId, id, AMLODIPINE, 1000, 1) }));
    expect(r).toMatchObject({ status: 'rejected', code: 'BAD_INPUT' });
    expect(r.status === 'rejected' && r.message).toContain('dosageInstruction[0].doseAndRate[0].doseQuantity.value');
    expect(doseOf(await stored(id))).toBe(5);
    // An impossible dose is not overridable: the same change carrying an override of every card is refused too.
    const cards = allCards(patientId, [med(patientId, id, AMLODIPINE, 5, 1)], med(patientId, id, AMLODIPINE, 1000, 1));
    const forced = overridden(med(patientId, id, AMLODIPINE, 1000, 1), cards);
    expect(await one(mutation(ada, { op: 'update', patientId, baseVersion: '1', resource: forced }))).toMatchObject({ status: 'rejected', code: 'BAD_INPUT' });
  }, 60_000);

  it('simvastatin for a patient on clarithromycin: refused without an override, applied with it, and the override is audited', async () => {
    const patientId = await newPatient();
    const clari = med(patientId, randomUUID(), CLARITHROMYCIN, 500, 2);
    expect((await one(mutation(ada, { op: 'create', patientId, resource: clari }))).status).toBe('applied');
    const simvaId = randomUUID();
    const simva = med(patientId, simvaId, SIMVASTATIN, 20, 1);

    const refused = await one(mutation(ada, { op: 'create', patientId, resource: simva }));
    expect(refused.status).toBe('rejected');
    expect(refused.status === 'rejected' && refused.code).toBe('PRECONDITION_REQUIRED');
    expect(refused.status === 'rejected' && refused.message.toLowerCase()).toContain('simvastatin');
    expect(refused.status === 'rejected' && refused.message).not.toContain('Synthetic'); // no patient name
    expect(await stored(simvaId)).toBeUndefined();

    const cards = criticalCards(patientId, [clari], simva);
    expect(cards.length).toBeGreaterThan(0);
    const forged = withCdsOverrides(simva as never, cards.map((cardUuid) => ({ cardUuid, reasonCode: 'will-monitor' })), { userId: randomUUID(), at: NOW }) as unknown as Json;
    expect((await one(mutation(ada, { op: 'create', patientId, resource: forged }))).status).toBe('rejected');

    const applied = await one(mutation(ada, { op: 'create', patientId, resource: overridden(simva, cards) }));
    expect(applied.status).toBe('applied');
    const events = await overrideEvents(simvaId);
    expect(events.map((e) => e['cardUuid']).sort()).toEqual([...cards].sort());
    expect(events[0]).toMatchObject({ reasonCode: 'will-monitor', author: ada.userId, via: 'sync', indicator: 'critical', origin: 'server' });

    // A stop, and a note edit by a client that drops the override extension: no CDS runs, both apply.
    const { extension: _dropped, ...plain } = overridden(simva, cards);
    const noted = await one(mutation(ada, { op: 'update', patientId, baseVersion: '1', resource: { ...plain, note: [{ text: 'take in the evening' }] } }));
    expect(noted.status).toBe('applied');
    const stopped = await one(mutation(ada, { op: 'update', patientId, baseVersion: '2', resource: { ...plain, status: 'stopped', note: [{ text: 'take in the evening' }] } }));
    expect(stopped.status).toBe('applied');
    expect((await stored(simvaId))['status']).toBe('stopped');
    expect(await overrideEvents(simvaId)).toHaveLength(cards.length);
  }, 60_000);

  it('re-activating an on-hold simvastatin once the patient is on clarithromycin is refused; in one batch the later order sees the earlier one', async () => {
    const patientId = await newPatient();
    const simvaId = randomUUID();
    const simva = med(patientId, simvaId, SIMVASTATIN, 20, 1);
    expect((await one(mutation(ada, { op: 'create', patientId, resource: simva }))).status).toBe('applied');
    expect((await one(mutation(ada, { op: 'update', patientId, baseVersion: '1', resource: { ...simva, status: 'on-hold' } }))).status).toBe('applied');
    const clari = med(patientId, randomUUID(), CLARITHROMYCIN, 500, 2);
    const clariCards = criticalCards(patientId, [{ ...simva, status: 'on-hold' }], clari);
    // One batch: clarithromycin (overridden) then simvastatin re-activated: the second is checked against the first.
    const [a, b] = await push([
      mutation(ada, { op: 'create', patientId, resource: overridden(clari, clariCards) }),
      mutation(ada, { op: 'update', patientId, baseVersion: '2', resource: simva }),
    ]);
    expect(a?.status).toBe('applied');
    expect(b?.status).toBe('rejected');
    expect(b?.status === 'rejected' && b.code).toBe('PRECONDITION_REQUIRED');
    expect((await stored(simvaId))['status']).toBe('on-hold');
  }, 60_000);
});

describe('medication gate on FHIR writes', () => {
  it('POST, PUT and a transaction entry with 100 times the maximum dose are refused with an OperationOutcome naming the field', async () => {
    const patientId = await newPatient();
    const expectRefusal = (r: FhirResponse<Json>, prefix: string) => {
      expect(r.status).toBe(400);
      expect(r.body?.['resourceType']).toBe('OperationOutcome');
      expect(issuesOf(r)[0]?.expression).toEqual([`${prefix}MedicationRequest.dosageInstruction[0].doseAndRate[0].doseQuantity.value`]);
      expect(issuesOf(r)[0]?.diagnostics.toLowerCase()).toContain('amlodipine');
    };
    const posted = await fhir('POST', '/MedicationRequest', med(patientId, randomUUID(), AMLODIPINE, 1000, 1));
    expectRefusal(posted, '');

    const id = randomUUID();
    const created = await fhir('PUT', `/MedicationRequest/${id}`, med(patientId, id, AMLODIPINE, 5, 1));
    expect(created.status).toBe(201);
    const put = await fhir('PUT', `/MedicationRequest/${id}`, med(patientId, id, AMLODIPINE, 1000, 1), { 'if-match': 'W/"1"' });
    expectRefusal(put, '');
    expect(doseOf(await stored(id))).toBe(5);

    const tx = await fhir('POST', '', {
      resourceType: 'Bundle', type: 'transaction',
      entry: [{ fullUrl: `urn:uuid:${randomUUID()}`, resource: med(patientId, randomUUID(), AMLODIPINE, 1000, 1), request: { method: 'POST', url: 'MedicationRequest' } }],
    });
    expectRefusal(tx, 'Bundle.entry[0].resource.');
  }, 60_000);

  it('a critical interaction over FHIR: 422 listing the card without an override; 201 with it, audited', async () => {
    const patientId = await newPatient();
    const clari = med(patientId, randomUUID(), CLARITHROMYCIN, 500, 2);
    expect((await one(mutation(ada, { op: 'create', patientId, resource: clari }))).status).toBe('applied');
    const id = randomUUID();
    const simva = med(patientId, id, SIMVASTATIN, 20, 1);
    const cards = criticalCards(patientId, [clari], simva);
    const refused = await fhir('PUT', `/MedicationRequest/${id}`, simva);
    expect(refused.status).toBe(422);
    expect(issuesOf(refused).flatMap((i) => i.expression ?? [])).toEqual(cards.map((c) => `cards.${c}`));
    const ok = await fhir('PUT', `/MedicationRequest/${id}`, overridden(simva, cards));
    expect(ok.status).toBe(201);
    expect((await overrideEvents(id)).map((e) => e['via'])).toEqual(cards.map(() => 'fhir'));
  }, 60_000);
});
