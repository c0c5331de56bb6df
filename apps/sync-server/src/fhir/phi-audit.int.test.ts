/**
 * Every FHIR path that returns PHI writes an audit event (HIPAA 164.312(b)): a conditional create
 * that answers with an existing record is a read, and resources added by `_include` /
 * `_revinclude` are disclosures of their own type, audited per patient.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPatients, observation } from '../testing/fixtures.ts';
import { login, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';
import { fhirFetch } from './test-support.ts';

let pg: TestPostgres;
let server: TestServer;
let base: string;
let ada: Session;
let careTeam: string[];

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 8, demoHeavyPatient: false });
  base = `${server.url}/fhir/R4`;
  careTeam = (await demoPatients(server)).careTeam;
  ada = await login(server.url, 'dr.ada');
}, 120_000);
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

interface Row { action: string; patient_id: string | null; resource_type: string | null; resource_id: string | null; detail: Record<string, unknown> }
const eventsSince = async (seq: number): Promise<Row[]> =>
  (await server.asOwner((c) => c.query('SELECT action, patient_id, resource_type, resource_id, detail FROM audit.events WHERE seq > $1 ORDER BY seq', [seq]))).rows as Row[];
const head = async (): Promise<number> => Number((await server.asOwner((c) => c.query('SELECT coalesce(max(seq), 0) AS s FROM audit.events'))).rows[0].s);

describe('PHI audit completeness', () => {
  it('a conditional create that answers with an existing record audits it as a read of that record', async () => {
    const pid = careTeam[0] as string;
    const value = randomUUID();
    const body = { ...observation(pid, 'x', 88), id: undefined, identifier: [{ system: 'urn:lantern:test', value }] };
    const headers = { 'if-none-exist': `identifier=urn:lantern:test|${value}` };
    const first = await fhirFetch(base, '/Observation', { method: 'POST', token: ada.token, body, headers });
    expect(first.status).toBe(201);
    const before = await head();
    const again = await fhirFetch(base, '/Observation', { method: 'POST', token: ada.token, body, headers });
    expect(again.status).toBe(200);
    expect(again.body?.['id']).toBe(first.body?.['id']);
    const reads = (await eventsSince(before)).filter((e) => e.action === 'resource-read');
    expect(reads).toEqual([expect.objectContaining({ patient_id: pid, resource_type: 'Observation', resource_id: first.body?.['id'], detail: expect.objectContaining({ interaction: 'conditional-create', via: 'fhir' }) })]);
  });

  it('a conditional create inside a transaction bundle is audited too, in the bundle\'s own transaction', async () => {
    const pid = careTeam[1] as string;
    const value = randomUUID();
    const resource = { ...observation(pid, 'x', 77), id: undefined, identifier: [{ system: 'urn:lantern:test', value }] };
    const entry = { fullUrl: `urn:uuid:${randomUUID()}`, resource, request: { method: 'POST', url: 'Observation', ifNoneExist: `identifier=urn:lantern:test|${value}` } };
    const first = await fhirFetch(base, '/', { method: 'POST', token: ada.token, body: { resourceType: 'Bundle', type: 'transaction', entry: [entry] } });
    expect(first.status).toBe(200);
    const before = await head();
    const second = await fhirFetch(base, '/', { method: 'POST', token: ada.token, body: { resourceType: 'Bundle', type: 'transaction', entry: [{ ...entry, fullUrl: `urn:uuid:${randomUUID()}` }] } });
    expect(second.status).toBe(200);
    const reads = (await eventsSince(before)).filter((e) => e.action === 'resource-read' && e.detail['interaction'] === 'conditional-create');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ patient_id: pid, resource_type: 'Observation' });
  });

  it('_include and _revinclude audit the included resources per patient and type', async () => {
    const pid = careTeam[2] as string;
    const before = await head();
    const inc = await fhirFetch(base, `/Observation?patient=${pid}&_include=Observation:patient&_count=5`, { token: ada.token });
    expect(inc.status).toBe(200);
    const entries = (inc.body?.['entry'] as { search: { mode: string }; resource: { resourceType: string } }[] | undefined) ?? [];
    expect(entries.some((e) => e.search.mode === 'include' && e.resource.resourceType === 'Patient')).toBe(true);
    const events = await eventsSince(before);
    expect(events).toContainEqual(expect.objectContaining({ action: 'search', patient_id: pid, resource_type: 'Patient', detail: expect.objectContaining({ interaction: 'search-include', count: 1 }) }));

    const mark = await head();
    const rev = await fhirFetch(base, `/Patient?_id=${pid}&_revinclude=Observation:patient`, { token: ada.token });
    expect(rev.status).toBe(200);
    const revEvents = await eventsSince(mark);
    expect(revEvents).toContainEqual(expect.objectContaining({ action: 'search', patient_id: pid, resource_type: 'Observation', detail: expect.objectContaining({ interaction: 'search-include' }) }));
  });
});
