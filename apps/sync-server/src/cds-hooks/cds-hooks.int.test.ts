/**
 * The CDS Hooks 2.0 service against a real embedded Postgres over real HTTP on 127.0.0.1:
 * discovery, order-sign from prefetch and from Lantern's store (same cards), 412/401/400/404/403,
 * feedback overrides in the audit trail (seen by the privacy officer) and alert-fatigue
 * suppression per clinician, with critical cards never suppressed. Synthetic data only.
 */
import { randomUUID } from 'node:crypto';
import type { PushOutput } from '@lantern/core';
import type { Card } from '@lantern/core/cds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutation, type Json } from '../testing/fixtures.ts';
import { login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';

const RX = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const LOINC = 'http://loinc.org';
const SIGN = 'lantern-order-sign';

let pg: TestPostgres;
let server: TestServer;
let ada: Session;
let bo: Session;
let billing: Session;
let privacy: Session;
let nurse: Session;
let admin: Session;
/** A patient on ada's and bo's care team: clarithromycin and warfarin active, eGFR, weight, an allergy, a condition. */
let patientId: string;
let chart: Json[];

const subject = () => ({ reference: `Patient/${patientId}` });
const med = (rxcui: string, status: 'active' | 'draft', id: string = randomUUID()): Json => ({
  resourceType: 'MedicationRequest', id, status, intent: 'order', subject: subject(), authoredOn: '2026-11-20T10:00:00Z',
  medicationCodeableConcept: { coding: [{ system: RX, code: rxcui }] },
});
const lab = (loinc: string, value: number, unit: string): Json => ({
  resourceType: 'Observation', id: randomUUID(), status: 'final', subject: subject(), effectiveDateTime: '2026-11-20T08:00:00Z',
  code: { coding: [{ system: LOINC, code: loinc }] }, valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
});
const bundle = (...resources: Json[]): Json => ({ resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) });

interface Reply<T = Json> { status: number; body: T; headers: Headers }
async function cds<T = Json>(path: string, opts: { token?: string; body?: unknown; raw?: string } = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (opts.token !== undefined) headers['authorization'] = `Bearer ${opts.token}`;
  if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.url}/cds-services${path}`, {
    method: opts.body === undefined && opts.raw === undefined ? 'GET' : 'POST', headers,
    ...(opts.raw !== undefined ? { body: opts.raw } : opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
  });
  return { status: res.status, body: (await res.json()) as T, headers: res.headers };
}

const request = (drafts: Json[], extra: Json = {}, pid = patientId): Json => ({
  hook: 'order-sign', hookInstance: randomUUID(), fhirServer: `${server.url}/fhir/R4`,
  context: { userId: 'Practitioner/example', patientId: pid, draftOrders: bundle(...drafts) }, ...extra,
});
const sign = (s: Session, drafts: Json[], extra: Json = {}) => cds<{ cards: Card[] }>(`/${SIGN}`, { token: s.token, body: request(drafts, extra) });

const byKind = (type: string) => chart.filter((r) => r['resourceType'] === type);
/** The prefetch a CDS client would send for `patientId`, from the same records the store holds. */
const fullPrefetch = (): Json => ({
  patient: byKind('Patient')[0],
  medications: bundle(...byKind('MedicationRequest')),
  allergies: bundle(...byKind('AllergyIntolerance')),
  conditions: bundle(...byKind('Condition')),
  labs: bundle(...byKind('Observation')),
  orders: bundle(),
});

interface AuditRow { action: string; patientId: string | null; userId: string; reason: string | null; outcome: string; detail: Record<string, unknown> }
const auditOf = async (action: string): Promise<AuditRow[]> =>
  (await must<{ events: AuditRow[] }>(server.url, 'audit.list', { patientId, action, limit: 1000 }, privacy.token)).events;

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 2, demoHeavyPatient: false });
  admin = await login(server.url, 'admin.eve');
  [ada, billing, privacy, nurse] = await Promise.all([login(server.url, 'dr.ada'), login(server.url, 'billing.cy'), login(server.url, 'privacy.dee'), login(server.url, 'rn.ben')]);
  const created = await must<{ id: string }>(server.url, 'admin.createUser', { username: 'dr.bo', password: 'synthetic-password-1', role: 'physician' }, admin.token);
  bo = await login(server.url, 'dr.bo', randomUUID(), 'synthetic-password-1');
  patientId = randomUUID();
  for (const userId of [ada.userId, created.id, billing.userId]) {
    await must(server.url, 'admin.assignCareTeam', { userId, patientId, assigned: true }, admin.token);
  }
  chart = [
    { resourceType: 'Patient', id: patientId, gender: 'female', birthDate: '1956-03-14', name: [{ family: 'Synthetic', given: ['Test'] }] },
    med('21212', 'active'), // clarithromycin
    med('11289', 'active'), // warfarin
    lab('98979-8', 72, 'mL/min/{1.73_m2}'), // eGFR
    lab('29463-7', 70, 'kg'), // body weight
    {
      resourceType: 'AllergyIntolerance', id: randomUUID(), patient: subject(),
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
      code: { coding: [{ system: RX, code: '10180' }] }, // sulfamethoxazole
    },
    { resourceType: 'Condition', id: randomUUID(), subject: subject(), code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'I48.91' }] } },
  ];
  const pushed = await must<PushOutput>(server.url, 'sync.push', {
    deviceId: ada.deviceId, mutations: chart.map((resource) => mutation(ada, { op: 'create', patientId, resource })),
  }, ada.token);
  expect(pushed.results.map((r) => r.status)).toEqual(chart.map(() => 'applied'));
});
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

describe('CDS Hooks 2.0 service', () => {
  it('discovery lists order-select and order-sign with prefetch templates, without sign-in', async () => {
    const r = await cds<{ services: Json[] }>('');
    expect(r.status).toBe(200);
    expect(r.body.services.map((s) => [s['hook'], s['id']])).toEqual([['order-select', 'lantern-order-select'], ['order-sign', SIGN]]);
    for (const s of r.body.services) {
      expect(typeof s['title']).toBe('string');
      expect(typeof s['description']).toBe('string');
      const prefetch = s['prefetch'] as Record<string, string>;
      expect(prefetch['patient']).toBe('Patient/{{context.patientId}}');
      expect(prefetch['medications']).toMatch(/^MedicationRequest\?patient=\{\{context\.patientId\}\}/);
      expect(prefetch['labs']).toContain('http://loinc.org|98979-8');
    }
  });

  it('simvastatin drafted for a patient on clarithromycin (from the store) gives a critical card with override reasons and safer statins', async () => {
    const r = await sign(ada, [med('36567', 'draft')]);
    expect(r.status).toBe(200);
    const critical = r.body.cards.filter((c) => c.indicator === 'critical');
    expect(critical).toHaveLength(1);
    const card = critical[0] as Card;
    expect(card.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(card.summary.length).toBeLessThan(140);
    expect(card.summary.toLowerCase()).toContain('simvastatin');
    expect(card.detail.length).toBeGreaterThan(0);
    expect(card.source.label.length).toBeGreaterThan(0);
    expect(card.source.url).toMatch(/^https?:\/\//);
    expect(card.overrideReasons.map((o) => o.code)).toContain('benefit-outweighs-risk');
    expect(card.suggestions.map((s) => s.label)).toEqual(expect.arrayContaining([expect.stringMatching(/^Use pravastatin instead/), expect.stringMatching(/^Use rosuvastatin instead/)]));
    expect(card.extension['lantern.rule']).toBe('drug-drug');
  });

  it('the same data sent as prefetch gives exactly the cards the store gives', async () => {
    const draft = med('36567', 'draft');
    const fromStore = await sign(ada, [draft]);
    const fromPrefetch = await sign(ada, [draft], { prefetch: fullPrefetch() });
    const mixed = await sign(ada, [draft], { prefetch: { medications: fullPrefetch()['medications'], labs: null } });
    expect(fromPrefetch.status).toBe(200);
    expect(fromPrefetch.body.cards.length).toBeGreaterThan(0);
    expect(fromPrefetch.body.cards).toEqual(fromStore.body.cards);
    expect(mixed.body.cards).toEqual(fromStore.body.cards);
    // Each call is in the audit trail with where its data came from (ids and counts only).
    const calls = (await auditOf('search')).filter((e) => e.detail['via'] === 'cds-hooks');
    expect(calls.map((e) => e.detail['fetched'])).toEqual(expect.arrayContaining(['patient,medications,allergies,conditions,labs,orders', '', 'patient,allergies,conditions,labs,orders']));
    expect(JSON.stringify(calls)).not.toContain('Synthetic');
  });

  it('answers 412 when required prefetch is missing and the patient is unknown to the store, and works once it is sent', async () => {
    const stranger = randomUUID();
    const drafts = [{ ...med('36567', 'draft'), subject: { reference: `Patient/${stranger}` } }];
    const r = await cds<{ error: { code: string; message: string; missing: string[] } }>(`/${SIGN}`, { token: ada.token, body: request(drafts, {}, stranger) });
    expect(r.status).toBe(412);
    expect(r.body.error.missing).toEqual(['patient', 'medications', 'allergies', 'conditions', 'labs', 'orders']);
    const partial = await cds<{ error: { missing: string[] } }>(`/${SIGN}`, { token: ada.token, body: request(drafts, { prefetch: { patient: { resourceType: 'Patient', id: stranger } } }, stranger) });
    expect(partial.status).toBe(412);
    expect(partial.body.error.missing).not.toContain('patient');
    const prefetch = {
      patient: { resourceType: 'Patient', id: stranger, birthDate: '1970-01-01', gender: 'male' },
      medications: bundle({ ...med('21212', 'active'), subject: { reference: `Patient/${stranger}` } }),
      allergies: bundle(), conditions: bundle(), labs: bundle(), orders: bundle(),
    };
    const ok = await cds<{ cards: Card[] }>(`/${SIGN}`, { token: ada.token, body: request(drafts, { prefetch }, stranger) });
    expect(ok.status).toBe(200);
    expect(ok.body.cards[0]?.indicator).toBe('critical');
  });

  it('answers 401 without a token or with a bad one, and 404 for an unknown service', async () => {
    const none = await cds(`/${SIGN}`, { body: request([med('36567', 'draft')]) });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    const bad = await cds(`/${SIGN}`, { token: `${ada.token.slice(0, -4)}AAAA`, body: request([med('36567', 'draft')]) });
    expect(bad.status).toBe(401);
    const unknown = await cds<{ error: { code: string } }>('/patient-view-service', { token: ada.token, body: request([med('36567', 'draft')]) });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
  });

  it('answers 400 with a clear message for a malformed request', async () => {
    const notJson = await cds<{ error: { code: string; message: string } }>(`/${SIGN}`, { token: ada.token, raw: '{"hook": ' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.message).toMatch(/not valid JSON/);
    const noDrafts = await cds<{ error: { message: string; issues: { path: string }[] } }>(`/${SIGN}`, { token: ada.token, body: { hook: 'order-sign', hookInstance: 'x', context: { userId: 'u', patientId } } });
    expect(noDrafts.status).toBe(400);
    expect(noDrafts.body.error.issues.map((i) => i.path).join(' ')).toContain('draftOrders');
    const wrongHook = await cds<{ error: { message: string } }>(`/${SIGN}`, { token: ada.token, body: { ...request([med('36567', 'draft')]), hook: 'order-select' } });
    expect(wrongHook.status).toBe(400);
    expect(wrongHook.body.error.message).toContain('order-sign');
    const badOrder = await cds<{ error: { issues: { path: string }[] } }>(`/${SIGN}`, { token: ada.token, body: request([{ resourceType: 'MedicationRequest', id: 'm1', status: 'draft' }]) });
    expect(badOrder.status).toBe(400);
    expect(badOrder.body.error.issues[0]?.path).toMatch(/^context\.draftOrders\.entry\[0\]\./);
  });

  it('refuses a billing user (403, audited) even for an assigned account', async () => {
    const r = await sign(billing, [med('36567', 'draft')]);
    expect(r.status).toBe(403);
    const denials = (await auditOf('access-denied')).filter((e) => e.userId === billing.userId && e.detail['via'] === 'cds-hooks');
    expect(denials.length).toBeGreaterThan(0);
  });

  it('reads the store only under the caller\'s policy: a clinician outside the care team gets 403 unless the client sends the data', async () => {
    const fromStore = await sign(nurse, [med('36567', 'draft')]);
    expect(fromStore.status).toBe(403);
    const denial = (await auditOf('access-denied')).find((e) => e.userId === nurse.userId);
    expect(denial?.detail['relation']).toBe('none');
    const sent = await sign(nurse, [med('36567', 'draft')], { prefetch: fullPrefetch() });
    expect(sent.status).toBe(200);
    expect(sent.body.cards[0]?.indicator).toBe('critical');
  });

  it('an override of a critical card goes to the audit trail with its reason, and the card still comes back', async () => {
    const drafts = [med('36567', 'draft')];
    const first = await sign(ada, drafts);
    const card = first.body.cards.find((c) => c.indicator === 'critical') as Card;
    const fb = await cds(`/${SIGN}/feedback`, {
      token: ada.token,
      body: { feedback: [{ card: card.uuid, outcome: 'overridden', outcomeTimestamp: new Date().toISOString(), overrideReason: { reason: card.overrideReasons[1], userComment: 'lipid clinic agreed' } }] },
    });
    expect(fb.status).toBe(200);
    const overrides = (await auditOf('cds-override')).filter((e) => e.detail['cardUuid'] === card.uuid);
    expect(overrides).toHaveLength(1);
    expect(overrides[0]?.userId).toBe(ada.userId);
    expect(overrides[0]?.reason).toBe(`${card.overrideReasons[1]?.display ?? ''}: lipid clinic agreed`);
    expect(overrides[0]?.detail['overrideCode']).toBe(card.overrideReasons[1]?.code);
    // Critical is never suppressed.
    const again = await sign(ada, drafts);
    expect(again.body.cards.map((c) => c.uuid)).toContain(card.uuid);
  });

  it('a warning the clinician overrode is not shown to them again for this patient, but is shown to another clinician', async () => {
    const drafts = [med('5640', 'draft')]; // ibuprofen with active warfarin: a warning
    const isWarfarinNsaid = (c: Card) => c.extension['lantern.kbEntry'] === 'ddi/label/warfarin--nsaid';
    const before = await sign(ada, drafts);
    const warning = before.body.cards.find(isWarfarinNsaid) as Card;
    expect(warning.indicator).toBe('warning');
    const fb = await cds(`/${SIGN}/feedback`, {
      token: ada.token,
      body: { feedback: [{ card: warning.uuid, outcome: 'overridden', outcomeTimestamp: new Date().toISOString(), overrideReason: { reason: { code: 'will-monitor', system: 'urn:lantern:cds:override-reason' } } }] },
    });
    expect(fb.status).toBe(200);
    const afterAda = await sign(ada, [med('5640', 'draft')]); // a new draft of the same drug: the same pair
    expect(afterAda.body.cards.some(isWarfarinNsaid)).toBe(false);
    const forBo = await sign(bo, [med('5640', 'draft')]);
    expect(forBo.status).toBe(200);
    expect(forBo.body.cards.some(isWarfarinNsaid)).toBe(true);
  });

  it('refuses feedback with a reason the card does not offer, or on a card never shown to the caller', async () => {
    const first = await sign(ada, [med('36567', 'draft')]);
    const card = first.body.cards[0] as Card;
    const wrong = await cds<{ error: { message: string } }>(`/${SIGN}/feedback`, {
      token: ada.token, body: { feedback: [{ card: card.uuid, outcome: 'overridden', outcomeTimestamp: new Date().toISOString(), overrideReason: { reason: { code: 'too-busy' } } }] },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain('benefit-outweighs-risk');
    const missing = await cds(`/${SIGN}/feedback`, { token: ada.token, body: { feedback: [{ card: card.uuid, outcome: 'overridden', outcomeTimestamp: new Date().toISOString() }] } });
    expect(missing.status).toBe(400);
    const notShown = await cds<{ error: { message: string } }>(`/${SIGN}/feedback`, {
      token: bo.token, body: { feedback: [{ card: randomUUID(), outcome: 'accepted', outcomeTimestamp: new Date().toISOString() }] },
    });
    expect(notShown.status).toBe(400);
    expect(notShown.body.error.message).toContain('no card');
    const accepted = await cds(`/${SIGN}/feedback`, {
      token: ada.token, body: { feedback: [{ card: card.uuid, outcome: 'accepted', outcomeTimestamp: new Date().toISOString(), acceptedSuggestions: [{ id: card.suggestions[0]?.uuid }] }] },
    });
    expect(accepted.status).toBe(200);
    const rows = await server.asOwner(async (c) => (await c.query('SELECT outcome, accepted_suggestions FROM cds_feedback WHERE card_uuid = $1 ORDER BY recorded_at', [card.uuid])).rows);
    expect(rows.at(-1)).toEqual({ outcome: 'accepted', accepted_suggestions: [card.suggestions[0]?.uuid] });
  });

  it('a deactivated clinician is refused at once (401), with a token that has not expired yet', async () => {
    const before = await sign(bo, [med('36567', 'draft')]);
    expect(before.status).toBe(200);
    await must(server.url, 'admin.setUserActive', { userId: bo.userId, active: false }, admin.token);
    expect((await sign(bo, [med('36567', 'draft')])).status).toBe(401);
    const fb = await cds(`/${SIGN}/feedback`, { token: bo.token, body: { feedback: [{ card: before.body.cards[0]?.uuid, outcome: 'accepted', outcomeTimestamp: new Date().toISOString() }] } });
    expect(fb.status).toBe(401);
  });
});
