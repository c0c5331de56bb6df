/**
 * The transaction-id watermark (settled-seq.ts) against the real Postgres, with the interleavings
 * written out step by step. A reader pages a feed the way sync.pull and the alert processor do:
 * rows with `seq` in (cursor, settled], then the cursor moves to `settled`. A writer takes its
 * transaction id, draws a number and commits later. The reader must see every committed row once.
 *
 * The case that matters most is the plainest: ONE writer in flight whose transaction id is the
 * newest one handed out. A snapshot's `xmax` is "latest completed id + 1", not "next id": such a
 * writer is at or above xmax, so it is absent from pg_snapshot_xip although every snapshot treats
 * it as running. A watermark that waits only on the xip list answers past its number at once.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../testing/harness.ts';
import { ensureDatabase, guardPoolConnections } from './database.ts';
import { settledSeq, TAKE_XID_SQL } from './settled-seq.ts';

let server: TestPostgres;
let pool: pg.Pool;

beforeAll(async () => {
  server = await startTestPostgres();
  pool = new pg.Pool({ connectionString: await ensureDatabase(server.superuserUrl, `settled_${randomUUID().slice(0, 8)}`), max: 12 });
  guardPoolConnections(pool, pino({ level: 'silent' })); // connections ended when the cluster stops
  await pool.query('CREATE SEQUENCE change_seq AS bigint; CREATE TABLE feed (seq bigint PRIMARY KEY)');
}, 120_000);
afterAll(async () => {
  await pool?.end();
  await server?.stop();
});

interface Writer {
  c: pg.PoolClient;
  xid: string;
  seqs: string[];
}

/** BEGIN and take the transaction id (as every writer does before it draws a number). */
async function begin(): Promise<Writer> {
  const c = await pool.connect();
  await c.query('BEGIN');
  await c.query(TAKE_XID_SQL);
  const r = await c.query<{ x: string }>('SELECT pg_current_xact_id()::text AS x');
  return { c, xid: r.rows[0]?.x ?? '', seqs: [] };
}
async function draw(w: Writer): Promise<string> {
  const r = await w.c.query<{ seq: string }>("INSERT INTO feed (seq) VALUES (nextval('change_seq')) RETURNING seq::text AS seq");
  const seq = r.rows[0]?.seq ?? '';
  w.seqs.push(seq);
  return seq;
}
async function end(w: Writer, how: 'COMMIT' | 'ROLLBACK'): Promise<void> {
  try {
    await w.c.query(how);
  } finally {
    w.c.release();
  }
}

/** One page of the feed: what a pull returns, and the cursor it hands back. */
async function page(cursor: string): Promise<{ seqs: string[]; cursor: string }> {
  const safe = await settledSeq(pool, 'change_seq');
  const r = await pool.query<{ seq: string }>('SELECT seq::text AS seq FROM feed WHERE seq > $1 AND seq <= $2 ORDER BY seq', [cursor, safe]);
  return { seqs: r.rows.map((x) => x.seq), cursor: BigInt(safe) > BigInt(cursor) ? safe : cursor };
}

async function lastSeq(): Promise<string> {
  const r = await pool.query<{ s: string }>('SELECT CASE WHEN is_called THEN last_value ELSE 0 END::text AS s FROM change_seq');
  return r.rows[0]?.s ?? '0';
}

const pause = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

describe('transaction-id watermark', () => {
  it('waits for a lone writer whose transaction id is the newest (above the snapshot xmax), and the feed keeps its row', async () => {
    const cursor = await lastSeq();
    const w = await begin();
    const seq = await draw(w);
    // The writer's id is at or above xmax: absent from the xip list although it is still running.
    const snap = await pool.query<{ inXip: boolean; aboveXmax: boolean }>(
      'SELECT $1::xid8 IN (SELECT pg_snapshot_xip(s)) AS "inXip", $1::xid8 >= pg_snapshot_xmax(s) AS "aboveXmax" FROM pg_current_snapshot() s', [w.xid],
    );
    expect(snap.rows[0]).toEqual({ inXip: false, aboveXmax: true });

    let done = false;
    const reading = page(cursor).finally(() => { done = true; });
    await pause(300);
    const answeredEarly = done;
    await end(w, 'COMMIT');
    const first = await reading;
    const second = await page(first.cursor);
    expect(answeredEarly).toBe(false);
    expect([...first.seqs, ...second.seqs]).toContain(seq);
  });

  it('waits for the newer of two writers when the older one drew a higher number and committed', async () => {
    const cursor = await lastSeq();
    const older = await begin(); // lower transaction id (in a real push: its resource write came first)
    const newer = await begin();
    const low = await draw(newer);
    const high = await draw(older);
    await end(older, 'COMMIT'); // the latest completed id is now below `newer`'s
    let done = false;
    const reading = page(cursor).finally(() => { done = true; });
    await pause(300);
    const answeredEarly = done;
    await end(newer, 'COMMIT');
    const first = await reading;
    const second = await page(first.cursor);
    expect(answeredEarly).toBe(false);
    expect([...first.seqs, ...second.seqs].sort()).toEqual([low, high].sort());
  });

  it('waits for an older writer still running when a newer one has committed a higher number', async () => {
    const cursor = await lastSeq();
    const older = await begin();
    const newer = await begin();
    const low = await draw(older);
    const high = await draw(newer);
    await end(newer, 'COMMIT');
    let done = false;
    const reading = page(cursor).finally(() => { done = true; });
    await pause(300);
    const answeredEarly = done;
    await end(older, 'COMMIT');
    const first = await reading;
    const second = await page(first.cursor);
    expect(answeredEarly).toBe(false);
    expect([...first.seqs, ...second.seqs].sort()).toEqual([low, high].sort());
  });

  it('concurrent writers (savepoints, rollbacks, several numbers each) and a paging reader: every committed row is read exactly once', async () => {
    const start = await lastSeq();
    const committed = new Set<string>();
    let rng = 0x2545f491;
    const rand = (n: number) => {
      rng ^= rng << 13; rng ^= rng >>> 17; rng ^= rng << 5;
      return (rng >>> 0) % n;
    };
    let writing = true;
    const writers = Array.from({ length: 6 }, async () => {
      for (let i = 0; i < 25; i++) {
        const w = await begin();
        if (rand(4) === 0) await w.c.query('SAVEPOINT s');
        for (let k = 0, n = 1 + rand(3); k < n; k++) {
          await draw(w);
          await pause(rand(4));
        }
        if (rand(10) === 0) await end(w, 'ROLLBACK');
        else {
          await end(w, 'COMMIT');
          for (const s of w.seqs) committed.add(s);
        }
        await pause(rand(3));
      }
    });
    const seen: string[] = [];
    const reader = (async () => {
      let cursor = start;
      while (writing) {
        const p = await page(cursor);
        seen.push(...p.seqs);
        cursor = p.cursor;
      }
      const p = await page(cursor);
      seen.push(...p.seqs);
    })();
    await Promise.all(writers);
    writing = false;
    await reader;
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...committed].sort());
  }, 60_000);
});
