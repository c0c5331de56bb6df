/**
 * The organisation's hold on a workstation, end to end: a real sync server (embedded Postgres) and
 * a real host (encrypted store, session, sync loop). The administrator's policy reaches the
 * workstation on its next sync and is applied (auto-lock, sync interval, offline grant, CDS
 * suppression window); the workstation reports its versions and unsynced count; a remote wipe is
 * carried out after the push, and only unsynced writes survive it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newMutation } from '@lantern/core';
import { KB_VERSION } from '@lantern/core/cds';
import { login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../../../../sync-server/src/testing/harness.ts';
import { demoPatients } from '../../../../sync-server/src/testing/fixtures.ts';
import { buildVitalsObservations } from '../chart/vitals-observations.ts';
import { createHost, type Host } from '../serve/create-host.ts';
import { explicitKeyProvider, randomKey } from '../store/key/key-provider.ts';
import { wipeStore } from './remote-wipe.ts';

let pg: TestPostgres;
let server: TestServer;
let eve: Session;
let careTeam: string[];
const dirs: string[] = [];

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 20, demoHeavyPatient: false });
  careTeam = (await demoPatients(server)).careTeam;
  eve = await login(server.url, 'admin.eve');
}, 180_000);
afterAll(async () => {
  await server?.close();
  await pg?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  // Stopping the server waits for its alert processor to finish judging this file's events: slow on a busy machine.
}, 300_000);

async function workstation(): Promise<Host> {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-control-'));
  dirs.push(dir);
  // A long configured interval and auto-lock: what the organisation sets must replace them.
  return createHost({ dataDir: dir, serverUrl: server.url, keyProvider: explicitKeyProvider(randomKey()), syncIntervalMs: 3_600_000, autoLockMs: 30 * 60_000 });
}

type DeviceRow = { deviceId: string; appVersion: string | null; kbVersion: string | null; pendingCount: number | null; active: boolean; wipedAt?: string | null };

function vitalsWrite(host: Host, userId: string, patientId: string) {
  const [obs] = buildVitalsObservations({ patientId, heartRate: 72 }, { uuid: randomUUID, now: new Date(), performer: { display: 'Dr. Ada' } });
  if (obs === undefined) throw new Error('no observation');
  const m = newMutation({ mutationId: randomUUID(), deviceId: host.services.deviceId, userId, createdAt: new Date().toISOString(), patientId, op: 'create', resource: obs });
  if (!m.ok) throw m.error;
  const r = host.services.store.applyLocalMutation(m.value);
  if (!r.ok) throw r.error;
}

describe('workstation policy set by the organisation', () => {
  it('arrives on the next sync and is applied: auto-lock, sync interval, offline grant and CDS suppression window', async () => {
    await must(server.url, 'admin.setPolicy', { autoLockMinutes: 1, offlineGrantHours: 2, syncIntervalSeconds: 7, cdsSuppressionHours: 1 }, eve.token);
    const host = await workstation();
    try {
      const s = host.services;
      expect(s.workstation?.policy()).toBeNull();
      await s.session.signIn('dr.ada', 'lantern-demo');
      await s.sync.runOnce();
      expect(s.workstation?.policy()).toMatchObject({ autoLockMinutes: 1, offlineGrantHours: 2, syncIntervalSeconds: 7, cdsSuppressionHours: 1 });
      // The session the renderer polls carries the organisation's auto-lock; the loop waits 7 s between syncs.
      expect((await s.session.current()).autoLockMs).toBe(60_000);
      expect(s.sync.intervalMs).toBe(7000);

      // A CDS warning overridden 2 hours ago no longer hides the card (window 1 hour); one overridden 10 minutes ago still does.
      const patientId = careTeam[0] ?? '';
      const userId = s.session.userId ?? '';
      const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
      s.clinical.suppressions.upsert([{ userId, patientId, key: 'old-pair', overriddenAt: at(120) }, { userId, patientId, key: 'recent-pair', overriddenAt: at(10) }]);
      const kept = s.clinical.suppressions.listFor(userId, patientId);
      expect(kept.ok && kept.value.map((x) => x.key)).toEqual(['recent-pair']);

      // The device report reached the administrator's device list.
      const devices = await must<DeviceRow[]>(server.url, 'admin.devices', undefined, eve.token);
      expect(devices.find((d) => d.deviceId === s.deviceId)).toMatchObject({ appVersion: '0.1.0', kbVersion: KB_VERSION, pendingCount: 0 });

      await s.session.signOut();
    } finally {
      await host.close();
    }
  }, 120_000);
});

describe('remote wipe', () => {
  it('pushes the unsynced write first, purges the store, confirms, signs the user out and says so', async () => {
    const host = await workstation();
    try {
      const s = host.services;
      await s.session.signIn('dr.ada', 'lantern-demo');
      await s.sync.runOnce();
      const patientId = careTeam[1] ?? '';
      await must(server.url, 'admin.requestWipe', { deviceId: s.deviceId }, eve.token);
      vitalsWrite(host, s.session.userId ?? '', patientId);
      await s.sync.runOnce();

      // The write reached the server before the purge: nothing had to be kept.
      const officer = await login(server.url, 'privacy.dee');
      const { events } = await must<{ events: { action: string; deviceId: string }[] }>(server.url, 'audit.list', { patientId, limit: 200 }, officer.token);
      expect(events.some((e) => e.action === 'resource-create' && e.deviceId === s.deviceId)).toBe(true);
      const outbox = s.store.peekOutbox(10);
      expect(outbox.ok && outbox.value).toEqual([]);
      // Nothing of any chart is left, and nobody can sign in here offline.
      expect(s.store.getResource(patientId)).toMatchObject({ ok: true, value: null });
      expect(s.clinical.db.get<{ n: number }>('SELECT count(*) AS n FROM resources')?.n).toBe(0);
      expect(s.clinical.db.get<{ n: number }>('SELECT count(*) AS n FROM offline_credentials')?.n).toBe(0);
      expect((await s.session.current()).status).toBe('signed-out');
      expect(s.workstation?.wipedAt()).not.toBeNull();
      expect((await s.sync.status()).lastError).toBe('This workstation was wiped by your organisation');
      // The server heard the confirmation: the device is wiped and deactivated.
      const devices = await must<DeviceRow[]>(server.url, 'admin.devices', undefined, eve.token);
      expect(devices.find((d) => d.deviceId === s.deviceId)).toMatchObject({ active: false });
    } finally {
      await host.close();
    }
  }, 120_000);

  it('keeps a write the server has not accepted yet, and nothing else', async () => {
    const host = await workstation();
    try {
      const s = host.services;
      await s.session.signIn('dr.ada', 'lantern-demo');
      await s.sync.runOnce();
      vitalsWrite(host, s.session.userId ?? '', careTeam[2] ?? '');
      const summary = wipeStore(s.clinical.db, new Date());
      expect(summary.keptUnsynced).toBe(1);
      expect(summary.patients).toBeGreaterThan(0);
      const outbox = s.store.peekOutbox(10);
      expect(outbox.ok && outbox.value.map((e) => e.mutation.patientId)).toEqual([careTeam[2]]);
      expect(s.clinical.db.get<{ n: number }>('SELECT count(*) AS n FROM patients')?.n).toBe(0);
      await s.session.signOut();
    } finally {
      await host.close();
    }
  }, 120_000);
});
