/**
 * audit.instant (migrations 0008, 0026): the device time every privacy report and the two
 * device-time indexes of audit.events read. Migration 0026 makes it cheaper to call (PL/pgSQL
 * instead of a SQL function that could never be inlined) without changing a single answer, so the
 * indexes built on a database that already holds events stay valid. A real Postgres.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { appendToChain, type AuditEventInput } from '@lantern/core';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ingest, login, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const MIGRATION = new URL('./migrations/0026_audit_instant_plpgsql.sql', import.meta.url);

let pg0: TestPostgres;
let server: TestServer;
let ben: Session;

/** Device times as workstations write them: UTC, offsets either side, with and without fractions. */
const TIMES = [
  '2026-11-20T08:00:00Z', '2026-11-20T08:00:00.123Z', '2026-11-20T13:30:00.5+05:30', '2026-11-19T23:59:59.999999-08:00',
  '2024-02-29T12:00:00+00:00', '2026-03-29T01:30:00+01:00', '2026-11-30T23:59:59.1234567Z',
];

beforeAll(async () => {
  pg0 = await startTestPostgres();
  server = await startTestServer(pg0, { demo: true, demoPatients: 3, demoHeavyPatient: false });
  ben = await login(server.url, 'rn.ben');
  const inputs = Array.from({ length: 70 }, (_, i): AuditEventInput => ({
    eventId: randomUUID(), deviceId: ben.deviceId as AuditEventInput['deviceId'], userId: ben.userId as AuditEventInput['userId'],
    action: 'chart-view', patientId: null, resourceType: null, resourceId: null, outcome: 'success', reason: null, detail: { i },
    recordedAt: TIMES[i % TIMES.length] ?? '',
  }));
  const r = await ingest(server.url, ben, appendToChain(inputs, null, sha));
  expect(r).toMatchObject({ ok: true, data: { accepted: 70 } });
}, 120_000);
afterAll(async () => {
  await server?.close();
  await pg0?.stop();
});

/** A user's events in a device-time range, read through the user-time index, or with no index at all. */
async function range(c: pg.ClientBase, viaIndex: boolean): Promise<string[]> {
  await c.query('BEGIN');
  try {
    await c.query(viaIndex ? 'SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off' : 'SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexonlyscan = off');
    const sql = `SELECT event_id FROM audit.events WHERE user_id = $1 AND audit.instant(recorded_at) >= $2 AND audit.instant(recorded_at) < $3 ORDER BY event_id`;
    const plan = await c.query(`EXPLAIN ${sql}`, [ben.userId, '2026-11-20T07:00:00Z', '2026-11-20T09:00:00Z']);
    expect(JSON.stringify(plan.rows).includes('audit_events_user_time')).toBe(viaIndex);
    const r = await c.query(sql, [ben.userId, '2026-11-20T07:00:00Z', '2026-11-20T09:00:00Z']);
    return r.rows.map((x: { event_id: string }) => x.event_id);
  } finally {
    await c.query('ROLLBACK');
  }
}

it('is the PL/pgSQL cast (the SQL function went through the SQL function executor on every call)', async () => {
  const r = await server.asOwner((c) => c.query("SELECT l.lanname, p.provolatile FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.oid = 'audit.instant(text)'::regprocedure"));
  expect(r.rows).toEqual([{ lanname: 'plpgsql', provolatile: 'i' }]);
});

it('answers as the cast does for every stored device time', async () => {
  const r = await server.asOwner((c) => c.query("SELECT recorded_at, audit.instant(recorded_at) = recorded_at::timestamptz AS same FROM audit.events WHERE device_id = $1 AND detail ? 'ingest.deviceSeq'", [ben.deviceId]));
  expect(r.rows).toHaveLength(70);
  expect(r.rows.every((x: { same: boolean }) => x.same)).toBe(true);
});

it('replaced on a database that holds events, its indexes give the answers a scan of the table gives', async () => {
  await server.asOwner(async (c) => {
    await c.query(await readFile(MIGRATION, 'utf8'));
    const viaIndex = await range(c, true);
    // Four of the seven times fall between 07:00 and 09:00 UTC on 20 November (two of them written with an offset), ten events each.
    expect(viaIndex).toHaveLength(40);
    expect(viaIndex).toEqual(await range(c, false));
  });
});
