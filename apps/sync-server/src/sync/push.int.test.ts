/**
 * sync.push against a real embedded Postgres over real HTTP: two workstations editing the same
 * patient offline, retries, stale versions, invalid input.
 */
import { randomUUID } from 'node:crypto';
import type { PushOutput, PushResult } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';
import { demoPatients, medicationRequest, mutation, note, type Json } from '../testing/fixtures.ts';

let pg: TestPostgres;
let server: TestServer;
let patients: Awaited<ReturnType<typeof demoPatients>>;
let ada1: Session;
let ada2: Session;

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 60, demoHeavyPatient: false });
  patients = await demoPatients(server);
  [ada1, ada2] = await Promise.all([login(server.url, 'dr.ada'), login(server.url, 'dr.ada')]);
});
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

async function push(s: Session, mutations: Json[]): Promise<PushResult[]> {
  return (await must<PushOutput>(server.url, 'sync.push', { deviceId: s.deviceId, mutations }, s.token)).results;
}
const first = (r: PushResult[]): PushResult => {
  const x = r[0];
  if (x === undefined) throw new Error('no result');
  return x;
};

async function serverMed(id: string): Promise<Json> {
  return server.asOwner(async (c) => (await c.query("SELECT resource FROM resources WHERE resource_type = 'MedicationRequest' AND id = $1", [id])).rows[0].resource);
}
const doseOf = (r: Json): unknown => (r['dosageInstruction'] as { doseAndRate: { doseQuantity: { value: number } }[] }[])[0]?.doseAndRate[0]?.doseQuantity.value;

async function createMed(doseMg: number): Promise<{ id: string; patientId: string; version: string }> {
  const patientId = patients.careTeam[0] ?? '';
  const id = randomUUID();
  const r = first(await push(ada1, [mutation(ada1, { op: 'create', patientId, resource: medicationRequest(patientId, id, doseMg) })]));
  expect(r.status).toBe('applied');
  return { id, patientId, version: r.status === 'applied' ? r.version : '' };
}

describe('sync.push', () => {
  it('applies a create and stores version 1 with history', async () => {
    const { id, version } = await createMed(5);
    expect(version).toBe('1');
    const stored = await serverMed(id);
    expect((stored['meta'] as Json)['versionId']).toBe('1');
    const history = await server.asOwner((c) => c.query('SELECT count(*)::int AS n FROM resource_versions WHERE id = $1', [id]));
    expect(history.rows[0].n).toBe(1);
  });

  it('a retried push returns the first result and writes once', async () => {
    const patientId = patients.careTeam[1] ?? '';
    const id = randomUUID();
    const m = mutation(ada1, { op: 'create', patientId, resource: medicationRequest(patientId, id, 10) });
    const a = await push(ada1, [m]);
    const b = await push(ada1, [m]);
    expect(b).toEqual(a);
    const n = await server.asOwner((c) => c.query('SELECT count(*)::int AS n FROM resource_versions WHERE id = $1', [id]));
    expect(n.rows[0].n).toBe(1);
    const audits = await server.asOwner((c) => c.query("SELECT count(*)::int AS n FROM audit.events WHERE resource_id = $1 AND action = 'resource-create'", [id]));
    expect(audits.rows[0].n).toBe(1);
  });

  it('the same batch sent twice at once (a client retry racing its first attempt) writes once', async () => {
    const patientId = patients.careTeam[1] ?? '';
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const batch = ids.map((id) => mutation(ada1, { op: 'create', patientId, resource: medicationRequest(patientId, id, 10) }));
    const [a, b] = await Promise.all([push(ada1, batch), push(ada1, batch)]);
    expect(b).toEqual(a);
    expect(a.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const n = await server.asOwner((c) => c.query('SELECT count(*)::int AS n FROM resource_versions WHERE id = ANY($1)', [ids]));
    expect(n.rows[0].n).toBe(3);
  });

  it('two devices: different fields both survive as a merge', async () => {
    const med = await createMed(5);
    // Device 1 changes the dose (applies: its base is current).
    const r1 = first(await push(ada1, [mutation(ada1, { op: 'update', patientId: med.patientId, baseVersion: med.version, resource: medicationRequest(med.patientId, med.id, 10) })]));
    expect(r1.status).toBe('applied');
    // Device 2, offline on the same base, adds a note (not safety-critical).
    const withNote = medicationRequest(med.patientId, med.id, 5, { note: [{ text: 'Take with food' }] });
    const r2 = first(await push(ada2, [mutation(ada2, { op: 'update', patientId: med.patientId, baseVersion: med.version, resource: withNote })]));
    expect(r2.status).toBe('merged');
    const stored = await serverMed(med.id);
    expect(doseOf(stored)).toBe(10);
    expect(stored['note']).toEqual([{ text: 'Take with food' }]);
    expect((stored['meta'] as Json)['versionId']).toBe('3');
    if (r2.status === 'merged') expect(doseOf(r2.resource)).toBe(10);
  });

  it('two devices change the same dose: conflict, the server keeps its value, the conflict is recorded', async () => {
    const med = await createMed(5);
    const r1 = first(await push(ada1, [mutation(ada1, { op: 'update', patientId: med.patientId, baseVersion: med.version, resource: medicationRequest(med.patientId, med.id, 10) })]));
    expect(r1.status).toBe('applied');
    const r2 = first(await push(ada2, [mutation(ada2, { op: 'update', patientId: med.patientId, baseVersion: med.version, resource: medicationRequest(med.patientId, med.id, 20) })]));
    expect(r2.status).toBe('conflict');
    if (r2.status !== 'conflict') return;
    expect(r2.fields.some((f) => f.startsWith('dosageInstruction'))).toBe(true);
    expect(doseOf(r2.serverResource ?? {})).toBe(10);
    expect(doseOf(await serverMed(med.id))).toBe(10);
    const row = await server.asOwner((c) => c.query('SELECT server_version, fields FROM conflicts WHERE id = $1', [r2.conflictId]));
    expect(row.rows[0].server_version).toBe(2);
    const listed = await must<{ conflictId: string }[]>(server.url, 'sync.conflicts', undefined, ada2.token);
    expect(listed.map((c) => c.conflictId)).toContain(r2.conflictId);
    await must(server.url, 'sync.resolveConflict', { conflictId: r2.conflictId }, ada2.token);
    const after = await must<{ conflictId: string }[]>(server.url, 'sync.conflicts', undefined, ada2.token);
    expect(after.map((c) => c.conflictId)).not.toContain(r2.conflictId);
  });

  it('simultaneous pushes of the same dose from two devices: one applies, the other conflicts, nothing is lost', async () => {
    for (let round = 0; round < 5; round++) {
      const med = await createMed(5);
      const [r1, r2] = await Promise.all([
        push(ada1, [mutation(ada1, { op: 'update', patientId: med.patientId, baseVersion: med.version, resource: medicationRequest(med.patientId, med.id, 10) })]),
        push(ada2, [mutation(ada2, { op: 'update', patientId: med.patientId, baseVersion: med.version, resource: medicationRequest(med.patientId, med.id, 20) })]),
      ]);
      const statuses = [first(r1).status, first(r2).status].sort();
      expect(statuses).toEqual(['applied', 'conflict']);
      const winner = first(r1).status === 'applied' ? 10 : 20;
      expect(doseOf(await serverMed(med.id))).toBe(winner);
      const versions = await server.asOwner((c) => c.query('SELECT version FROM resource_versions WHERE id = $1 ORDER BY version', [med.id]));
      expect(versions.rows.map((x: { version: number }) => x.version)).toEqual([1, 2]);
    }
  });

  it('a stale base version with no concurrent change elsewhere still applies cleanly via merge of identical state', async () => {
    const med = await createMed(5);
    // Same edit from both devices: no conflict, one version.
    const edit = (s: Session) => mutation(s, { op: 'update', patientId: med.patientId, baseVersion: med.version, resource: medicationRequest(med.patientId, med.id, 7) });
    expect(first(await push(ada1, [edit(ada1)])).status).toBe('applied');
    const r = first(await push(ada2, [edit(ada2)]));
    expect(r.status).toBe('merged');
    if (r.status === 'merged') expect(r.version).toBe('2');
  });

  it('an outbox replayed in one batch: create, then two edits built on it, then a retry of the whole batch', async () => {
    const patientId = patients.careTeam[2] ?? '';
    const id = randomUUID();
    const batch = [
      mutation(ada1, { op: 'create', patientId, resource: medicationRequest(patientId, id, 5) }),
      mutation(ada1, { op: 'update', patientId, baseVersion: '1', resource: medicationRequest(patientId, id, 6) }),
      mutation(ada1, { op: 'update', patientId, baseVersion: '2', resource: medicationRequest(patientId, id, 7, { note: [{ text: 'titrated' }] }) }),
    ];
    const r = await push(ada1, batch);
    expect(r.map((x) => x.status)).toEqual(['applied', 'applied', 'applied']);
    expect(r.map((x) => (x.status === 'applied' ? x.version : null))).toEqual(['1', '2', '3']);
    expect(await push(ada1, batch)).toEqual(r);
    const stored = await serverMed(id);
    expect(doseOf(stored)).toBe(7);
    const history = await server.asOwner((c) => c.query('SELECT version FROM resource_versions WHERE id = $1 ORDER BY version', [id]));
    expect(history.rows.map((x: { version: number }) => x.version)).toEqual([1, 2, 3]);
  });

  it('an unknown base version is rejected, not guessed', async () => {
    const med = await createMed(5);
    const r = first(await push(ada1, [mutation(ada1, { op: 'update', patientId: med.patientId, baseVersion: '99', resource: medicationRequest(med.patientId, med.id, 7) })]));
    expect(r).toMatchObject({ status: 'rejected', code: 'VERSION_MISMATCH' });
  });

  it('delete leaves a tombstone; a signed note cannot be overwritten or deleted', async () => {
    const med = await createMed(5);
    expect(first(await push(ada1, [mutation(ada1, { op: 'delete', patientId: med.patientId, baseVersion: med.version, resource: null, resourceType: 'MedicationRequest', resourceId: med.id })])).status).toBe('applied');
    const row = await server.asOwner((c) => c.query('SELECT deleted, version FROM resources WHERE id = $1', [med.id]));
    expect(row.rows[0]).toEqual({ deleted: true, version: 2 });

    const patientId = patients.careTeam[0] ?? '';
    const id = randomUUID();
    expect(first(await push(ada1, [mutation(ada1, { op: 'create', patientId, resource: note(patientId, id, 'final') })])).status).toBe('applied');
    const edited = { ...note(patientId, id, 'final'), description: 'rewritten' };
    const r = first(await push(ada1, [mutation(ada1, { op: 'update', patientId, baseVersion: '1', resource: edited })]));
    expect(r).toMatchObject({ status: 'rejected', code: 'FORBIDDEN', message: expect.stringContaining('signed-content') });
    const del = first(await push(ada1, [mutation(ada1, { op: 'delete', patientId, baseVersion: '1', resource: null, resourceType: 'DocumentReference', resourceId: id })]));
    expect(del).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
    const still = await server.asOwner((c) => c.query('SELECT deleted, version FROM resources WHERE id = $1', [id]));
    expect(still.rows[0]).toEqual({ deleted: false, version: 1 });
  });
});

describe('sync.push: a device editing its own unsent edit is not a race', () => {
  const update = (s: Session, med: { id: string; patientId: string }, base: string, dose: number) =>
    mutation(s, { op: 'update', patientId: med.patientId, baseVersion: base, resource: medicationRequest(med.patientId, med.id, dose) });

  it('two offline edits of the same dose on the same base, pushed together: the second builds on the first', async () => {
    const med = await createMed(5);
    const r = await push(ada1, [update(ada1, med, med.version, 6), update(ada1, med, med.version, 7)]);
    expect(r.map((x) => x.status)).toEqual(['applied', 'merged']);
    expect(r[1]).toMatchObject({ version: '3' });
    expect(doseOf(await serverMed(med.id))).toBe(7);
    const conflicts = await server.asOwner((c) => c.query('SELECT count(*)::int AS n FROM conflicts WHERE resource_id = $1', [med.id]));
    expect(conflicts.rows[0].n).toBe(0);
  });

  it('the same two edits in two pushes (the first acknowledged in between), then a third on the same base', async () => {
    const med = await createMed(5);
    expect(first(await push(ada1, [update(ada1, med, med.version, 6)]))).toMatchObject({ status: 'applied', version: '2' });
    expect(first(await push(ada1, [update(ada1, med, med.version, 7)]))).toMatchObject({ status: 'merged', version: '3' });
    expect(first(await push(ada1, [update(ada1, med, med.version, 8)]))).toMatchObject({ status: 'merged', version: '4' });
    expect(doseOf(await serverMed(med.id))).toBe(8);
  });

  it('another device changing the dose in between is still a conflict, and the server keeps its dose', async () => {
    const med = await createMed(5);
    expect(first(await push(ada1, [update(ada1, med, med.version, 6)])).status).toBe('applied');
    // Device 2 saw version 2 and changes the dose.
    expect(first(await push(ada2, [update(ada2, med, '2', 9)])).status).toBe('applied');
    // Device 1's second offline edit, still on version 1: a race with device 2.
    const r = first(await push(ada1, [update(ada1, med, med.version, 7)]));
    expect(r.status).toBe('conflict');
    if (r.status === 'conflict') expect(r.fields.some((f) => f.startsWith('dosageInstruction'))).toBe(true);
    expect(doseOf(await serverMed(med.id))).toBe(9);
  });

  it('two stale edits of one record on different bases in one batch: each is merged against its own base', async () => {
    const med = await createMed(5);
    expect(first(await push(ada1, [update(ada1, med, '1', 6)])).status).toBe('applied');
    expect(first(await push(ada1, [update(ada1, med, '2', 7)])).status).toBe('applied');
    // Device 2: a dose change on version 2 (a race with device 1's 7), then a note on version 3.
    const r = await push(ada2, [
      update(ada2, med, '2', 8),
      mutation(ada2, { op: 'update', patientId: med.patientId, baseVersion: '3', resource: medicationRequest(med.patientId, med.id, 7, { note: [{ text: 'with food' }] }) }),
    ]);
    expect(r.map((x) => x.status)).toEqual(['conflict', 'applied']);
    const stored = await serverMed(med.id);
    expect(doseOf(stored)).toBe(7);
    expect(stored['note']).toEqual([{ text: 'with food' }]);
  });

  it('the same user on another device is another device: same-base edits of one dose from two devices conflict', async () => {
    const med = await createMed(5);
    expect(first(await push(ada1, [update(ada1, med, med.version, 6)])).status).toBe('applied');
    expect(first(await push(ada2, [update(ada2, med, med.version, 7)])).status).toBe('conflict');
    expect(doseOf(await serverMed(med.id))).toBe(6);
  });
});

describe('sync.push refuses bad input with a typed error and writes nothing', () => {
  const count = () => server.asOwner(async (c) => (await c.query('SELECT (SELECT count(*) FROM resources)::int AS r, (SELECT count(*) FROM resource_versions)::int AS v')).rows[0]);

  it('invalid FHIR: rejected with the field named', async () => {
    const before = await count();
    const patientId = patients.careTeam[0] ?? '';
    const bad = medicationRequest(patientId, randomUUID(), 5, { status: 'bogus' });
    const r = first(await push(ada1, [mutation(ada1, { op: 'create', patientId, resource: bad })]));
    expect(r.status).toBe('rejected');
    if (r.status === 'rejected') {
      expect(r.code).toBe('BAD_INPUT');
      expect(r.message).toContain('MedicationRequest.status');
    }
    expect(await count()).toEqual(before);
  });

  it('unknown resource type, wrong types, malformed and oversized bodies', async () => {
    const before = await count();
    const patientId = patients.careTeam[0] ?? '';
    const m = mutation(ada1, { op: 'create', patientId, resource: { resourceType: 'Spaceship', id: randomUUID() } });
    const unknown = await call(server.url, 'sync.push', { deviceId: ada1.deviceId, mutations: [m] }, ada1.token);
    expect(unknown).toMatchObject({ ok: false, status: 400, error: { data: { lanternCode: 'BAD_INPUT' } } });
    if (!unknown.ok) expect(unknown.error.data?.issues?.some((i) => i.path.includes('resourceType'))).toBe(true);

    const wrongTypes = await call(server.url, 'sync.push', { deviceId: ada1.deviceId, mutations: [{ ...mutation(ada1, { op: 'create', patientId, resource: medicationRequest(patientId, randomUUID(), 5) }), baseVersion: 3 }] }, ada1.token);
    expect(wrongTypes).toMatchObject({ ok: false, status: 400, error: { data: { lanternCode: 'BAD_INPUT' } } });

    const malformed = await fetch(`${server.url}/trpc/sync.push`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ada1.token}` }, body: '{"deviceId":' });
    expect(malformed.status).toBe(400);
    const mb = (await malformed.json()) as Json;
    expect(JSON.stringify(mb)).not.toMatch(/at .*\.ts|stack/);

    const big = medicationRequest(patientId, randomUUID(), 5, { note: [{ text: 'x'.repeat(600 * 1024) }] });
    const over = first(await push(ada1, [mutation(ada1, { op: 'create', patientId, resource: big })]));
    expect(over).toMatchObject({ status: 'rejected', code: 'BAD_INPUT' });

    const huge = await fetch(`${server.url}/trpc/sync.push`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ada1.token}` }, body: JSON.stringify({ deviceId: ada1.deviceId, mutations: [], pad: 'x'.repeat(17 * 1024 * 1024) }) });
    expect(huge.status).toBe(413);
    // Fastify refuses it before tRPC runs; the answer still has the tRPC error shape.
    expect(((await huge.json()) as { error: { data: { lanternCode: string } } }).error.data.lanternCode).toBe('BAD_INPUT');
    expect(await count()).toEqual(before);
  });

  it('one mutation the database cannot store does not block the rest of the batch', async () => {
    const patientId = patients.careTeam[0] ?? '';
    const good = randomUUID();
    // A NUL character is valid JSON but Postgres jsonb cannot store it.
    const poison = medicationRequest(patientId, randomUUID(), 5, { note: [{ text: 'nul \u0000 here' }] });
    const r = await push(ada1, [
      mutation(ada1, { op: 'create', patientId, resource: poison }),
      mutation(ada1, { op: 'create', patientId, resource: medicationRequest(patientId, good, 5) }),
    ]);
    expect(r.map((x) => x.status)).toEqual(['rejected', 'applied']);
    expect(r[0]).toMatchObject({ code: 'INTERNAL' });
  });

  it('a later edit of a record whose earlier edit could not be stored waits with it (queue order kept)', async () => {
    const med = await createMed(5);
    const poison = medicationRequest(med.patientId, med.id, 6, { note: [{ text: 'nul \u0000 here' }] });
    const r = await push(ada1, [
      mutation(ada1, { op: 'update', patientId: med.patientId, baseVersion: med.version, resource: poison }),
      mutation(ada1, { op: 'update', patientId: med.patientId, baseVersion: med.version, resource: medicationRequest(med.patientId, med.id, 7) }),
    ]);
    expect(r.map((x) => (x.status === 'rejected' ? x.code : x.status))).toEqual(['INTERNAL', 'INTERNAL']);
    expect(doseOf(await serverMed(med.id))).toBe(5);
  });

  it('a mutation for another patient, another user, or outside the policy is refused and audited', async () => {
    const before = await count();
    const patientId = patients.careTeam[0] ?? '';
    const otherPatient = patients.careTeam[1] ?? '';
    const wrongSubject = first(await push(ada1, [mutation(ada1, { op: 'create', patientId, resource: medicationRequest(otherPatient, randomUUID(), 5) })]));
    expect(wrongSubject).toMatchObject({ status: 'rejected', code: 'BAD_INPUT' });

    const outside = patients.outside[0] ?? '';
    const denied = first(await push(ada1, [mutation(ada1, { op: 'create', patientId: outside, resource: medicationRequest(outside, randomUUID(), 5) })]));
    expect(denied).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });

    const ben = await login(server.url, 'rn.ben');
    const nurseOrder = first(await push(ben, [mutation(ben, { op: 'create', patientId, resource: medicationRequest(patientId, randomUUID(), 5) })]));
    expect(nurseOrder).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });

    const forged = { ...mutation(ada1, { op: 'create', patientId, resource: medicationRequest(patientId, randomUUID(), 5) }), userId: ben.userId };
    expect(first(await push(ada1, [forged]))).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
    expect(await count()).toEqual(before);
    const denials = await server.asOwner((c) => c.query("SELECT count(*)::int AS n FROM audit.events WHERE action = 'access-denied' AND patient_id = $1", [outside]));
    expect(denials.rows[0].n).toBeGreaterThanOrEqual(1);
  });
});
