/**
 * The demo's simulated lab against a real embedded Postgres: a physician signs a lab order through
 * the FHIR API, and a few seconds later the order has a final DiagnosticReport based on it, with
 * interpreted Observations, filed by the lab account through the FHIR API and audited under it.
 * Draft orders get nothing.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDatabase, withClient } from '../db/database.ts';
import { fhirFetch, schemaErrors } from '../fhir/test-support.ts';
import { startServer, type RunningServer } from '../server.ts';
import { login, startTestPostgres, type Session, type TestPostgres } from '../testing/harness.ts';
import { LAB_USERNAME } from './lab-account.ts';

let pg: TestPostgres;
let server: RunningServer;
let dataDir: string;
let ada: Session;
let patientId: string;

type Json = Record<string, unknown>;
const asOwner = <T>(sql: string, values: unknown[]) => withClient(server.databaseOwnerUrl, async (c) => (await c.query(sql, values)).rows as T[]);

beforeAll(async () => {
  pg = await startTestPostgres();
  dataDir = await mkdtemp(join(tmpdir(), 'lantern-lab-'));
  const databaseUrl = await ensureDatabase(pg.superuserUrl, `t_${randomUUID().replace(/-/g, '').slice(0, 12)}`);
  server = await startServer({
    port: 0, host: '127.0.0.1', dataDir, databaseUrl, logLevel: 'silent', tokenSecret: `test-secret-${randomUUID()}`, fastUnsafeDb: true,
    passwordCost: { memoryCost: 4096, timeCost: 2 }, demo: true, demoPatients: 25, demoHeavyPatient: false,
    labSimulator: { resultDelayMs: 1500, pollMs: 250 },
  });
  ada = await login(server.url, 'dr.ada');
  const rows = await asOwner<{ p: string }>("SELECT ct.patient_id AS p FROM care_team ct JOIN users u ON u.id = ct.user_id WHERE u.username = 'dr.ada' ORDER BY 1 LIMIT 1", []);
  patientId = rows[0]?.p ?? '';
}, 120_000);

afterAll(async () => {
  await server?.close();
  await pg?.stop();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

const order = (status: 'active' | 'draft', loinc: string, text: string) => ({
  resourceType: 'ServiceRequest', status, intent: 'order', priority: 'routine',
  category: [{ coding: [{ system: 'http://snomed.info/sct', code: '108252007', display: 'Laboratory procedure' }] }],
  code: { coding: [{ system: 'http://loinc.org', code: loinc, display: text }], text },
  subject: { reference: `Patient/${patientId}` }, authoredOn: new Date().toISOString(),
  requester: { reference: 'Practitioner/00000000-0000-4000-8000-000000000001', display: 'Dr. Ada' },
});

async function place(body: Json): Promise<string> {
  const r = await fhirFetch<Json>(`${server.url}/fhir/R4`, '/ServiceRequest', { method: 'POST', token: ada.token, body });
  expect(r.status).toBe(201);
  return String(r.body?.['id']);
}

async function reportsFor(orderId: string): Promise<Json[]> {
  const rows = await asOwner<{ resource: Json }>("SELECT resource FROM resources WHERE resource_type = 'DiagnosticReport' AND NOT deleted AND resource->'basedOn' @> $1::jsonb", [JSON.stringify([{ reference: `ServiceRequest/${orderId}` }])]);
  return rows.map((r) => r.resource);
}

async function waitFor<T>(what: () => Promise<T | null>, ms = 45_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (v !== null) return v;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('simulated lab', () => {
  it('answers a signed BMP with a final report of five flagged results, based on the order, through FHIR', async () => {
    const orderId = await place(order('active', '51990-0', 'Basic metabolic panel (BMP)'));
    const report = await waitFor(async () => (await reportsFor(orderId)).find((r) => r['status'] === 'final') ?? null);
    expect(schemaErrors(report)).toEqual([]);
    expect(report['basedOn']).toEqual([{ reference: `ServiceRequest/${orderId}` }]);
    const refs = (report['result'] as { reference: string }[]).map((r) => r.reference);
    expect(refs).toHaveLength(5);
    // Read back as the ordering physician, through the API: every result is there with a flag and a range.
    for (const ref of refs) {
      const obs = await fhirFetch<Json>(`${server.url}/fhir/R4`, `/${ref}`, { token: ada.token });
      expect(obs.status).toBe(200);
      const interp = (obs.body?.['interpretation'] as { coding: { code: string }[] }[])[0]?.coding[0]?.code;
      expect(interp).toMatch(/^(N|H|L|HH|LL)$/);
      expect(obs.body?.['basedOn']).toEqual([{ reference: `ServiceRequest/${orderId}` }]);
    }
    // The order itself is untouched by the lab.
    const sr = await fhirFetch<Json>(`${server.url}/fhir/R4`, `/ServiceRequest/${orderId}`, { token: ada.token });
    expect(sr.body?.['status']).toBe('active');
    expect((sr.body?.['meta'] as Json)['versionId']).toBe('1');
  }, 90_000);

  it('files results as the lab account, audited like any write: registered first (in progress), then final', async () => {
    const orderId = await place(order('active', '2823-3', 'Potassium, serum'));
    const report = await waitFor(async () => (await reportsFor(orderId)).find((r) => r['status'] === 'final') ?? null);
    const rows = await asOwner<{ action: string; resource_type: string }>(
      "SELECT e.action, e.resource_type FROM audit.events e JOIN users u ON u.id::text = e.user_id WHERE u.username = $1 AND e.resource_id = $2 ORDER BY e.seq",
      [LAB_USERNAME, String(report['id'])],
    );
    expect(rows.map((r) => r.action)).toEqual(['resource-create', 'resource-update']);
    const history = await fhirFetch<Json>(`${server.url}/fhir/R4`, `/DiagnosticReport/${String(report['id'])}/_history`, { token: ada.token });
    const statuses = ((history.body?.['entry'] as { resource: Json }[] | undefined) ?? []).map((e) => e.resource['status']);
    expect(statuses.sort()).toEqual(['final', 'registered']);
  }, 90_000);

  it('leaves a draft order alone', async () => {
    const orderId = await place(order('draft', '4548-4', 'Hemoglobin A1c'));
    await new Promise((r) => setTimeout(r, 3000));
    expect(await reportsFor(orderId)).toEqual([]);
  }, 30_000);
});
