/**
 * Round-trips the official HL7 FHIR R4 examples (npm package hl7.fhir.r4.examples) of every type
 * Lantern serves through create and read, over real HTTP against a real Postgres. Every response
 * body must validate against the R4 JSON schema. An example Lantern does not accept (it references
 * a type Lantern does not store, names a patient Lantern does not hold — which the access policy
 * refuses before anything else, so existence does not leak — or is too large) must be refused with
 * a 4xx OperationOutcome, never a 500; those are counted and reported.
 *
 * Patients enter Lantern as workstations create them: a care-team assignment, then a PUT with a
 * client-chosen UUID (update-as-create). Practitioners are created by an admin. References to the
 * example patients are pointed at their Lantern ids, as an integrator's mapping would.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';
import { FHIR_TYPES } from './registry.ts';
import { fhirFetch, schemaErrors } from './test-support.ts';

type Json = Record<string, unknown>;
const require = createRequire(import.meta.url);
const EXAMPLES_DIR = dirname(require.resolve('hl7.fhir.r4.examples/package.json'));

function examplesOf(type: string): { file: string; resource: Json }[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.startsWith(`${type}-`) && f.endsWith('.json'))
    .map((file) => ({ file, resource: JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as Json }))
    .filter((e) => e.resource['resourceType'] === type);
}

/** Replaces `Patient/<example id>` references with the Lantern ids of the created example patients. */
function mapPatients(v: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(v)) return v.map((x) => mapPatients(x, ids));
  if (typeof v !== 'object' || v === null) return v;
  const out: Json = {};
  for (const [k, x] of Object.entries(v)) {
    const m = k === 'reference' && typeof x === 'string' ? /^Patient\/(.+)$/.exec(x) : null;
    out[k] = m !== null && ids.has(m[1] as string) ? `Patient/${ids.get(m[1] as string) as string}` : mapPatients(x, ids);
  }
  return out;
}

/** The content a client sent, without what the server owns (id, meta.versionId, meta.lastUpdated). */
function content(r: Json): Json {
  const { id: _id, meta, ...rest } = r;
  const { versionId: _v, lastUpdated: _l, ...m } = (meta ?? {}) as Json;
  return Object.keys(m).length === 0 ? rest : { ...rest, meta: m };
}

let pg: TestPostgres;
let server: TestServer;
let base: string;
let ada: Session;
let admin: Session;

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 1, demoHeavyPatient: false });
  base = `${server.url}/fhir/R4`;
  [ada, admin] = await Promise.all([login(server.url, 'dr.ada'), login(server.url, 'admin.eve')]);
});
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

describe('official HL7 R4 examples', () => {
  it('round-trip through create and read; the rest are refused with a 4xx OperationOutcome', async () => {
    const patientIds = new Map<string, string>();
    const tally = { examples: 0, roundTripped: 0, refused: 0 };
    let patientConflicts = 0;
    const refusals: string[] = [];
    const perType: Record<string, string> = {};

    for (const { type } of FHIR_TYPES) {
      let ok = 0;
      const examples = examplesOf(type);
      for (const { file, resource } of examples) {
        tally.examples += 1;
        let created;
        let sent: Json;
        if (type === 'Patient') {
          const id = randomUUID();
          await must(server.url, 'admin.assignCareTeam', { userId: ada.userId, patientId: id, assigned: true }, admin.token);
          sent = { ...resource, id };
          created = await fhirFetch<Json>(base, `/Patient/${id}`, { method: 'PUT', token: ada.token, body: sent });
          if (created.status === 201) patientIds.set(String(resource['id']), id);
        } else {
          sent = mapPatients(resource, patientIds) as Json;
          created = await fhirFetch<Json>(base, `/${type}`, { method: 'POST', token: type === 'Practitioner' ? admin.token : ada.token, body: sent });
        }
        expect(schemaErrors(created.body), `${file}: ${created.text.slice(0, 200)}`).toEqual([]);
        if (created.status === 201) {
          const id = String(created.body?.['id']);
          const read = await fhirFetch<Json>(base, `/${type}/${id}`, { token: ada.token });
          expect(read.status, file).toBe(200);
          expect(schemaErrors(read.body), file).toEqual([]);
          // A registered patient gains the enterprise MRN the server assigns; everything the client sent is kept as sent.
          const readBack = content(read.body as Json);
          if (type === 'Patient' && Array.isArray(readBack['identifier'])) {
            const assigned = (readBack['identifier'] as Json[]).filter((i) => i['system'] === 'urn:lantern:mrn');
            expect(assigned, file).toHaveLength(1);
            const kept = (readBack['identifier'] as Json[]).filter((i) => i['system'] !== 'urn:lantern:mrn');
            if (kept.length === 0) delete readBack['identifier']; else readBack['identifier'] = kept;
          }
          expect(readBack, file).toEqual(content(JSON.parse(JSON.stringify(sent)) as Json));
          expect((read.body?.['meta'] as Json)['versionId']).toBe('1');
          tally.roundTripped += 1;
          ok += 1;
        } else {
          // Refused: a client error with an OperationOutcome that says why, never a server error.
          expect([400, 403, 409, 413, 422], `${file}: ${created.text.slice(0, 300)}`).toContain(created.status);
          expect(created.body?.['resourceType']).toBe('OperationOutcome');
          tally.refused += 1;
          if (type === 'Patient' && created.status === 409) patientConflicts += 1;
          const issue = (created.body?.['issue'] as { diagnostics?: string }[])[0];
          refusals.push(`${file} (${created.status}): ${issue?.diagnostics ?? ''}`);
        }
      }
      perType[type] = `${ok}/${examples.length}`;
    }
    console.log(`HL7 R4 examples: ${tally.roundTripped} of ${tally.examples} round-tripped, ${tally.refused} refused`);
    console.log(`per type: ${JSON.stringify(perType)}`);
    console.log(`refusals:\n  ${refusals.join('\n  ')}`);
    expect(tally.examples).toBeGreaterThan(200);
    expect(tally.roundTripped + tally.refused).toBe(tally.examples);
    // Every Patient example is accepted except one that reuses another example's identifier (the same
    // SSN): identifiers are unique per system, so that is a 409 conflict, not a second patient.
    expect(patientConflicts).toBeLessThanOrEqual(1);
    expect(perType['Patient']).toBe(`${examplesOf('Patient').length - patientConflicts}/${examplesOf('Patient').length}`);
    expect(tally.roundTripped).toBeGreaterThanOrEqual(100);
  });
});
