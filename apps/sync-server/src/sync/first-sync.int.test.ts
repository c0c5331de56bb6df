/**
 * The reads that plan a first sync run before its first page can leave, so before the clinician's
 * first chart: on 250,000 resources they were whole-table scans (about 1.5 s on a loaded server).
 * With seq scans priced out, the planner must find an index that answers each of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, startTestServer, type TestPostgres, type TestServer } from '../testing/harness.ts';
import { BACKFILL_COUNTS_SQL, OWN_PATIENTS_SQL, backfillCounts, ownPatients } from './first-sync.ts';

let pg: TestPostgres;
let server: TestServer;

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 30, demoHeavyPatient: false });
});
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

async function planOf(sql: string, args: unknown[]): Promise<string> {
  const c = await server.pool.connect();
  try {
    await c.query('BEGIN');
    await c.query('SET LOCAL enable_seqscan = off');
    await c.query('SET LOCAL enable_bitmapscan = off');
    const r = await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, args);
    await c.query('ROLLBACK');
    return r.rows.map((x) => x['QUERY PLAN']).join('\n');
  } finally {
    c.release();
  }
}

describe('first sync planning reads', () => {
  it('finds the clinician\'s own patients through the index of open stays, and counts each patient\'s resources from an index alone', async () => {
    const ada = (await server.pool.query<{ id: string }>("SELECT id::text AS id FROM users WHERE username = 'dr.ada'")).rows[0]?.id ?? '';
    const patients = (await server.pool.query<{ p: string }>("SELECT DISTINCT patient_id::text AS p FROM resources WHERE resource_type = 'Patient'")).rows.map((r) => r.p);
    const safe = (await server.pool.query<{ s: string }>('SELECT max(seq)::text AS s FROM resources')).rows[0]?.s ?? '0';
    expect(await planOf(OWN_PATIENTS_SQL, [ada, patients])).toContain('resources_in_progress_encounters');
    expect(await planOf(BACKFILL_COUNTS_SQL, [patients, safe])).toMatch(/Index Only Scan using resources_live_patient_seq/);

    // The same answers as before: her attended patients, and every live resource counted.
    const c = await server.pool.connect();
    try {
      const own = await ownPatients(c, ada, patients);
      expect(own.size).toBeGreaterThan(0);
      const counts = await backfillCounts(c, patients, safe);
      const live = (await server.pool.query<{ n: string }>("SELECT count(*) AS n FROM resources WHERE NOT deleted AND patient_id = ANY($1::uuid[])", [patients])).rows[0]?.n;
      expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(Number(live));
    } finally {
      c.release();
    }
  });
});
