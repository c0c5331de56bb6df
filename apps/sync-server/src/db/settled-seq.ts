/**
 * The "transaction-id watermark" for sequence-numbered feeds, without a global lock. Writers make
 * sure their transaction has an id BEFORE they draw a number (resources.ts: `pg_current_xact_id()`;
 * audit-log.ts: the chain head's row lock assigns it). `settledSeq` reads the sequence's last value
 * L, THEN takes a snapshot and waits until every transaction in progress in that snapshot has
 * ended. A writer that drew a number <= L had its id before L was read, so it is either finished or
 * in that snapshot: once they have all ended, every number <= L belongs to a committed or
 * rolled-back transaction, and a reader bounded by L never skips a row that commits late with a
 * lower number. Writers never wait for one another or for a reader; a reader waits only for the
 * transactions already running when it started (polled, backing off: it holds no lock).
 * PostgreSQL 13+: pg_current_xact_id, pg_current_snapshot, pg_snapshot_xip.
 */
import type pg from 'pg';
import { z } from 'zod';

/** Statement a writer runs before drawing a number (assigns the transaction id if it has none). */
export const TAKE_XID_SQL = 'SELECT pg_current_xact_id()';

const SettledRows = z.tuple([
  z.object({ rows: z.tuple([z.object({ s: z.coerce.string() })]) }),
  z.object({ rows: z.array(z.object({ x: z.string() })) }),
]);

/** The sequences read this way (trusted identifiers, never user input). */
export type WatermarkedSequence = 'change_seq' | 'audit.event_seq';

/**
 * Two statements in one round trip, in this order (READ COMMITTED: the second one's snapshot is
 * taken after the first has read the sequence): the last value, then the running transaction ids.
 */
export async function settledSeq(pool: pg.Pool, sequence: WatermarkedSequence): Promise<string> {
  const r: unknown = await pool.query(
    `SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS s FROM ${sequence};
     SELECT x::text AS x FROM pg_snapshot_xip(pg_current_snapshot()) AS x`,
  );
  const [last, running] = SettledRows.parse(r);
  let xids = running.rows.map((row) => row.x);
  for (let wait = 1; xids.length > 0; wait = Math.min(wait * 2, 20)) {
    await new Promise((done) => setTimeout(done, wait));
    // Still running as a NEW snapshot sees it, not as pg_xact_status says: the commit log marks a
    // transaction committed before it leaves the process array, and until it has left, a snapshot
    // (the pull's query) still treats it as running and would not see its rows.
    const still = await pool.query('SELECT x::text AS x FROM unnest($1::xid8[]) AS x WHERE x IN (SELECT pg_snapshot_xip(pg_current_snapshot()))', [xids]);
    xids = z.array(z.object({ x: z.string() })).parse(still.rows).map((row) => row.x);
  }
  return last.rows[0].s;
}
