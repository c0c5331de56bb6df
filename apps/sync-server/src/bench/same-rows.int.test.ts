/**
 * The server bench's same-rows baselines write into copies of the real tables, so a migration that
 * adds a NOT NULL column to resources, resource_versions, mutation_log or audit.events breaks
 * them. The bench then died mid-run; this catches it where the migration is made.
 */
import { createHash, randomUUID } from 'node:crypto';
import { appendToChain, type AuditEventInput } from '@lantern/core';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDatabase, openDatabase, withClient, type Database } from '../db/database.ts';
import { startTestPostgres, type TestPostgres } from '../testing/harness.ts';
import { SAME_ROWS_AUDIT, SAME_ROWS_PUSH, SAME_ROWS_TABLES, sameRowsAuditRow } from './same-rows.ts';

let pgServer: TestPostgres;
let db: Database;

beforeAll(async () => {
  pgServer = await startTestPostgres();
  const databaseUrl = await ensureDatabase(pgServer.superuserUrl, `t_${randomUUID().replace(/-/g, '').slice(0, 12)}`);
  db = await openDatabase({ dataDir: '', databaseUrl, appPassword: `app-${randomUUID()}`, logger: pino({ level: 'silent' }), fastUnsafe: true, poolSize: 2 });
}, 60_000);

afterAll(async () => {
  await db.close();
  await pgServer.stop();
});

describe('server bench same-rows baselines', () => {
  it('store a push batch and an audit batch in copies of the migrated tables', async () => {
    const patientId = randomUUID();
    const pushRows = [1, 2].map((seq) => ({
      patient_id: patientId, id: randomUUID(), version: 2, resource: { resourceType: 'MedicationRequest' }, mutation_id: randomUUID(), seq,
      result: { mutationId: '', status: 'applied', version: '2' }, event: { op: 'update', version: 2 },
    }));
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    const chain = appendToChain([0, 1, 2].map((i): AuditEventInput => ({
      eventId: randomUUID(), deviceId: randomUUID() as AuditEventInput['deviceId'], userId: randomUUID() as AuditEventInput['userId'], action: 'chart-view',
      patientId: null, resourceType: null, resourceId: null, outcome: 'success', reason: null, detail: { i }, recordedAt: new Date(Date.UTC(2026, 10, 20) + i * 1000).toISOString(),
    })), null, sha);
    const counts = await withClient(db.ownerUrl, async (c) => {
      await c.query('BEGIN');
      try {
        await c.query(SAME_ROWS_TABLES);
        await c.query(SAME_ROWS_PUSH, [JSON.stringify(pushRows)]);
        await c.query(SAME_ROWS_AUDIT, [JSON.stringify(chain.map((e) => sameRowsAuditRow(e, 1_000_000)))]);
        return (await c.query<{ v: number; r: number; m: number; e: number }>(
          'SELECT (SELECT count(*)::int FROM bench_versions) AS v, (SELECT count(*)::int FROM bench_resources) AS r, (SELECT count(*)::int FROM bench_mutation_log) AS m, (SELECT count(*)::int FROM bench_events) AS e',
        )).rows[0];
      } finally {
        await c.query('ROLLBACK');
      }
    });
    expect(counts).toEqual({ v: 2, r: 2, m: 2, e: 5 });
  });
});
