/**
 * The change feed's safe point (resources.ts, safeChangeSeq) against the real Postgres: a change
 * that draws its seq first but commits last is never skipped by sync.pull (the pull waits for it),
 * a lone writer in flight is waited for too, and no writer waits for a pull or for another writer.
 */
import type { PullOutput } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';
import { persistWrites, prepareWrite, readResource, type StoredResource } from './resources.ts';
import { withTx } from './database.ts';
import type { Actor } from './audit-log.ts';

let pg: TestPostgres;
let server: TestServer;

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 4, demoHeavyPatient: false });
}, 120_000);
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

const actor: Actor = { userId: 'system', role: 'system', deviceId: 'change-feed-test', clientAddress: 'test' };
const pull = (s: Session, cursor: string | null) => must<PullOutput>(server.url, 'sync.pull', { cursor, limit: 5000 }, s.token);

async function pullAll(s: Session, from: string | null): Promise<{ keys: string[]; cursor: string }> {
  const keys: string[] = [];
  let cursor = from;
  for (let i = 0; i < 1000; i++) {
    const page = await pull(s, cursor);
    keys.push(...page.changes.map((c) => `${c.resourceType}/${c.resourceId}@${c.version}`));
    cursor = page.cursor;
    if (!page.hasMore) return { keys, cursor };
  }
  throw new Error('pull did not terminate');
}

/** Rewrites a resource (same content, next version) in the given transaction. */
async function touch(c: Parameters<typeof persistWrites>[0], current: StoredResource): Promise<string> {
  const w = prepareWrite({ op: 'update', resourceType: current.resourceType, id: current.id, patientId: current.patientId, resource: current.resource, current }, new Date());
  await persistWrites(c, [w], actor);
  return `${current.resourceType}/${current.id}@${w.version}`;
}

const pause = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Three Observations of dr.ada's scope, read fresh. */
async function observations(keys: readonly string[]): Promise<[StoredResource, StoredResource, StoredResource]> {
  const ids = [...new Set(keys.filter((k) => k.startsWith('Observation/')).map((k) => k.split('@')[0] as string))].slice(0, 3);
  expect(ids.length).toBe(3);
  const rows = await Promise.all(ids.map(async (k) => {
    const [type, id] = k.split('/') as [string, string];
    const r = await readResource(server.pool, type, id);
    if (r === null) throw new Error('resource vanished');
    return r;
  }));
  return rows as [StoredResource, StoredResource, StoredResource];
}

describe('change feed safe point', () => {
  it('returns a late-committing change with a lower seq, and lets other writers commit meanwhile', async () => {
    const ada = await login(server.url, 'dr.ada');
    const first = await pullAll(ada, null);
    const [a, b, c] = await observations(first.keys);

    // T1 draws its seq first and stays open.
    const t1 = await server.pool.connect();
    let settled = false;
    try {
      await t1.query('BEGIN');
      const late = await touch(t1, (await readResource(t1, a.resourceType, a.id, { forUpdate: true })) ?? a);
      // T2 draws a later seq and commits.
      const early = await withTx(server.pool, async (t2) => touch(t2, (await readResource(t2, b.resourceType, b.id, { forUpdate: true })) ?? b));
      // A pull starts while T1 is open.
      const pending = pullAll(ada, first.cursor).finally(() => { settled = true; });
      await pause(300);
      // T3 writes and commits while that pull is waiting: no writer waits for a pull (a global
      // lock taken exclusive by the pull would queue T3 behind it until T1 ends).
      const t3 = withTx(server.pool, async (t) => touch(t, (await readResource(t, c.resourceType, c.id, { forUpdate: true })) ?? c));
      const meanwhile = await Promise.race([t3, pause(10_000).then(() => 'T3 waited for the pull')]);
      // The pull waits for T1 rather than answer past its seq.
      expect(settled).toBe(false);
      await t1.query('COMMIT');
      const got = await pending;
      const next = await pullAll(ada, got.cursor);
      const seen = [...got.keys, ...next.keys];
      // The clinician's workstation receives T1's change although a later seq committed first.
      expect(seen).toContain(late);
      expect(seen).toContain(early);
      expect(meanwhile).toMatch(/^Observation\//);
      await t3;
      expect([...seen, ...(await pullAll(ada, next.cursor)).keys]).toContain(meanwhile);
      // The cursor is still the plain numeric change seq: old workstations pull unchanged.
      expect(got.cursor).toMatch(/^\d+$/);
    } finally {
      if (!settled) await t1.query('ROLLBACK').catch(() => undefined);
      t1.release();
    }
  }, 120_000);

  it('waits for a lone writer in flight (its transaction id the newest) and the next pull has its change', async () => {
    const ada = await login(server.url, 'dr.ada');
    const first = await pullAll(ada, null);
    const [a] = await observations(first.keys);
    const t1 = await server.pool.connect();
    let settled = false;
    try {
      await t1.query('BEGIN');
      // The only transaction writing: nothing with a later id has completed, so its id is at or
      // above every snapshot's xmax while it runs.
      const late = await touch(t1, (await readResource(t1, a.resourceType, a.id, { forUpdate: true })) ?? a);
      const pending = pullAll(ada, first.cursor).finally(() => { settled = true; });
      await pause(500);
      const answeredEarly = settled;
      await t1.query('COMMIT');
      const got = await pending;
      const next = await pullAll(ada, got.cursor);
      expect(answeredEarly).toBe(false);
      expect([...got.keys, ...next.keys]).toContain(late);
    } finally {
      if (!settled) await t1.query('ROLLBACK').catch(() => undefined);
      t1.release();
    }
  }, 120_000);
});
