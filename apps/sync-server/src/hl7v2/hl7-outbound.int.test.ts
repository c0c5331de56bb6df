/**
 * Lab orders out: a physician signs a lab order, the server sends ORM^O01 over MLLP to the lab
 * configured as an HL7 v2 endpoint (a real TCP listener here), retries with back-off while the lab
 * answers AE, and records the order as acknowledged once it answers AA. A draft is never sent.
 */
import { ENTERPRISE_MRN_SYSTEM } from '@lantern/core/mpi';
import { Message } from 'node-hl7-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirFetch } from '../fhir/test-support.ts';
import { login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';
import { buildAck } from './ack.ts';
import { accepted, appError, parseMessage } from './message.ts';
import { startMllpListener, type MllpListener } from './mllp.ts';

type Json = Record<string, unknown>;
let pg: TestPostgres;
let server: TestServer;
let lab: MllpListener;
let ada: Session;
let admin: Session;
let patientId: string;
let mrn: string;
const received: string[] = [];
/** The lab answers AE to the first delivery of each order (busy), AA after. */
const seen = new Set<string>();

beforeAll(async () => {
  lab = await startMllpListener({
    host: '127.0.0.1', port: 0,
    onMessage: (text) => {
      received.push(text);
      const parsed = parseMessage(text);
      const placer = parsed.ok ? parsed.message.get('ORC.2').toString() : '';
      const first = !seen.has(placer);
      seen.add(placer);
      return Promise.resolve(buildAck(parsed.header, first ? appError({ condition: '207', text: 'busy' }) : accepted(null), new Date()));
    },
  });
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 20, demoHeavyPatient: false, hl7: { labEndpoint: { host: '127.0.0.1', port: lab.port } } });
  ada = await login(server.url, 'dr.ada');
  admin = await login(server.url, 'admin.eve');
  const rows = await server.asOwner(async (c) => (await c.query(
    "SELECT ct.patient_id::text AS p, r.resource FROM care_team ct JOIN users u ON u.id = ct.user_id JOIN resources r ON r.resource_type = 'Patient' AND r.id = ct.patient_id::text WHERE u.username = 'dr.ada' ORDER BY 1 LIMIT 1",
  )).rows as { p: string; resource: Json }[]);
  patientId = rows[0]?.p ?? '';
  mrn = (rows[0]?.resource['identifier'] as { system: string; value: string }[]).find((i) => i.system === ENTERPRISE_MRN_SYSTEM)?.value ?? '';
}, 180_000);

afterAll(async () => {
  await server?.close();
  await lab?.close();
  await pg?.stop();
});

async function place(status: 'active' | 'draft'): Promise<string> {
  const r = await fhirFetch<Json>(`${server.url}/fhir/R4`, '/ServiceRequest', {
    method: 'POST', token: ada.token, body: {
      resourceType: 'ServiceRequest', status, intent: 'order', priority: 'routine',
      category: [{ coding: [{ system: 'http://snomed.info/sct', code: '108252007', display: 'Laboratory procedure' }] }],
      code: { coding: [{ system: 'http://loinc.org', code: '2823-3', display: 'Potassium' }], text: 'Potassium' },
      subject: { reference: `Patient/${patientId}` }, authoredOn: new Date().toISOString(),
    },
  });
  expect(r.status).toBe(201);
  return String(r.body?.['id']);
}

async function waitFor<T>(what: () => Promise<T | null>, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (v !== null) return v;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('ORM^O01 to the lab', () => {
  it('sends a signed lab order with its placer order number, retries after AE, and records the AA', async () => {
    const draft = await place('draft');
    const orderId = await place('active');
    type Out = { serviceRequestId: string; status: string; attempts: number; lastError: string | null };
    const done = await waitFor(async () => {
      const list = await must<Out[]>(server.url, 'hl7.outbound', {}, admin.token);
      return list.find((o) => o.serviceRequestId === orderId && o.status === 'acked') ?? null;
    });
    expect(done.attempts).toBe(2);
    const mine = received.map((t) => new Message({ text: t })).filter((m) => m.get('ORC.2').toString() === orderId);
    expect(mine).toHaveLength(2);
    const orm = mine[0];
    expect(orm?.get('MSH.9.1').toString()).toBe('ORM');
    expect(orm?.get('MSH.9.2').toString()).toBe('O01');
    expect(orm?.get('ORC.1').toString()).toBe('NW');
    expect(orm?.get('OBR.2').toString()).toBe(orderId);
    expect(orm?.get('OBR.4.1').toString()).toBe('2823-3');
    expect(orm?.get('PID.3.1').toString()).toBe(mrn);
    // The same message (same control id) is sent again, so the lab can de-duplicate.
    expect(mine[1]?.get('MSH.10').toString()).toBe(orm?.get('MSH.10').toString());
    expect(received.some((t) => t.includes(draft))).toBe(false);
    const audit = await server.asOwner(async (c) => (await c.query("SELECT outcome FROM audit.events WHERE action = 'export' AND resource_id = $1", [orderId])).rows as { outcome: string }[]);
    expect(audit).toEqual([{ outcome: 'success' }]);
  }, 60_000);
});
