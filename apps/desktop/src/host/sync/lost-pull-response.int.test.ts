/**
 * A first sync whose answers go missing, against the real sync server (embedded Postgres), the real
 * encrypted store and the real sync loop; only the HTTP fetch under the client is wrapped: it lets
 * one backfill page reach the server and be answered, then loses the answer (as a dropped
 * connection), and it holds another page past the pull timeout. The store must end up with every
 * resource of the scope: the server derives each page from the token the workstation echoes, so the
 * lost page is sent again instead of being skipped.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '@lantern/core';
// The server's harness, for tests only: the host itself imports nothing of the server but its router type.
import type { TestServer } from '../../../../sync-server/src/testing/harness.ts';
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

type Fault = 'drop-answer' | 'too-slow';

/** A workstation (store + loop) whose fetch applies `faults` to the pulls with those numbers (1-based). */
async function workstation(name: string, faults: Map<number, Fault>) {
  const deviceId = randomUUID();
  const store = unwrap(await openStore({ path: join(dir, `${name}.db`), keyProvider: explicitKeyProvider(randomKey()) })) as LocalStore;
  let pulls = 0;
  const faulty: typeof fetch = async (url, init) => {
    if (!String(url).includes('sync.pull')) return fetch(url, init);
    pulls += 1;
    const fault = faults.get(pulls);
    if (fault === 'too-slow') {
      // Never answered in time: the client's own timeout fires (the server is not asked at all).
      return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    }
    const res = await fetch(url, init);
    if (fault !== 'drop-answer') return res;
    await res.arrayBuffer(); // the server has answered (and committed); the answer is lost on the way back
    throw new TypeError('fetch failed: connection reset');
  };
  const api = createServerApi({ baseUrl: server.url, device: ephemeralDeviceKey(deviceId), timeoutMs: 30_000, pullTimeoutMs: 1_500, fetch: faulty });
  const login = await api.login({ username: 'dr.ada', password: 'lantern-demo', deviceId });
  const loop = new SyncLoop({
    store: localSyncStore(store, { userId: () => login.user.userId, uuid: randomUUID, now: () => new Date() }),
    api, deviceId, auth: { canSync: () => true, accessToken: () => login.accessToken, refresh: () => Promise.resolve(false), userId: login.user.userId },
    // Small pages: the scope is many backfill pages.
    pullPageSize: 40, catchUpPageSize: 40, backoffBaseMs: 20, backoffMaxMs: 50,
  });
  const ids = (): string[] => store.db.all<{ id: string }>('SELECT id FROM resources ORDER BY id').map((r) => r.id);
  return { store, loop, ids, pulls: () => pulls };
}

describe('first sync with a lost answer', () => {
  it('stores every resource of the scope when one backfill answer is lost and one page times out', async () => {
    const clean = await workstation('clean', new Map());
    await clean.loop.runOnce();
    expect((await clean.loop.status()).lastError).toBeNull();
    const expected = clean.ids();
    expect(clean.pulls()).toBeGreaterThan(6);

    // Pull 3 is a backfill page (the first sync's pages are all backfill until the scope is sent).
    const faulty = await workstation('faulty', new Map<number, Fault>([[3, 'drop-answer'], [5, 'too-slow']]));
    await faulty.loop.runOnce();
    // The lost answer ends the cycle (the server looks unreachable); the next one resumes from what was stored.
    expect((await faulty.loop.status()).lastError).toBe('Server unreachable');
    for (let i = 0; i < 3 && (await faulty.loop.status()).lastError !== null; i++) await faulty.loop.runOnce();
    expect((await faulty.loop.status()).lastError).toBeNull();
    // The slow page was asked for again within its cycle; the lost one was sent again, not skipped.
    expect(faulty.ids()).toEqual(expected);
    clean.store.close();
    faulty.store.close();
  }, 120_000);
});
