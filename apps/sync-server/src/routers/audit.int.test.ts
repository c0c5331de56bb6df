/**
 * The audit trail on a real database: device chain ingest (valid, tampered, retried), the
 * append-only table for the application's own role, and verify-audit against superuser tampering.
 */
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { appendToChain, type AuditEventInput, type ChainedAuditEvent } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childProcessEnv } from '../env.ts';
import { call, login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';

const run = promisify(execFile);
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const PKG = fileURLToPath(new URL('../..', import.meta.url));

let pg: TestPostgres;
let server: TestServer;
let ben: Session;

beforeAll(async () => {
  pg = await startTestPostgres();
  server = await startTestServer(pg, { demo: true, demoPatients: 5, demoHeavyPatient: false });
  ben = await login(server.url, 'rn.ben');
});
afterAll(async () => {
  await server?.close();
  await pg?.stop();
});

function deviceEvents(s: Session, n: number): AuditEventInput[] {
  return Array.from({ length: n }, (_, i) => ({
    eventId: randomUUID(),
    deviceId: s.deviceId as AuditEventInput['deviceId'],
    userId: s.userId as AuditEventInput['userId'],
    action: i % 2 === 0 ? 'chart-view' : 'login-offline',
    patientId: null,
    resourceType: null,
    resourceId: null,
    outcome: 'success',
    reason: null,
    detail: { i },
    recordedAt: new Date(Date.UTC(2026, 10, 20, 8, 0, i)).toISOString(),
  }));
}

describe('audit.ingest', () => {
  it('accepts a valid chain, continues it across batches, and ignores a retried batch', async () => {
    const chain = appendToChain(deviceEvents(ben, 6), null, sha);
    const a = await must<{ accepted: number }>(server.url, 'audit.ingest', { deviceId: ben.deviceId, events: chain.slice(0, 3) }, ben.token);
    expect(a.accepted).toBe(3);
    const b = await must<{ accepted: number }>(server.url, 'audit.ingest', { deviceId: ben.deviceId, events: chain.slice(3) }, ben.token);
    expect(b.accepted).toBe(3);
    const retry = await must<{ accepted: number; duplicates: number }>(server.url, 'audit.ingest', { deviceId: ben.deviceId, events: chain.slice(3) }, ben.token);
    expect(retry).toMatchObject({ accepted: 0, duplicates: 3 });
    const stored = await server.asOwner((c) => c.query("SELECT count(*)::int AS n FROM audit.events WHERE device_id = $1 AND detail->>'ingest.verified' = 'true'", [ben.deviceId]));
    expect(stored.rows[0].n).toBe(6);
  });

  it('rejects a tampered chain with a clear error, but keeps the events as unverified and records a finding', async () => {
    const s = await login(server.url, 'rn.ben');
    const chain: ChainedAuditEvent[] = appendToChain(deviceEvents(s, 4), null, sha);
    const tampered = chain.map((e, i) => (i === 2 ? { ...e, action: 'resource-read' as const } : e));
    const r = await call(server.url, 'audit.ingest', { deviceId: s.deviceId, events: tampered }, s.token);
    expect(r).toMatchObject({ ok: false, status: 409, error: { data: { lanternCode: 'CONFLICT' } } });
    if (!r.ok) expect(r.error.message).toContain('broken at seq 3');
    const rows = await server.asOwner((c) => c.query("SELECT detail->>'ingest.verified' AS v FROM audit.events WHERE device_id = $1 AND detail ? 'ingest.verified' ORDER BY seq", [s.deviceId]));
    expect(rows.rows.map((x: { v: string }) => x.v)).toEqual(['true', 'true', 'false', 'false']);
    const findings = await server.asOwner((c) => c.query('SELECT kind FROM audit.findings WHERE device_id = $1', [s.deviceId]));
    expect(findings.rows).toEqual([{ kind: 'hash-mismatch' }]);
  });

  it("refuses another device's events", async () => {
    const other = await login(server.url, 'dr.ada');
    const chain = appendToChain(deviceEvents(other, 1), null, sha);
    expect(await call(server.url, 'audit.ingest', { deviceId: ben.deviceId, events: chain }, ben.token)).toMatchObject({ ok: false, status: 400 });
  });
});

describe('the audit table is append-only', () => {
  it('UPDATE, DELETE and TRUNCATE fail for the application role', async () => {
    const role = (await server.pool.query('SELECT current_user AS u')).rows[0].u as string;
    expect(role).toMatch(/^lantern_app_/);
    await expect(server.pool.query("UPDATE audit.events SET reason = 'x' WHERE seq = 1")).rejects.toThrow(/permission denied|append-only/);
    await expect(server.pool.query('DELETE FROM audit.events WHERE seq = 1')).rejects.toThrow(/permission denied|append-only/);
    await expect(server.pool.query('TRUNCATE audit.events')).rejects.toThrow(/permission denied|append-only/);
  });

  it('the triggers refuse even the owner', async () => {
    await server.asOwner(async (c) => {
      await expect(c.query("UPDATE audit.events SET reason = 'x' WHERE seq = 1")).rejects.toThrow(/append-only/);
      await expect(c.query('DELETE FROM audit.events WHERE seq = 1')).rejects.toThrow(/append-only/);
      await expect(c.query('TRUNCATE audit.events')).rejects.toThrow(/append-only/);
    });
  });

  it('verify-audit says ok, then names the first row a superuser altered', async () => {
    const env = childProcessEnv({ DATABASE_URL: server.databaseOwnerUrl, LANTERN_DATA_DIR: server.dataDir });
    const ok = await run(process.execPath, ['--import', 'tsx', 'src/verify-audit.ts'], { cwd: PKG, env });
    expect(ok.stdout).toMatch(/audit chain ok: \d+ events verified/);

    const target = await server.asOwner(async (c) => {
      const row = (await c.query("SELECT seq, event_id FROM audit.events WHERE action = 'login' ORDER BY seq LIMIT 1")).rows[0] as { seq: string; event_id: string };
      await c.query('ALTER TABLE audit.events DISABLE TRIGGER events_no_update_delete');
      await c.query("UPDATE audit.events SET user_id = 'someone-else' WHERE seq = $1", [row.seq]);
      await c.query('ALTER TABLE audit.events ENABLE TRIGGER events_no_update_delete');
      return row;
    });
    const bad = await run(process.execPath, ['--import', 'tsx', 'src/verify-audit.ts'], { cwd: PKG, env }).then(
      () => null,
      (e: { code: number; stdout: string }) => e,
    );
    expect(bad?.code).toBe(1);
    expect(bad?.stdout).toContain(`BROKEN at seq ${target.seq} (event ${target.event_id})`);
    const privacy = await login(server.url, 'privacy.dee');
    expect(await must(server.url, 'audit.verify', undefined, privacy.token)).toMatchObject({ ok: false, seq: Number(target.seq) });
  });
});
