/**
 * Liveness on the FHIR API and CDS Hooks: a verified access token is cached for a few seconds,
 * but a deactivated user or device is refused on the very next request, within the token's life.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';

let pg: TestPostgres;
let server: TestServer;
let admin: Session;
let patientId: string;

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 3, demoHeavyPatient: false });
  admin = await login(server.url, 'admin.eve');
  const ada = await login(server.url, 'dr.ada');
  const r = await server.asOwner((c) => c.query('SELECT patient_id FROM care_team WHERE user_id = $1 LIMIT 1', [ada.userId]));
  patientId = (r.rows[0] as { patient_id: string }).patient_id;
});
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

const fhirRead = (s: Session) => fetch(`${server.url}/fhir/R4/Patient/${patientId}`, { headers: { authorization: `Bearer ${s.token}` } });
const cdsCall = (s: Session) => fetch(`${server.url}/cds-services/lantern-order-sign`, {
  method: 'POST', headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
  body: JSON.stringify({
    hook: 'order-sign', hookInstance: randomUUID(), context: { userId: 'Practitioner/example', patientId, draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: {
      resourceType: 'MedicationRequest', id: randomUUID(), status: 'draft', intent: 'order', subject: { reference: `Patient/${patientId}` },
      medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '36567' }] },
    } }] } },
  }),
});

describe('FHIR and CDS Hooks liveness', () => {
  it('a deactivated user gets 401 on the next FHIR read, although the token is cached and unexpired', async () => {
    const ada = await login(server.url, 'dr.ada');
    expect((await fhirRead(ada)).status).toBe(200); // verified and now cached
    await must(server.url, 'admin.setUserActive', { userId: ada.userId, active: false }, admin.token);
    const after = await fhirRead(ada);
    expect(after.status).toBe(401);
    expect(((await after.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
    await must(server.url, 'admin.setUserActive', { userId: ada.userId, active: true }, admin.token);
    expect((await fhirRead(ada)).status).toBe(200);
  });

  it('a deactivated device gets 401 on the next FHIR read and the next CDS Hooks call', async () => {
    const ada = await login(server.url, 'dr.ada');
    expect((await fhirRead(ada)).status).toBe(200);
    const ok = await cdsCall(ada);
    expect(ok.status, JSON.stringify(await ok.clone().json())).toBe(200);
    await must(server.url, 'admin.setDeviceActive', { deviceId: ada.deviceId, active: false }, admin.token);
    expect((await fhirRead(ada)).status).toBe(401);
    expect((await cdsCall(ada)).status).toBe(401);
  });
});
