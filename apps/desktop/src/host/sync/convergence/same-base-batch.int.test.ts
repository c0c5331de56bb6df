/**
 * Found by the convergence test: a clinician edits the same record twice while offline. Both edits
 * carry the server version the record had (the local copy keeps it until the server answers), and
 * both go up in one push. The server used to refuse the second as "baseVersion unknown"
 * (VERSION_MISMATCH), sending a valid edit to the refusal inbox; it must merge it onto the first.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newMutation, unwrap, type Observation } from '@lantern/core';
import { startTestPostgres, startTestServer, type TestPostgres, type TestServer } from '../../../../../sync-server/src/testing/harness.ts';
import { demoPatients } from '../../../../../sync-server/src/testing/fixtures.ts';
import { ephemeralDeviceKey } from '../../session/device-key.ts';
import { createServerApi } from '../server-api.ts';

let pg: TestPostgres;
let server: TestServer;
beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 20, demoHeavyPatient: false });
}, 180_000);
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

it('two offline edits of one record on the same base, pushed together: the second merges onto the first, none refused', async () => {
  const deviceId = randomUUID();
  const api = createServerApi({ baseUrl: server.url, device: ephemeralDeviceKey(deviceId), timeoutMs: 30_000 });
  const login = await api.login({ username: 'dr.ada', password: 'lantern-demo', deviceId });
  const patientId = (await demoPatients(server)).careTeam[0] ?? '';
  const origin = () => ({ mutationId: randomUUID(), deviceId, userId: login.user.userId, createdAt: new Date(), patientId });
  const obs: Observation = {
    resourceType: 'Observation', id: randomUUID(), status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
    subject: { reference: `Patient/${patientId}` }, effectiveDateTime: new Date().toISOString(),
    valueQuantity: { value: 88, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
  };
  const created = await api.push(login.accessToken, { deviceId, mutations: [unwrap(newMutation({ ...origin(), op: 'create', resource: obs }))] });
  expect(created.results[0]).toMatchObject({ status: 'applied', version: '1' });

  // Offline: a method, then a body site, on the same local copy (still at version 1).
  const first = { ...obs, method: { text: 'auscultation' } };
  const second = { ...first, bodySite: { text: 'left wrist' } };
  const out = await api.push(login.accessToken, { deviceId, mutations: [
    unwrap(newMutation({ ...origin(), op: 'update', resource: first, baseVersion: '1' })),
    unwrap(newMutation({ ...origin(), op: 'update', resource: second, baseVersion: '1' })),
  ] });
  expect(out.results.map((r) => r.status)).toEqual(['applied', 'merged']);
  const last = out.results[1];
  expect(last?.status === 'merged' ? last.resource : null).toMatchObject({ method: { text: 'auscultation' }, bodySite: { text: 'left wrist' }, meta: { versionId: '3' } });
});
