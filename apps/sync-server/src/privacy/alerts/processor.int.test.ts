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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditEvents, serverEvent, type Actor } from '../../db/audit-log.ts';
import { ensureDatabase } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { TAKE_XID_SQL } from '../../db/settled-seq.ts';
import { startTestPostgres, type TestPostgres } from '../../testing/harness.ts';
import { privacyAlertThresholds } from '../thresholds.ts';
import { processAlerts } from './processor.ts';

let server: TestPostgres;
let pool: pg.Pool;

beforeAll(async () => {
  server = await startTestPostgres();
  pool = new pg.Pool({ connectionString: await ensureDatabase(server.superuserUrl, 'alerts_late'), max: 6 });
  pool.on('error', () => undefined); // connections ended when the cluster stops
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
});
