/**
 * sync.push of a batch large enough to be split into several write statements, should the server
 * ever pipeline its writes: a record written at several points of one batch must come out exactly as
 * if the batch were one statement: versions, results, history rows, the conflict row against a
 * version the batch itself wrote, the mutation log, and all of it in one transaction (not the
 * router's one-by-one fallback, which would hide a failed batch behind correct results).
 */
import { randomUUID } from 'node:crypto';
import type { PushOutput, PushResult } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';
import { demoPatients, medicationRequest, mutation, observation, type Json } from '../testing/fixtures.ts';

let pg: TestPostgres;
let server: TestServer;
let patients: Awaited<ReturnType<typeof demoPatients>>;
let ada1: Session;
let ada2: Session;

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 20, demoHeavyPatient: false });
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

const valueOf = (r: Json | null): unknown => (r?.['valueQuantity'] as { value?: unknown } | undefined)?.value;

describe('sync.push: one batch of several chunks', () => {
  it('a record created in the first chunk and edited in two later ones on the same base, and a conflict against a version the batch wrote', async () => {
    const patientId = patients.careTeam[0] ?? '';
    // A medication another device changed before this batch: version 2 (dose 9) is not this device's.
    const medId = randomUUID();
    expect((await push(ada1, [mutation(ada1, { op: 'create', patientId, resource: medicationRequest(patientId, medId, 5) })]))[0]).toMatchObject({ status: 'applied', version: '1' });
    expect((await push(ada2, [mutation(ada2, { op: 'update', patientId, baseVersion: '1', resource: medicationRequest(patientId, medId, 9) })]))[0]).toMatchObject({ status: 'applied', version: '2' });

    const obsId = randomUUID();
    const batch: Json[] = [];
    for (let i = 0; i < 320; i++) batch.push(mutation(ada1, { op: 'create', patientId, resource: observation(patientId, randomUUID(), 50 + (i % 40)) }));
    // Chunk 1: the observation is created; a note is added to the medication (merges with device 2's dose: version 3).
    batch[10] = mutation(ada1, { op: 'create', patientId, resource: observation(patientId, obsId, 60) });
    batch[20] = mutation(ada1, { op: 'update', patientId, baseVersion: '1', resource: medicationRequest(patientId, medId, 5, { note: [{ text: 'with food' }] }) });
    // Chunk 2: an edit of the observation on version 1; the dose changed on version 1 (a race with device 2).
    batch[150] = mutation(ada1, { op: 'update', patientId, baseVersion: '1', resource: observation(patientId, obsId, 61) });
    batch[160] = mutation(ada1, { op: 'update', patientId, baseVersion: '1', resource: medicationRequest(patientId, medId, 6) });
    // Chunk 4: a second edit of the observation, still on version 1 (the device kept its base).
    batch[310] = mutation(ada1, { op: 'update', patientId, baseVersion: '1', resource: observation(patientId, obsId, 62) });

    const r = await push(ada1, batch);
    expect(r).toHaveLength(320);
    expect(r[10]).toMatchObject({ status: 'applied', version: '1' });
    expect(r[20]).toMatchObject({ status: 'merged', version: '3' });
    expect(r[150]).toMatchObject({ status: 'applied', version: '2' });
    expect(r[160]).toMatchObject({ status: 'conflict', fields: expect.arrayContaining([expect.stringMatching(/^dosageInstruction/)]) });
    expect(r[310]).toMatchObject({ status: 'merged', version: '3' });
    if (r[310]?.status === 'merged') expect(valueOf(r[310].resource)).toBe(62);
    if (r[160]?.status === 'conflict') expect((r[160].serverResource?.['meta'] as Json)['versionId']).toBe('3');
    const others = r.filter((_, i) => ![10, 20, 150, 160, 310].includes(i));
    expect(others.every((x) => x.status === 'applied' && x.version === '1')).toBe(true);

    const ids = (xs: number[]) => xs.map((i) => batch[i]?.['mutationId']);
    await server.asOwner(async (c) => {
      const obs = await c.query('SELECT version, resource, mutation_id FROM resource_versions WHERE id = $1 ORDER BY version', [obsId]);
      expect(obs.rows.map((x: { version: number; resource: Json }) => [x.version, valueOf(x.resource)])).toEqual([[1, 60], [2, 61], [3, 62]]);
      expect(obs.rows.map((x: { mutation_id: string }) => x.mutation_id)).toEqual(ids([10, 150, 310]));
      const cur = await c.query('SELECT version, resource FROM resources WHERE id = $1', [obsId]);
      expect(cur.rows[0].version).toBe(3);
      expect(valueOf(cur.rows[0].resource)).toBe(62);

      const med = await c.query('SELECT version, mutation_id FROM resource_versions WHERE id = $1 ORDER BY version', [medId]);
      expect(med.rows.map((x: { version: number }) => x.version)).toEqual([1, 2, 3]);
      expect(med.rows[2].mutation_id).toBe(batch[20]?.['mutationId']);
      const medNow = await c.query('SELECT version, resource FROM resources WHERE id = $1', [medId]);
      expect(medNow.rows[0].version).toBe(3);
      expect(medNow.rows[0].resource.note).toEqual([{ text: 'with food' }]);
      const conflicts = await c.query('SELECT mutation_id, server_version FROM conflicts WHERE resource_id = $1', [medId]);
      expect(conflicts.rows).toEqual([{ mutation_id: batch[160]?.['mutationId'], server_version: 3 }]);

      const all = batch.map((m) => m['mutationId']);
      const log = await c.query('SELECT count(*)::int AS n FROM mutation_log WHERE mutation_id = ANY($1::uuid[])', [all]);
      expect(log.rows[0].n).toBe(320);
      const history = await c.query('SELECT count(*)::int AS n FROM resource_versions WHERE mutation_id = ANY($1::uuid[])', [all]);
      expect(history.rows[0].n).toBe(319); // every mutation but the conflict wrote one version
      // One transaction: not the one-by-one retry the router falls back to when a batch fails.
      const txs = await c.query('SELECT count(DISTINCT xmin::text)::int AS n FROM mutation_log WHERE mutation_id = ANY($1::uuid[])', [all]);
      expect(txs.rows[0].n).toBe(1);
    });

    // A retry of the whole batch returns the first results and writes nothing more.
    expect(await push(ada1, batch)).toEqual(r);
    const again = await server.asOwner((c) => c.query('SELECT count(*)::int AS n FROM resource_versions WHERE id = ANY($1)', [[obsId, medId]]));
    expect(again.rows[0].n).toBe(6);
  });
});
