/**
 * The "transaction-id watermark" for sequence-numbered feeds, without a global lock. Writers make
 * sure their transaction has an id BEFORE they draw a number (resources.ts: `pg_current_xact_id()`;
 * audit-log.ts: the chain head's row lock assigns it). `settledSeq` reads the sequence's last value
 * L, THEN takes a transaction id R of its own, and waits until no transaction with an id below R
 * is still running. A writer that drew a number <= L had its id before L was read, so its id is
 * below R: once none below R is running, every number <= L belongs to a committed or rolled-back
 * transaction, and a reader bounded by L never skips a row that commits late with a lower number.
 * Writers never wait for one another or for a reader; a reader waits only for the transactions
 * that had an id when it started (polled, backing off: it holds no lock).
 *
 * Why R and the snapshot's xmin, not the snapshot's list of running ids (pg_snapshot_xip): a
 * snapshot's xmax is "latest COMPLETED id + 1", not "next id to assign", and ids at or above xmax
 * are treated as running without being listed. A lone writer whose id is the newest one handed out
 * is exactly such a transaction: it is absent from the xip list, and a watermark that waited on
 * that list answered past its number at once (settled-seq.int.test.ts shows the loss). The
 * snapshot's xmin is min(xmax, listed ids, own id), so `xmin >= R` holds only when every id below
 * R has left the process array, whichever side of xmax it was on; a snapshot taken after that sees
 * their rows. Sequences must keep CACHE 1 (the default): a per-session cache would hand out
 * numbers <= L after L was read.
 * PostgreSQL 13+: pg_current_xact_id, pg_current_snapshot, pg_snapshot_xmin.
 */
import type pg from 'pg';
import { z } from 'zod';

/** Statement a writer runs before drawing a number (assigns the transaction id if it has none). */
export const TAKE_XID_SQL = 'SELECT pg_current_xact_id()';

const SettledRows = z.tuple([
  z.object({ rows: z.tuple([z.object({ s: z.coerce.string() })]) }),
  z.object({ rows: z.tuple([z.object({ r: z.string() })]) }),
  z.object({ rows: z.tuple([z.object({ clear: z.boolean() })]) }),
]);
const ClearRow = z.tuple([z.object({ clear: z.boolean() })]);

/** The sequences read this way (trusted identifiers, never user input). */
export type WatermarkedSequence = 'change_seq' | 'audit.event_seq';

/**
 * Three statements in one round trip and one implicit transaction, in this order (READ COMMITTED:
 * each statement's snapshot is taken after the previous one ran): the last value L, the reader's
 * own id R (assigned after L was read), and whether nothing below R is running already. The
 * implicit transaction ends with the round trip, so R itself never holds anyone up.
 */
export async function settledSeq(pool: pg.Pool, sequence: WatermarkedSequence): Promise<string> {
  const r: unknown = await pool.query(
    `SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS s FROM ${sequence};
     SELECT pg_current_xact_id()::text AS r;
     SELECT pg_snapshot_xmin(pg_current_snapshot()) >= pg_current_xact_id() AS clear`,
  );
  const [last, own, first] = SettledRows.parse(r);
  const reader = own.rows[0].r;
  let clear = first.rows[0].clear;
  for (let wait = 1; !clear; wait = Math.min(wait * 2, 20)) {
    await new Promise((done) => setTimeout(done, wait));
    // A fresh snapshot (no id of its own): its xmin is the oldest id still running.
    const now = await pool.query('SELECT pg_snapshot_xmin(pg_current_snapshot()) > $1::xid8 AS clear', [reader]);
    clear = ClearRow.parse(now.rows)[0].clear;
  }
  return last.rows[0].s;
}
