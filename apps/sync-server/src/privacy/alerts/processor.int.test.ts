/**
 * The alert processor reads audit.events in `seq` order up to the settled audit seq
 * (db/settled-seq.ts). The 16 chains commit independently, so an event can commit after a higher
 * seq was judged; this checks, on the real Postgres, that such a late event is still judged.
 *
 * The interleaving is the one a FHIR write and a chart view produce: the writer's transaction has
 * its id from the resource write before the reader's does, the reader appends its audit event
 * (lower seq) and stays open, the writer appends its event (higher seq) and commits. The latest
 * completed transaction id is now below the reader's, which is therefore at or above every
 * snapshot's xmax and missing from its list of running ids.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditEvents, appendAuditEventsInBulk, serverEvent, type Actor } from '../../db/audit-log.ts';
import { ensureDatabase, guardPoolConnections, withTx } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { TAKE_XID_SQL } from '../../db/settled-seq.ts';
import { startTestPostgres, type TestPostgres } from '../../testing/harness.ts';
import { privacyAlertThresholds } from '../thresholds.ts';
import { NEXT_EVENTS_SQL, processAlerts, ROUND_BEGIN_SQL } from './processor.ts';

let server: TestPostgres;
let pool: pg.Pool;

beforeAll(async () => {
  server = await startTestPostgres();
  pool = new pg.Pool({ connectionString: await ensureDatabase(server.superuserUrl, 'alerts_late'), max: 6 });
  guardPoolConnections(pool, pino({ level: 'silent' })); // connections ended when the cluster stops
  const c = await pool.connect();
  try {
    await migrate(c);
  } finally {
    c.release();
  }
}, 120_000);
afterAll(async () => {
  await pool?.end();
  await server?.stop();
});

const pause = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
const actor = (userId: string): Actor => ({ userId, role: 'physician', deviceId: 'alerts-test', clientAddress: 'test' });
const t = privacyAlertThresholds(undefined);

describe('privacy alert processor', () => {
  it('judges an audit event that commits after a higher seq was committed', async () => {
    const vip = randomUUID();
    await pool.query("INSERT INTO restricted_patients (patient_id, kind, flagged_at) VALUES ($1, 'vip', now())", [vip]);
    const viewer = randomUUID();
    const writer = await pool.connect();
    const reader = await pool.connect();
    let done = false;
    try {
      await writer.query('BEGIN');
      await writer.query(TAKE_XID_SQL); // its resource write came first
      await reader.query('BEGIN');
      const [late] = await appendAuditEvents(reader, [serverEvent(actor(viewer), { action: 'chart-view', outcome: 'success', patientId: vip }, new Date())]);
      await appendAuditEvents(writer, [serverEvent(actor(randomUUID()), { action: 'resource-update', outcome: 'success', patientId: randomUUID() }, new Date())]);
      await writer.query('COMMIT');

      const first = processAlerts(pool, t, new Date()).finally(() => { done = true; });
      await pause(300);
      const answeredEarly = done;
      await reader.query('COMMIT');
      await first;
      while ((await processAlerts(pool, t, new Date())) > 0);

      expect(late).toBeDefined();
      expect(answeredEarly).toBe(false);
      const alerts = await pool.query<{ kind: string; user_id: string }>('SELECT kind, user_id FROM privacy_alerts WHERE patient_id = $1', [vip]);
      expect(alerts.rows).toEqual([{ kind: 'restricted-patient', user_id: viewer }]);
    } finally {
      if (!done) await reader.query('ROLLBACK').catch(() => undefined);
      writer.release();
      reader.release();
    }
  });

  // The processor keeps a busy user's hour and baseline between rounds (history-cache.ts): what a
  // later round adds to them, or a late event adds to the past, must count as if read afresh.
  it('counts one hour of charts across rounds, and a late event into the baseline before they are judged', async () => {
    const few = privacyAlertThresholds({ manyChartsMinimum: 3, manyChartsFactor: 3 });
    const hour = Date.UTC(2026, 5, 1, 10);
    const view = async (user: string, patients: string[], at: number) =>
      withTx(pool, (c) => appendAuditEvents(c, patients.map((p, i) => serverEvent(actor(user), { action: 'chart-view', outcome: 'success', patientId: p }, new Date(at + i * 60_000)))));
    /** Judges everything, then the many-charts alerts of `user` at 10:00. */
    const judged = async (user: string) => {
      while ((await processAlerts(pool, few, new Date())) > 0);
      const r = await pool.query('SELECT 1 FROM privacy_alerts WHERE dedupe_key = $1', [`many-charts|${user}|${hour / 3_600_000}`]);
      return r.rowCount;
    };
    const two = () => [randomUUID(), randomUUID()];
    // Two charts at 10:05 (limit 3: nothing), two more at 10:20, judged in a later round: four.
    const busy = randomUUID();
    await view(busy, two(), hour + 5 * 60_000);
    expect(await judged(busy)).toBe(0);
    await view(busy, two(), hour + 20 * 60_000);
    expect(await judged(busy)).toBe(1);
    // The same, but an offline workstation meanwhile reports eight charts at 08:00: the baseline
    // becomes 8 an hour (limit 24), so four charts at 10:00 are not many.
    const usual = randomUUID();
    await view(usual, two(), hour + 5 * 60_000);
    expect(await judged(usual)).toBe(0);
    await view(usual, Array.from({ length: 8 }, () => randomUUID()), hour - 2 * 3_600_000);
    await view(usual, two(), hour + 20 * 60_000);
    expect(await judged(usual)).toBe(0);
  });

  it('gathers a round of after-hours views into one alert per day, holding every event, with the last event\'s hour; a later round adds to it', async () => {
    const user = randomUUID();
    const at = (iso: string) => new Date(iso);
    const views = (times: string[]) => withTx(pool, (c) => appendAuditEvents(c, times.map((x) => serverEvent(actor(user), { action: 'chart-view', outcome: 'success', patientId: randomUUID() }, at(x)))));
    const seqsOf = async (ids: string[]) => (await pool.query<{ seq: string }>('SELECT seq FROM audit.events WHERE event_id = ANY($1) ORDER BY seq', [ids])).rows.map((r) => Number(r.seq));
    // 02:00 and 23:00 are outside the default usual hours (07-19, UTC); 10:00 is inside.
    const first = await views(['2026-03-02T02:10:00.000Z', '2026-03-02T10:00:00.000Z', '2026-03-02T23:40:00.000Z', '2026-03-03T03:05:00.000Z', '2026-03-02T02:20:00.000Z']);
    while ((await processAlerts(pool, t, new Date())) > 0);
    const alerts = async () => (await pool.query<{ dedupe_key: string; occurred_at: Date; event_seqs: string[]; detail: { hour: number; usualHours: string } }>(
      "SELECT dedupe_key, occurred_at, event_seqs, detail FROM privacy_alerts WHERE kind = 'after-hours' AND user_id = $1 ORDER BY dedupe_key", [user])).rows
      .map((r) => ({ key: r.dedupe_key, occurredAt: r.occurred_at.toISOString(), seqs: r.event_seqs.map(Number), detail: r.detail }));
    const usualHours = '7,8,9,10,11,12,13,14,15,16,17,18';
    const ids = first.map((e) => e.eventId);
    const [a, , c, d, e] = await seqsOf(ids);
    expect(await alerts()).toEqual([
      { key: `after-hours|${user}|2026-03-02`, occurredAt: '2026-03-02T02:10:00.000Z', seqs: [a, c, e], detail: { hour: 2, usualHours } },
      { key: `after-hours|${user}|2026-03-03`, occurredAt: '2026-03-03T03:05:00.000Z', seqs: [d], detail: { hour: 3, usualHours } },
    ]);
    const later = await views(['2026-03-03T04:00:00.000Z']);
    while ((await processAlerts(pool, t, new Date())) > 0);
    const [f] = await seqsOf(later.map((x) => x.eventId));
    expect((await alerts())[1]).toEqual({ key: `after-hours|${user}|2026-03-03`, occurredAt: '2026-03-03T03:05:00.000Z', seqs: [d, f], detail: { hour: 4, usualHours } });
  });

  it('reads a round\'s events through the primary key in seq order, not the whole backlog behind the cursor, while the table has no statistics yet', async () => {
    // A fresh database (a new server, or audit.events before autovacuum analyzed it): no statistics.
    const fresh = new pg.Pool({ connectionString: await ensureDatabase(server.superuserUrl, 'alerts_plan'), max: 2 });
    guardPoolConnections(fresh, pino({ level: 'silent' }));
    const c = await fresh.connect();
    try {
      await migrate(c);
      await c.query('ALTER TABLE audit.events SET (autovacuum_enabled = false)');
      for (let b = 0; b < 5; b++) {
        await c.query('BEGIN');
        await appendAuditEventsInBulk(c, Array.from({ length: 5000 }, () => serverEvent(actor(randomUUID()), { action: 'chart-view', outcome: 'success', patientId: randomUUID() }, new Date())));
        await c.query('COMMIT');
      }
      await c.query(ROUND_BEGIN_SQL);
      const cursor = (await c.query<{ s: string }>('SELECT max(seq) - 20000 AS s FROM audit.events')).rows[0]?.s;
      const plan = JSON.stringify((await c.query(`EXPLAIN (FORMAT JSON) ${NEXT_EVENTS_SQL}`, [cursor, ['sync.pull'], Number.MAX_SAFE_INTEGER])).rows[0]);
      await c.query('ROLLBACK');
      expect(plan).toContain('"Index Name":"events_pkey"');
      expect(plan).not.toContain('Sort');
      expect(plan).not.toContain('Bitmap');
    } finally {
      c.release();
      await fresh.end();
    }
  });
});

