/**
 * A long outbox against the real sync server (embedded Postgres), the real encrypted store and the
 * real sync loop; only the HTTP fetch under the client is wrapped. Once the server has said it checks
 * `after`, each next batch leaves behind the one in flight. What a clinician relies on: every queued
 * change is decided once and in the order it was made, also when a batch sent behind reaches the
 * server first (refused, sent again alone); a batch behind an answer asking to retry a change is not
 * stored and nothing after it goes until the next cycle; an older server (no `checksAfter`) is never
 * sent a batch ahead.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newMutation, unwrap, type Mutation } from '@lantern/core';
// The server's harness, for tests only: the host itself imports nothing of the server but its router type.
import type { TestServer } from '../../../../sync-server/src/testing/harness.ts';
import { demoPatients, observation } from '../../../../sync-server/src/testing/fixtures.ts';
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
let patientId: string;

beforeAll(async () => {
  t = await testServerAndFolder({ demoPatients: 5, rateLimitPerMinute: 100_000 });
  ({ server, dir } = t);
  patientId = (await demoPatients(server)).careTeam[0] ?? '';
}, 180_000);
afterAll(async () => {
  await t?.close();
});

interface Request { after: boolean; inFlightAtSend: number; refused: boolean }

/** A workstation signed in as dr.ada whose push requests pass through `wrap` (the real fetch underneath). */
async function workstation(wrap: (url: string, init: RequestInit | undefined, send: () => Promise<Response>) => Promise<Response> = (_u, _i, send) => send()) {
  const deviceId = randomUUID();
  const store = unwrap(await openStore({ path: join(dir, `${deviceId}.db`), keyProvider: explicitKeyProvider(randomKey()) })) as LocalStore;
  const requests: Request[] = [];
  let inFlight = 0;
  const wrapped: typeof fetch = async (url, init) => {
    if (!String(url).includes('sync.push')) return fetch(url, init);
    const r: Request = { after: String(init?.body).includes('"after":'), inFlightAtSend: inFlight, refused: false };
    requests.push(r);
    inFlight += 1;
    try {
      const res = await wrap(String(url), init, () => fetch(url, init));
      r.refused = res.status === 412;
      return res;
    } finally {
      inFlight -= 1;
    }
  };
  const api = createServerApi({ baseUrl: server.url, device: ephemeralDeviceKey(deviceId), timeoutMs: 60_000, fetch: wrapped });
  const login = await api.login({ username: 'dr.ada', password: 'lantern-demo', deviceId });
  const userId = login.user.userId;
  const loop = new SyncLoop({
    store: localSyncStore(store, { userId: () => userId, uuid: randomUUID, now: () => new Date() }),
    api, deviceId, auth: { canSync: () => true, accessToken: () => login.accessToken, refresh: () => Promise.resolve(false), userId },
    backoffBaseMs: 20, backoffMaxMs: 50,
  });
  /** Queues `n` heart-rate creates, in order; returns their record ids in that order. */
  const queue = (n: number): string[] => {
    const ids: string[] = [];
    const now = new Date().toISOString();
    store.db.write(() => {
      for (let i = 0; i < n; i++) {
        const m: Mutation = unwrap(newMutation({ mutationId: randomUUID(), deviceId, userId, createdAt: now, patientId, op: 'create', resource: observation(patientId, randomUUID(), 60 + (i % 40)) as never }));
        unwrap(store.applyLocalMutation(m));
        ids.push(m.resourceId);
      }
    });
    return ids;
  };
  const close = async () => {
    await loop.stop().catch(() => undefined);
    store.close();
  };
  return { store, loop, queue, requests, close, pending: () => unwrap(store.outboxSize()) };
}

/** The records of `ids` the server holds, in the order it decided them, and how many versions it wrote. */
async function decided(ids: string[]): Promise<{ order: string[]; versions: number }> {
  return server.asOwner(async (c) => {
    const r = await c.query('SELECT id FROM resources WHERE id = ANY($1::text[]) ORDER BY seq', [ids]);
    const v = await c.query('SELECT count(*)::int AS n FROM resource_versions WHERE id = ANY($1::text[])', [ids]);
    return { order: r.rows.map((x: { id: string }) => x.id), versions: v.rows[0].n as number };
  });
}

it('sends each next batch behind the one in flight once the server checks `after`; all decided once, in outbox order', async () => {
  const w = await workstation();
  try {
    const ids = w.queue(1_700);
    await w.loop.runOnce();
    expect((await w.loop.status()).lastError).toBeNull();
    expect(w.pending()).toBe(0);
    expect(await decided(ids)).toEqual({ order: ids, versions: 1_700 });
    // The first two leave one after the other (the first answer says the server checks `after`); the rest behind the one in flight.
    expect(w.requests.map((r) => r.after)).toEqual([false, false, true, true]);
    expect(w.requests.filter((r) => r.after).every((r) => r.inFlightAtSend === 1)).toBe(true);
  } finally {
    await w.close();
  }
});

it('a batch sent behind that reaches the server first waits there for the one before, and all is decided once, in order', async () => {
  // Requests without `after` are held back on the way, so each batch sent behind overtakes the one before it.
  const w = await workstation(async (_u, init, send) => {
    if (!String(init?.body).includes('"after":')) await new Promise((r) => setTimeout(r, 250));
    return send();
  });
  try {
    const ids = w.queue(1_600);
    await w.loop.runOnce();
    expect((await w.loop.status()).lastError).toBeNull();
    expect(w.pending()).toBe(0);
    expect(w.requests.map((r) => [r.after, r.refused])).toEqual([[false, false], [false, false], [true, false], [true, false]]);
    expect(await decided(ids)).toEqual({ order: ids, versions: 1_600 });
  } finally {
    await w.close();
  }
});

it('a batch sent behind one that does not reach the server in time is refused, sent again alone after that answer, and all is decided once, in order', async () => {
  // The second request is held back longer than the server waits for it.
  let delayed = false;
  const w = await workstation(async (_u, _i, send) => {
    if (w.requests.length === 2 && !delayed) {
      delayed = true;
      await new Promise((r) => setTimeout(r, 3_500));
    }
    return send();
  });
  try {
    const ids = w.queue(1_600);
    await w.loop.runOnce();
    expect((await w.loop.status()).lastError).toBeNull();
    expect(w.pending()).toBe(0);
    // The third is refused; the fourth, sent behind it before that answer, waits on the server for it, sent again alone.
    expect(w.requests.map((r) => [r.after, r.refused])).toEqual([[false, false], [false, false], [true, true], [true, false], [false, false]]);
    expect(await decided(ids)).toEqual({ order: ids, versions: 1_600 });
  } finally {
    await w.close();
  }
}, 30_000);

it('a batch behind an answer asking to retry a change is not stored and nothing after it goes; the next cycle sends the rest in order', async () => {
  const w = await workstation();
  try {
    const ids = w.queue(1_800);
    const poison = ids[700] ?? '';
    // The database refuses one record of the second batch this time (the server answers it INTERNAL: retry).
    await server.asOwner(async (c) => {
      await c.query(`CREATE OR REPLACE FUNCTION test_refuse_record() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.id = '${poison}' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$`);
      await c.query('CREATE TRIGGER test_refuse_record BEFORE INSERT OR UPDATE ON resources FOR EACH ROW EXECUTE FUNCTION test_refuse_record()');
    });
    try {
      await w.loop.runOnce();
    } finally {
      await server.asOwner((c) => c.query('DROP TRIGGER test_refuse_record ON resources'));
    }
    // Batches 1 and 2 (but the refused record) are stored; batch 3 was sent behind batch 2 and refused whole; batch 4 never left.
    expect(w.requests.map((r) => [r.after, r.refused])).toEqual([[false, false], [false, false], [true, true]]);
    expect((await decided(ids)).order).toEqual([...ids.slice(0, 700), ...ids.slice(701, 1_000)]);
    expect(w.pending()).toBe(801);
    await w.loop.runOnce();
    expect(w.pending()).toBe(0);
    expect(await decided(ids)).toEqual({ order: [...ids.slice(0, 700), ...ids.slice(701, 1_000), poison, ...ids.slice(1_000)], versions: 1_800 });
  } finally {
    await w.close();
  }
});

it('an older server, whose answers do not say it checks `after`, is never sent a batch ahead', async () => {
  const w = await workstation(async (_u, _i, send) => {
    const res = await send();
    const body = (await res.text()).replace(/,"checksAfter":true/g, '');
    return new Response(body, { status: res.status, headers: res.headers });
  });
  try {
    const ids = w.queue(1_600);
    await w.loop.runOnce();
    expect(w.pending()).toBe(0);
    expect(w.requests).toHaveLength(4);
    expect(w.requests.every((r) => !r.after && r.inFlightAtSend === 0)).toBe(true);
    expect(await decided(ids)).toEqual({ order: ids, versions: 1_600 });
  } finally {
    await w.close();
  }
});
