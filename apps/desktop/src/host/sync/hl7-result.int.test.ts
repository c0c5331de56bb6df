/**
 * A lab result that arrives at the server by HL7 v2 (ORU^R01 over a real MLLP socket) is on the
 * ordering physician's workstation after its next sync: the real workstation host (encrypted store,
 * session, sync loop) against the real server (its test harness, embedded Postgres). What the
 * physician sees: the new potassium with its flag and range in the lab trend, and the order completed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The server's harness and HL7 v2 pieces, for tests only: the host imports nothing of the server but its router type.
import { login, type Session, type TestServer } from '../../../../sync-server/src/testing/harness.ts';
import { demoPatients } from '../../../../sync-server/src/testing/fixtures.ts';
import { registerInterface } from '../../../../sync-server/src/hl7v2/interfaces.ts';
import { MllpConnection } from '../../../../sync-server/src/hl7v2/mllp.ts';
import type { Host } from '../serve/create-host.ts';
import { hostWithTestServer, type HostWithTestServer } from './testing/host-with-test-server.ts';

let t: HostWithTestServer | undefined;
let server: TestServer;
let host: Host;
let ada: Session;
let patientId = '';

beforeAll(async () => {
  t = await hostWithTestServer({ server: { demoPatients: 20, hl7: { port: 0 } }, host: { autoLockMs: 30 * 60_000 } });
  ({ server, host } = t);
  await registerInterface(server.pool, { sendingApplication: 'ACMELAB', sendingFacility: 'ACME', kind: 'lab', now: new Date(), passwordCost: { memoryCost: 4096, timeCost: 2 } });
  patientId = (await demoPatients(server)).careTeam[0] ?? '';
  ada = await login(server.url, 'dr.ada');
}, 180_000);

afterAll(async () => {
  await t?.close();
}, 60_000);

describe('an HL7 v2 result on the workstation', () => {
  it('reaches the ordering physician on the next sync, flagged, with its range, and the order reads completed', async () => {
    const s = host.services;
    await s.session.signIn('dr.ada', 'lantern-demo');
    const placed = await fetch(`${server.url}/fhir/R4/ServiceRequest`, {
      method: 'POST', headers: { authorization: `Bearer ${ada.token}`, 'content-type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'ServiceRequest', status: 'active', intent: 'order',
        category: [{ coding: [{ system: 'http://snomed.info/sct', code: '108252007', display: 'Laboratory procedure' }] }],
        code: { coding: [{ system: 'http://loinc.org', code: '2823-3', display: 'Potassium' }], text: 'Potassium' },
        subject: { reference: `Patient/${patientId}` }, authoredOn: new Date().toISOString(),
      }),
    });
    expect(placed.status).toBe(201);
    const orderId = String(((await placed.json()) as { id: string }).id);
    await s.sync.runOnce();
    expect((await s.sync.status()).lastError).toBeNull();
    const patient = s.store.getResource(patientId);
    const identifiers = patient.ok && patient.value?.resourceType === 'Patient' ? (patient.value.identifier ?? []) : [];
    const mrn = identifiers.find((i) => i.system === 'urn:lantern:mrn')?.value ?? '';
    expect(mrn).not.toBe('');
    const seriesBefore = s.store.labSeries(patientId, '2823-3');
    const before = seriesBefore.ok ? seriesBefore.value.points.length : -1;

    const conn = await MllpConnection.open('127.0.0.1', server.hl7?.port ?? 0);
    const ack = await conn.send([
      'MSH|^~\\&|ACMELAB|ACME|LANTERN|LANTERN|20261204083000||ORU^R01|WS-1|P|2.5.1',
      `PID|1||${mrn}^^^LANTERN^MR`,
      `ORC|RE|${orderId}`,
      `OBR|1|${orderId}|F-1|2823-3^Potassium^LN|||20261204070000||||||||||||||||||F`,
      'OBX|1|NM|2823-3^Potassium^LN||6.4|mmol/L^mmol/L^UCUM|3.5-5.1|H|||F',
    ].join('\r'));
    conn.close();
    expect(ack).toContain('MSA|AA|WS-1');

    await s.sync.runOnce();
    const series = s.store.labSeries(patientId, '2823-3');
    if (!series.ok) throw series.error;
    expect(series.value.points.length).toBe(before + 1);
    const point = series.value.points.find((p) => p.value === 6.4);
    expect(point).toMatchObject({ unit: 'mmol/L', referenceRange: { low: 3.5, high: 5.1 } });
    expect(point?.interpretation).not.toBeNull();
    const order = s.store.getResource(orderId);
    expect(order.ok && order.value?.resourceType === 'ServiceRequest' ? order.value.status : null).toBe('completed');
  }, 120_000);
});
