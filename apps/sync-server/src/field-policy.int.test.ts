/**
 * The field-level policy and version-aware FHIR writes, end to end over real HTTP against a real
 * Postgres: a nurse may hold a medication order but never change its dose, through sync.push, a
 * FHIR PUT or a transaction entry; a FHIR update without a version is 428; a stale one is merged
 * as sync does, and a conflicting dose change overwrites nothing.
 */
import { randomUUID } from 'node:crypto';
import type { PushOutput, PushResult } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirFetch } from './fhir/test-support.ts';
import { login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from './testing/harness.ts';
import { demoPatients, medicationRequest, mutation, type Json } from './testing/fixtures.ts';

let pg: TestPostgres;
let server: TestServer;
let ada: Session;
let ben: Session;
let patientId: string;
let base: string;

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 30, demoHeavyPatient: false });
  patientId = (await demoPatients(server)).careTeam[1] as string;
  [ada, ben] = await Promise.all([login(server.url, 'dr.ada'), login(server.url, 'rn.ben')]);
  base = `${server.url}/fhir/R4`;
}, 180_000);
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

async function push(s: Session, m: Json): Promise<PushResult> {
  const r = (await must<PushOutput>(server.url, 'sync.push', { deviceId: s.deviceId, mutations: [m] }, s.token)).results[0];
  if (r === undefined) throw new Error('no result');
  return r;
}
async function stored(id: string): Promise<{ version: number; resource: Json }> {
  return server.asOwner(async (c) => (await c.query("SELECT version, resource FROM resources WHERE resource_type = 'MedicationRequest' AND id = $1", [id])).rows[0]);
}
const doseOf = (r: Json): unknown => (r['dosageInstruction'] as { doseAndRate: { doseQuantity: { value: number } }[] }[])[0]?.doseAndRate[0]?.doseQuantity.value;
const put = (s: Session, id: string, body: Json, headers: Record<string, string> = {}) =>
  fhirFetch(base, `/MedicationRequest/${id}`, { method: 'PUT', token: s.token, body, headers });
const diagnostics = (body: Json | null): string => String(((body?.['issue'] as Json[] | undefined)?.[0] ?? {})['diagnostics'] ?? '');
async function deniedEvents(s: Session, id: string): Promise<number> {
  return server.asOwner(async (c) => (await c.query("SELECT count(*)::int AS n FROM audit.events WHERE action = 'access-denied' AND outcome = 'denied' AND user_id = $1 AND resource_id = $2", [s.userId, id])).rows[0].n);
}

/** A 5 mg order signed by the physician: version 1. */
async function order(): Promise<string> {
  const id = randomUUID();
  const r = await push(ada, mutation(ada, { op: 'create', patientId, resource: medicationRequest(patientId, id, 5) }));
  expect(r.status).toBe('applied');
  return id;
}

describe('a nurse may not change what a patient receives', () => {
  it('sync.push: a tenfold dose change is rejected FORBIDDEN naming the prescription, audited, nothing written', async () => {
    const id = await order();
    const r = await push(ben, mutation(ben, { op: 'update', patientId, baseVersion: '1', resource: medicationRequest(patientId, id, 50) }));
    expect(r).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
    expect(r.status === 'rejected' && r.message).toMatch(/nurse may not change the prescription of a MedicationRequest/);
    const s = await stored(id);
    expect([s.version, doseOf(s.resource)]).toEqual([1, 5]);
    expect(await deniedEvents(ben, id)).toBe(1);
  });

  it('sync.push: holding an active order (status and reason only) applies; re-activating a stopped one does not', async () => {
    const id = await order();
    const held = medicationRequest(patientId, id, 5, { status: 'on-hold', statusReason: { text: 'NPO before procedure' } });
    expect(await push(ben, mutation(ben, { op: 'update', patientId, baseVersion: '1', resource: held }))).toMatchObject({ status: 'applied', version: '2' });
    expect((await stored(id)).resource['status']).toBe('on-hold');

    const stopped = await order();
    expect((await push(ada, mutation(ada, { op: 'update', patientId, baseVersion: '1', resource: medicationRequest(patientId, stopped, 5, { status: 'stopped' }) }))).status).toBe('applied');
    const again = await push(ben, mutation(ben, { op: 'update', patientId, baseVersion: '2', resource: medicationRequest(patientId, stopped, 5) }));
    expect(again).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
    expect((await stored(stopped)).resource['status']).toBe('stopped');
  });

  it('FHIR PUT: the dose change is 403 OperationOutcome, audited; a hold with If-Match is 200', async () => {
    const id = await order();
    const denied = await put(ben, id, medicationRequest(patientId, id, 50), { 'if-match': 'W/"1"' });
    expect(denied.status).toBe(403);
    expect(denied.body?.['resourceType']).toBe('OperationOutcome');
    expect(diagnostics(denied.body)).toMatch(/prescription/);
    expect(doseOf((await stored(id)).resource)).toBe(5);
    expect(await deniedEvents(ben, id)).toBe(1);

    const hold = await put(ben, id, medicationRequest(patientId, id, 5, { status: 'on-hold' }), { 'if-match': 'W/"1"' });
    expect(hold.status).toBe(200);
    expect(hold.headers.get('etag')).toBe('W/"2"');
  });

  it('FHIR transaction: an entry changing the dose refuses the whole Bundle with 403', async () => {
    const id = await order();
    const bundle = {
      resourceType: 'Bundle', type: 'transaction',
      entry: [{ resource: medicationRequest(patientId, id, 50), request: { method: 'PUT', url: `MedicationRequest/${id}`, ifMatch: 'W/"1"' } }],
    };
    const r = await fhirFetch(base, '/', { method: 'POST', token: ben.token, body: bundle });
    expect(r.status).toBe(403);
    expect(diagnostics(r.body)).toMatch(/Bundle\.entry\[0\].*prescription/);
    expect((await stored(id)).version).toBe(1);
  });
});

describe('FHIR writes are version-aware', () => {
  it('an update or delete without If-Match and without meta.versionId is 428; meta.versionId alone is a base', async () => {
    const id = await order();
    const body = medicationRequest(patientId, id, 5, { note: [{ text: 'take with food' }] });
    const r = await put(ada, id, body);
    expect(r.status).toBe(428);
    expect(diagnostics(r.body)).toMatch(/If-Match/);
    const del = await fhirFetch(base, `/MedicationRequest/${id}`, { method: 'DELETE', token: ada.token });
    expect(del.status).toBe(428);
    expect((await stored(id)).version).toBe(1);

    const withMeta = await put(ada, id, { ...body, meta: { versionId: '1' } });
    expect(withMeta.status).toBe(200);
    expect(withMeta.headers.get('etag')).toBe('W/"2"');
  });

  it('a stale If-Match changing the dose conflicts (409) and the server copy is unchanged; a stale note-only edit merges', async () => {
    const id = await order();
    // A workstation holds the order meanwhile (version 2).
    expect((await push(ben, mutation(ben, { op: 'update', patientId, baseVersion: '1', resource: medicationRequest(patientId, id, 5, { status: 'on-hold' }) }))).status).toBe('applied');

    const stale = await put(ada, id, medicationRequest(patientId, id, 10), { 'if-match': 'W/"1"' });
    expect(stale.status).toBe(409);
    expect(diagnostics(stale.body)).toMatch(/changed on the server since version 1/);
    const s = await stored(id);
    expect([s.version, doseOf(s.resource), s.resource['status']]).toEqual([2, 5, 'on-hold']);

    const note = await put(ada, id, medicationRequest(patientId, id, 5, { note: [{ text: 'check BP before each dose' }] }), { 'if-match': 'W/"1"' });
    expect(note.status).toBe(200);
    const merged = await stored(id);
    expect([merged.version, merged.resource['status'], (merged.resource['note'] as Json[])[0]?.['text']]).toEqual([3, 'on-hold', 'check BP before each dose']);
  });

  it('a base the server never had is 412', async () => {
    const id = await order();
    const r = await put(ada, id, medicationRequest(patientId, id, 5), { 'if-match': 'W/"9"' });
    expect(r.status).toBe(412);
  });

  it('the CapabilityStatement says updates are versioned', async () => {
    const r = await fhirFetch(base, '/metadata');
    const rest = (r.body?.['rest'] as Json[])[0] as Json;
    const med = (rest['resource'] as Json[]).find((x) => x['type'] === 'MedicationRequest');
    expect(med?.['versioning']).toBe('versioned-update');
    expect(String((rest['security'] as Json)['description'])).toMatch(/If-Match/);
  });
});
