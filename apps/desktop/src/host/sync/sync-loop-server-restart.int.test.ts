/**
 * The workstation right after its sync server restarts, against the real server as its own process
 * (stopped and started again on the same port) and a real host: a sign-in right after the restart is
 * an online one and sync finishes within seconds, writes queued meanwhile included; a session signed
 * in offline says so in the sync status, offers to sign in again once the server answers, and then
 * sends its queued writes; a kept-alive connection the restart closed is not what the next call fails on.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newMutation } from '@lantern/core';
import { buildVitalsObservations } from '../chart/vitals-observations.ts';
import { LocalStore } from '../store/local-store.ts';
import { SIGNED_IN_OFFLINE } from './sync-loop.ts';
import { hostAgainstServer, type HostAgainstServer } from './testing/host-against-server.ts';

let w: HostAgainstServer;

beforeAll(async () => {
  w = await hostAgainstServer({ demoPatients: 60 });
}, 240_000);
afterAll(async () => {
  await w?.close();
}, 60_000);

async function until(what: string, ok: () => Promise<boolean>, ms: number): Promise<number> {
  const t0 = Date.now();
  while (!(await ok())) {
    if (Date.now() - t0 > ms) throw new Error(`${what} not within ${ms} ms; host log:\n${w.log.slice(-15).join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - t0;
}

/** Queues one vital sign for a patient in the local store, as the chart does. */
function queueVital(patientId: string, heartRate: number): string {
  const { store, session, deviceId } = w.host.services;
  if (!(store instanceof LocalStore)) throw new Error('expected the encrypted LocalStore');
  const [obs] = buildVitalsObservations({ patientId, heartRate }, { uuid: randomUUID, now: new Date(), performer: { display: 'Dr. Ada' } });
  if (obs === undefined) throw new Error('no observation');
  const m = newMutation({ mutationId: randomUUID(), deviceId, userId: session.userId ?? '', createdAt: new Date(), patientId, op: 'create', resource: obs });
  if (!m.ok) throw m.error;
  const r = store.applyLocalMutation(m.value);
  if (!r.ok) throw r.error;
  return obs.id ?? '';
}

const onServer = (id: string) => w.asOwner(async (c) => (await c.query('SELECT 1 FROM resources WHERE id = $1', [id])).rowCount === 1);
const synced = async () => {
  const s = await w.host.services.sync.status();
  return s.online && s.pending === 0 && s.lastError === null && !s.syncing;
};

describe('right after the sync server restarts', () => {
  it('a sign-in is an online one and sync finishes within seconds, with what was queued and who entered the scope meanwhile', async () => {
    const { session, sync, store } = w.host.services;
    await session.signIn('dr.ada', 'lantern-demo');
    await until('the first sync', synced, 90_000);
    const careTeam = session.userId === null ? [] : await w.asOwner(async (c) => (await c.query('SELECT patient_id FROM care_team WHERE user_id = $1', [session.userId])).rows.map((r: { patient_id: string }) => r.patient_id));
    const outside = await w.asOwner(async (c) => (await c.query(`SELECT patient_id AS p FROM resources WHERE resource_type = 'Patient'
      AND patient_id NOT IN (SELECT patient_id FROM care_team) AND patient_id NOT IN (SELECT patient_id FROM patient_units) ORDER BY 1 LIMIT 2`)).rows.map((r: { p: string }) => r.p));
    expect(outside).toHaveLength(2);

    await w.server.stop();
    await until('the host to see the server gone', async () => !(await sync.status()).online, 15_000);
    const queued = queueVital(careTeam[0] ?? '', 88);
    // Meanwhile two patients join the clinician's care team (an assignment made at the desk).
    await w.asOwner(async (c) => {
      for (const p of outside) await c.query('INSERT INTO care_team (patient_id, user_id) VALUES ($1, $2)', [p, session.userId]);
    });

    await w.server.start();
    await session.signOut();
    const state = await session.signIn('dr.ada', 'lantern-demo');
    expect(state).toMatchObject({ status: 'active', mode: 'online' });
    const took = await until('sync after the restart', async () => (await synced()) && (await onServer(queued)), 15_000);
    expect(took).toBeLessThan(15_000);
    if (!(store instanceof LocalStore)) throw new Error('expected the encrypted LocalStore');
    for (const p of outside) expect(store.db.all('SELECT 1 FROM resources WHERE patient_id = ? LIMIT 1', p)).toHaveLength(1);
  }, 240_000);

  it('a session signed in offline says so, offers to sign in again once the server answers, and then sends what was queued', async () => {
    const { session, sync } = w.host.services;
    await session.signOut();
    await w.server.stop();
    const state = await session.signIn('dr.ada', 'lantern-demo');
    expect(state).toMatchObject({ status: 'active', mode: 'offline' });
    sync.kick();
    await until('the offline-session status', async () => {
      const s = await sync.status();
      return s.lastError === SIGNED_IN_OFFLINE && s.offlineSession?.serverReachable === false && !s.online;
    }, 10_000);
    const careTeam = await w.asOwner(async (c) => (await c.query('SELECT patient_id FROM care_team WHERE user_id = $1', [session.userId])).rows.map((r: { patient_id: string }) => r.patient_id));
    const queued = queueVital(careTeam[0] ?? '', 91);

    await w.server.start();
    await until('the offer to sign in again', async () => (await sync.status()).offlineSession?.serverReachable === true, 10_000);
    expect((await sync.status()).lastError).toBe(SIGNED_IN_OFFLINE);
    expect((await sync.status()).pending).toBe(1);
    await expect(session.reconnect('not-the-password')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await session.current()).toMatchObject({ status: 'active', mode: 'offline' });

    // Signing in again keeps the session (and the open chart): it becomes an online one and syncs.
    expect(await session.reconnect('lantern-demo')).toMatchObject({ status: 'active', mode: 'online', user: { username: 'dr.ada' } });
    await until('the queued write on the server', async () => (await synced()) && (await onServer(queued)), 15_000);
    expect((await sync.status()).offlineSession ?? null).toBeNull();
  }, 240_000);
});
