/**
 * A purge whose answer goes missing, against the real sync server (embedded Postgres), the real
 * encrypted store and the real sync loop; only the HTTP fetch under the client is wrapped. A patient
 * leaves the clinician's care team; the pull answer that carries the purge is lost after the server
 * committed it. The server must ask again, and the next cycle must take the patient's rows out of
 * the SQLCipher file (checked by opening the file afresh). The page carrying a purge is applied
 * before the pull that acknowledges it leaves.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap, type PullOutput } from '@lantern/core';
// The server's harness, for tests only: the host itself imports nothing of the server but its router type.
import { login as harnessLogin, must, type TestServer } from '../../../../sync-server/src/testing/harness.ts';
import { mutation, observation } from '../../../../sync-server/src/testing/fixtures.ts';
import { ephemeralDeviceKey } from '../session/device-key.ts';
import { explicitKeyProvider, randomKey } from '../store/key/key-provider.ts';
import type { LocalStore } from '../store/local-store.ts';
import { openStore } from '../store/open-store.ts';
import { localSyncStore } from './local-sync-store.ts';
import { createServerApi } from './server-api.ts';
import { SyncLoop } from './sync-loop.ts';
import { testServerAndFolder, type TestServerAndFolder } from './testing/host-with-test-server.ts';

let t: TestServerAndFolder | undefined;
let server: TestServer;
let dir: string;

beforeAll(async () => {
  t = await testServerAndFolder({ demoPatients: 12 });
  ({ server, dir } = t);
}, 180_000);
afterAll(async () => {
  await t?.close();
});

const rowsOf = (store: LocalStore, patientId: string) => ({
  resources: store.db.get<{ n: number }>('SELECT count(*) AS n FROM resources WHERE patient_id = ?', patientId)?.n ?? -1,
  search: store.db.get<{ n: number }>('SELECT count(*) AS n FROM patients WHERE patient_id = ?', patientId)?.n ?? -1,
});

describe('a lost purge answer', () => {
  it('is answered again, and the next cycle purges the patient from the encrypted store file', async () => {
    const deviceId = randomUUID();
    const path = join(dir, 'ws.db');
    const key = randomKey();
    const store = unwrap(await openStore({ path, keyProvider: explicitKeyProvider(key) })) as LocalStore;
    const log: string[] = [];
    let dropNext = false;
    const faulty: typeof fetch = async (url, init) => {
      if (!String(url).includes('sync.pull')) return fetch(url, init);
      const res = await fetch(url, init);
      if (!dropNext) return res;
      dropNext = false;
      await res.arrayBuffer(); // the server has answered (and committed); the answer is lost on the way back
      throw new TypeError('fetch failed: connection reset');
    };
    const client = createServerApi({ baseUrl: server.url, device: ephemeralDeviceKey(deviceId), timeoutMs: 30_000, fetch: faulty });
    // When the loop asks for a page (with the cursor and token it holds), whenever the request then reaches the wire.
    const api: typeof client = { ...client, pull: (token, input) => {
      log.push('request');
      return client.pull(token, input);
    } };
    const login = await api.login({ username: 'dr.ada', password: 'lantern-demo', deviceId });
    const syncStore = localSyncStore(store, { userId: () => login.user.userId, uuid: randomUUID, now: () => new Date() });
    const loop = new SyncLoop({
      store: {
        ...syncStore,
        applyPullPage: async (page: PullOutput) => {
          await syncStore.applyPullPage(page);
          log.push(page.purgePatients.length > 0 ? 'applied purge' : 'applied');
        },
      },
      api, deviceId, auth: { canSync: () => true, accessToken: () => login.accessToken, refresh: () => Promise.resolve(false), userId: login.user.userId },
      pullPageSize: 5, catchUpPageSize: 500, backoffBaseMs: 20, backoffMaxMs: 50,
    });
    await loop.runOnce();
    expect((await loop.status()).lastError).toBeNull();

    // A care-team patient of hers not on a unit: off the care team, the patient leaves her scope.
    const { leaving, staying } = await server.asOwner(async (c) => {
      const r = await c.query(
        `SELECT ct.patient_id::text AS p FROM care_team ct WHERE ct.user_id = $1
           AND ct.patient_id NOT IN (SELECT patient_id FROM patient_units) ORDER BY 1`,
        [login.user.userId],
      );
      const ps = r.rows.map((x: { p: string }) => x.p);
      return { leaving: ps[0] ?? '', staying: ps[1] ?? '' };
    });
    expect(rowsOf(store, leaving).resources).toBeGreaterThan(0);
    expect(rowsOf(store, leaving).search).toBe(1);
    await server.asOwner((c) => c.query('DELETE FROM care_team WHERE patient_id = $1 AND user_id = $2', [leaving, login.user.userId]));
    // More than a page of other changes: the page carrying the purge has more after it.
    const other = await harnessLogin(server.url, 'dr.ada');
    await must(server.url, 'sync.push', {
      deviceId: other.deviceId,
      mutations: Array.from({ length: 12 }, (_, i) => mutation(other, { op: 'create', patientId: staying, resource: observation(staying, randomUUID(), 60 + i) })),
    }, other.token);

    dropNext = true;
    await loop.runOnce();
    expect((await loop.status()).lastError).toBe('Server unreachable');
    expect(rowsOf(store, leaving).resources).toBeGreaterThan(0); // the answer never arrived

    log.length = 0;
    await loop.runOnce();
    expect((await loop.status()).lastError).toBeNull();
    // Asked again, applied, and only then the pull that acknowledges it.
    const purgeAt = log.indexOf('applied purge');
    expect(purgeAt).toBeGreaterThan(0);
    expect(log.slice(0, purgeAt).filter((x) => x === 'request')).toHaveLength(1);
    await loop.runOnce(); // carries the acknowledgement if the last cycle ended on the purge page

    loop.stop().catch(() => undefined);
    store.close();
    // The file itself, opened afresh with its key: none of the patient's rows are left.
    const reopened = unwrap(await openStore({ path, keyProvider: explicitKeyProvider(key) })) as LocalStore;
    try {
      expect(rowsOf(reopened, leaving)).toEqual({ resources: 0, search: 0 });
      expect(rowsOf(reopened, staying).resources).toBeGreaterThan(0);
      // Told again (an answer repeated after a lost acknowledgement): nothing left to do, nothing else touched.
      const cursorName = `pull:${login.user.userId}`;
      const cursor = unwrap(reopened.getCursor(cursorName)) ?? '';
      const again = reopened.applyPullPage({ changes: [], purgePatients: [leaving] as PullOutput['purgePatients'], cursor, hasMore: false, remaining: 0 }, cursorName, login.user.userId);
      expect(again).toMatchObject({ ok: true, value: { purged: 0 } });
      expect(rowsOf(reopened, staying).resources).toBeGreaterThan(0);
    } finally {
      reopened.close();
    }
    // The server has its acknowledgement: the scope row is gone and the purge is confirmed in the audit log.
    const server1 = await server.asOwner(async (c) => ({
      scope: (await c.query('SELECT 1 FROM sync_scope WHERE device_id = $1 AND patient_id = $2', [deviceId, leaving])).rowCount,
      confirmed: (await c.query("SELECT 1 FROM audit.events WHERE device_id = $1 AND patient_id = $2 AND detail->>'op' = 'device-purge-confirmed'", [deviceId, leaving])).rowCount,
    }));
    expect(server1).toEqual({ scope: 0, confirmed: 1 });
  }, 120_000);
});
