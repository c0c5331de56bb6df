/**
 * A workstation catching up after a day offline, end to end (a real sync server on embedded Postgres,
 * a real host): a queue bigger than several push batches, with three edits that collide with a
 * colleague's change of the same field on the server and three the server must refuse (the unit's
 * census is read-only for a physician). Batching must not blur a single verdict: exactly those three
 * become conflicts, exactly those three refusals, everything else lands on the server, and nothing
 * is left queued.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newMutation, type Observation, type PushOutput } from '@lantern/core';
import { login, must, type TestServer } from '../../../../sync-server/src/testing/harness.ts';
import { demoPatients, mutation } from '../../../../sync-server/src/testing/fixtures.ts';
import { buildVitalsObservations } from '../chart/vitals-observations.ts';
import type { Host } from '../serve/create-host.ts';
import { LocalStore } from '../store/local-store.ts';
import { hostWithTestServer, type HostWithTestServer } from './testing/host-with-test-server.ts';

const CREATES = 1_100;
let t: HostWithTestServer | undefined;
let server: TestServer;
let host: Host;

beforeAll(async () => {
  t = await hostWithTestServer({ server: { demoPatients: 40, rateLimitPerMinute: 100_000 } });
  ({ server, host } = t);
}, 180_000);
afterAll(async () => {
  await t?.close();
}, 300_000);

it('records exactly the conflicting and the refused mutations of a large catch-up push, and stores all the others', async () => {
  const { store, session, sync, deviceId } = host.services;
  if (!(store instanceof LocalStore)) throw new Error('expected the encrypted LocalStore');
  await session.signIn('dr.ada', 'lantern-demo');
  await sync.runOnce();
  await sync.stop();
  const userId = session.userId ?? '';
  const { careTeam, unit } = await demoPatients(server);
  const now = new Date().toISOString();
  const queue = (m: ReturnType<typeof newMutation>) => {
    if (!m.ok) throw m.error;
    const r = store.applyLocalMutation(m.value);
    if (!r.ok) throw r.error;
    return m.value;
  };
  const vital = (patientId: string, heartRate: number) => {
    const [obs] = buildVitalsObservations({ patientId, heartRate }, { uuid: randomUUID, now: new Date(), performer: { display: 'Dr. Ada' } });
    if (obs === undefined) throw new Error('no observation');
    return obs;
  };

  // Three observations the workstation holds at version v; a colleague changes their value on the server meanwhile.
  const held = store.db.all<{ id: string; patient_id: string; version: string; json: string }>(
    "SELECT id, patient_id, version, json FROM resources WHERE resource_type = 'Observation' AND json_extract(json, '$.valueQuantity.value') IS NOT NULL AND patient_id IN (SELECT value FROM json_each(?)) LIMIT 3",
    JSON.stringify(careTeam),
  );
  expect(held).toHaveLength(3);
  const changed = (json: string, delta: number): Record<string, unknown> => {
    const o = JSON.parse(json) as Record<string, unknown> & { valueQuantity: { value: number } };
    return { ...o, valueQuantity: { ...o.valueQuantity, value: o.valueQuantity.value + delta } };
  };
  const withValue = (json: string, delta: number): Observation => {
    const o = JSON.parse(json) as Observation & { valueQuantity: { value: number } };
    return { ...o, valueQuantity: { ...o.valueQuantity, value: o.valueQuantity.value + delta } };
  };
  const colleague = await login(server.url, 'dr.ada');
  const theirs = await must<PushOutput>(server.url, 'sync.push', {
    deviceId: colleague.deviceId,
    mutations: held.map((h) => mutation(colleague, { op: 'update', patientId: h.patient_id, baseVersion: h.version, resource: changed(h.json, 10) })),
  }, colleague.token);
  expect(theirs.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);

  // The day offline, in order: creates, the three colliding edits and the three refused creates spread among them.
  const created: string[] = [];
  const colliding: string[] = [];
  const refused: string[] = [];
  for (let i = 0; i < CREATES; i++) {
    const obs = vital(careTeam[i % careTeam.length] ?? '', 60 + (i % 50));
    created.push(queue(newMutation({ mutationId: randomUUID(), deviceId, userId, createdAt: now, patientId: careTeam[i % careTeam.length] ?? '', op: 'create', resource: obs })).resourceId);
    if (i % 400 === 200) {
      const h = held[colliding.length];
      if (h !== undefined) colliding.push(queue(newMutation({ mutationId: randomUUID(), deviceId, userId, createdAt: now, patientId: h.patient_id, op: 'update', baseVersion: h.version, resource: withValue(h.json, 20) })).resourceId);
      const outsider = unit[refused.length] ?? '';
      refused.push(queue(newMutation({ mutationId: randomUUID(), deviceId, userId, createdAt: now, patientId: outsider, op: 'create', resource: vital(outsider, 70) })).resourceId);
    }
  }
  expect(colliding).toHaveLength(3);
  expect(refused).toHaveLength(3);

  await sync.runOnce();

  const status = await sync.status();
  expect(status.pending).toBe(0);
  expect(status.lastError).toBeNull();
  const inbox = store.listConflictsOf(userId, null);
  if (!inbox.ok) throw inbox.error;
  const conflicts = inbox.value.filter((c) => !c.fields.some((f) => f.startsWith('rejected:')));
  const refusals = inbox.value.filter((c) => c.fields.some((f) => f.startsWith('rejected:')));
  expect(conflicts.map((c) => c.resourceId).sort()).toEqual([...colliding].sort());
  for (const c of conflicts) expect(c.fields).toEqual(['valueQuantity.value']);
  expect(refusals.map((c) => c.resourceId).sort()).toEqual([...refused].sort());
  for (const r of refusals) expect(r.fields).toEqual(['rejected:FORBIDDEN']);
  // Every other write is on the server, once.
  const stored = await server.asOwner(async (c) => (await c.query<{ n: string }>("SELECT count(*) AS n FROM resources WHERE resource_type = 'Observation' AND id = ANY($1::text[])", [created])).rows[0]?.n);
  expect(Number(stored)).toBe(CREATES);
}, 300_000);
