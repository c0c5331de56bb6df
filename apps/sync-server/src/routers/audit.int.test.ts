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
import { verifyCentralChain } from '../db/verify-chain.ts';
import { childProcessEnv } from '../env.ts';
import { call, ingestInput, login, must, startTestPostgres, startTestServer, type Session, type TestPostgres, type TestServer } from '../testing/harness.ts';

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
    const a = await must<{ accepted: number }>(server.url, 'audit.ingest', ingestInput(ben, chain.slice(0, 3)), ben.token);
    expect(a.accepted).toBe(3);
    const b = await must<{ accepted: number }>(server.url, 'audit.ingest', ingestInput(ben, chain.slice(3)), ben.token);
    expect(b.accepted).toBe(3);
    const retry = await must<{ accepted: number; duplicates: number }>(server.url, 'audit.ingest', ingestInput(ben, chain.slice(3)), ben.token);
    expect(retry).toMatchObject({ accepted: 0, duplicates: 3 });
    const stored = await server.asOwner((c) => c.query("SELECT count(*)::int AS n FROM audit.events WHERE device_id = $1 AND detail->>'ingest.verified' = 'true'", [ben.deviceId]));
    expect(stored.rows[0].n).toBe(6);
  });

  it('rejects a tampered chain with a clear error, but keeps the events as unverified and records a finding', async () => {
    const s = await login(server.url, 'rn.ben');
    const chain: ChainedAuditEvent[] = appendToChain(deviceEvents(s, 4), null, sha);
    const tampered = chain.map((e, i) => (i === 2 ? { ...e, action: 'resource-read' as const } : e));
    const r = await call(server.url, 'audit.ingest', ingestInput(s, tampered), s.token);
    expect(r).toMatchObject({ ok: false, status: 409, error: { data: { lanternCode: 'CONFLICT' } } });
    if (!r.ok) expect(r.error.message).toContain('broken at seq 3');
    const rows = await server.asOwner((c) => c.query("SELECT detail->>'ingest.verified' AS v FROM audit.events WHERE device_id = $1 AND detail ? 'ingest.verified' ORDER BY seq", [s.deviceId]));
    expect(rows.rows.map((x: { v: string }) => x.v)).toEqual(['true', 'true', 'false', 'false']);
    const findings = await server.asOwner((c) => c.query('SELECT kind FROM audit.findings WHERE device_id = $1', [s.deviceId]));
    expect(findings.rows).toEqual([{ kind: 'hash-mismatch' }]);
  });

  it('a batch overlapping the stored head stores only the new events; a gap or a forked link is a finding, never a drop', async () => {
    const s = await login(server.url, 'rn.ben');
    const chain = appendToChain(deviceEvents(s, 10), null, sha);
    expect(await must(server.url, 'audit.ingest', ingestInput(s, chain.slice(0, 4)), s.token)).toMatchObject({ accepted: 4, duplicates: 0 });
    // Resent from seq 3 after a lost acknowledgement: 3 and 4 are duplicates, 5 and 6 are new.
    expect(await must(server.url, 'audit.ingest', ingestInput(s, chain.slice(2, 6)), s.token)).toMatchObject({ accepted: 2, duplicates: 2, head: { seq: 6 } });
    // Seq 7 never arrives: 8 is stored unverified with a seq-gap finding.
    const gap = await call(server.url, 'audit.ingest', ingestInput(s, chain.slice(7, 8)), s.token);
    expect(gap).toMatchObject({ ok: false, status: 409 });
    // A forked chain: seq 9 that does not link to the stored seq 8.
    const fork = appendToChain(deviceEvents(s, 1), { seq: 8, hash: 'f'.repeat(64) }, sha);
    expect(await call(server.url, 'audit.ingest', ingestInput(s, fork), s.token)).toMatchObject({ ok: false, status: 409 });
    const rows = await server.asOwner((c) => c.query("SELECT (detail->>'ingest.deviceSeq')::int AS seq, detail->>'ingest.verified' AS v FROM audit.events WHERE device_id = $1 AND detail ? 'ingest.verified' ORDER BY seq", [s.deviceId]));
    expect(rows.rows).toEqual([1, 2, 3, 4, 5, 6].map((seq) => ({ seq, v: 'true' })).concat([{ seq: 8, v: 'false' }, { seq: 9, v: 'false' }]));
    const findings = await server.asOwner((c) => c.query("SELECT kind, (detail->>'atSeq')::int AS at FROM audit.findings WHERE device_id = $1 ORDER BY created_at", [s.deviceId]));
    expect(findings.rows).toEqual([{ kind: 'seq-gap', at: 8 }, { kind: 'prev-hash-mismatch', at: 9 }]);
  });

  it('a break on an event refused as its user\'s act still marks every stored event after it unverified; a break after the last stored one is still a finding', async () => {
    const s = await login(server.url, 'rn.ben');
    const stranger = randomUUID() as AuditEventInput['userId']; // never signed in on this device: refused
    const events = deviceEvents(s, 6).map((e, i) => (i === 2 || i === 5 ? { ...e, userId: stranger } : e));
    const chain: ChainedAuditEvent[] = appendToChain(events, null, sha);
    // The refused seq 3 is altered after it was hashed: its hash no longer matches.
    const broken = chain.map((e, i) => (i === 2 ? { ...e, detail: { i: 99 } } : e));
    const r = await call(server.url, 'audit.ingest', ingestInput(s, broken), s.token);
    expect(r).toMatchObject({ ok: false, status: 409, error: { data: { lanternCode: 'CONFLICT' } } });
    if (!r.ok) expect(r.error.message).toContain('broken at seq 3');
    const stored = async (deviceId: string) => (await server.asOwner((c) => c.query("SELECT (detail->>'ingest.deviceSeq')::int AS seq, detail->>'ingest.verified' AS v FROM audit.events WHERE device_id = $1 AND detail ? 'ingest.verified' ORDER BY seq", [deviceId]))).rows;
    expect(await stored(s.deviceId)).toEqual([{ seq: 1, v: 'true' }, { seq: 2, v: 'true' }, { seq: 4, v: 'false' }, { seq: 5, v: 'false' }]);
    const kinds = async (deviceId: string) => (await server.asOwner((c) => c.query("SELECT kind, coalesce((detail->>'atSeq')::int, (detail->>'deviceSeq')::int) AS at FROM audit.findings WHERE device_id = $1 ORDER BY kind, at", [deviceId]))).rows;
    expect(await kinds(s.deviceId)).toEqual([{ kind: 'hash-mismatch', at: 3 }, { kind: 'ingest-user-refused', at: 3 }, { kind: 'ingest-user-refused', at: 6 }]);

    // The same chain from another device, altered only in its last event, which is refused: every stored event verified, the break still found.
    const t = await login(server.url, 'rn.ben', randomUUID());
    const tail = appendToChain(deviceEvents(t, 6).map((e, i) => (i === 5 ? { ...e, userId: stranger } : e)), null, sha).map((e, i) => (i === 5 ? { ...e, reason: 'altered' } : e));
    const r2 = await call(server.url, 'audit.ingest', ingestInput(t, tail), t.token);
    expect(r2).toMatchObject({ ok: false, status: 409 });
    if (!r2.ok) expect(r2.error.message).toContain('broken at seq 6');
    expect(await stored(t.deviceId)).toEqual([1, 2, 3, 4, 5].map((seq) => ({ seq, v: 'true' })));
    expect(await kinds(t.deviceId)).toEqual([{ kind: 'hash-mismatch', at: 6 }, { kind: 'ingest-user-refused', at: 6 }]);
  });

  it('two ingests of the same new device at once store each event once', async () => {
    const s = await login(server.url, 'rn.ben');
    const chain = appendToChain(deviceEvents(s, 50), null, sha);
    const [x, y] = await Promise.all([0, 1].map(() => must<{ accepted: number; duplicates: number }>(server.url, 'audit.ingest', ingestInput(s, chain), s.token)));
    expect([x?.accepted, y?.accepted].sort()).toEqual([0, 50]);
    const n = await server.asOwner((c) => c.query("SELECT count(*)::int AS n FROM audit.events WHERE device_id = $1 AND detail->>'ingest.verified' = 'true'", [s.deviceId]));
    expect(n.rows[0].n).toBe(50);
  });

  it('large batches from two devices at once (appended in pipelined chunks) leave one unbroken central chain', async () => {
    const [s1, s2] = await Promise.all([login(server.url, 'rn.ben'), login(server.url, 'dr.ada')]);
    if (s1 === undefined || s2 === undefined) throw new Error('login failed');
    const before = await server.asOwner((c) => c.query('SELECT count(*)::int AS n FROM audit.events'));
    const out = await Promise.all([s1, s2].map((s) => must<{ accepted: number }>(server.url, 'audit.ingest', ingestInput(s, appendToChain(deviceEvents(s, 700), null, sha)), s.token)));
    expect(out.map((o) => o.accepted)).toEqual([700, 700]);
    const report = await server.asOwner((c) => verifyCentralChain(c));
    expect(report).toMatchObject({ ok: true });
    expect(report.count).toBeGreaterThanOrEqual(before.rows[0].n + 1400);
  });

  it('a bulk batch (written with COPY) keeps awkward text byte-exact, verifies, and a replay of it adds nothing', async () => {
    const s = await login(server.url, 'rn.ben');
    const awkward = ['tab\there', 'line\nbreak\r', 'back\\slash', '\\N', 'quote"é😀', ''];
    const events = deviceEvents(s, 600).map((e, i) => ({ ...e, reason: awkward[i % awkward.length] ?? null, detail: { i, note: awkward[(i + 1) % awkward.length] ?? '' } }));
    const chain = appendToChain(events, null, sha);
    expect(await must(server.url, 'audit.ingest', ingestInput(s, chain), s.token)).toMatchObject({ accepted: 600, duplicates: 0 });
    expect(await must(server.url, 'audit.ingest', ingestInput(s, chain), s.token)).toMatchObject({ accepted: 0, duplicates: 600 });
    const rows = await server.asOwner((c) => c.query("SELECT reason, detail->>'note' AS note FROM audit.events WHERE device_id = $1 AND detail ? 'ingest.deviceSeq' ORDER BY (detail->>'ingest.deviceSeq')::int", [s.deviceId]));
    expect(rows.rows).toEqual(events.map((e) => ({ reason: e.reason, note: e.detail['note'] })));
    expect(await server.asOwner((c) => verifyCentralChain(c))).toMatchObject({ ok: true });
  });

  it('refuses a signed batch holding one malformed event with a typed error naming it, and stores none of the batch', async () => {
    const s = await login(server.url, 'rn.ben');
    const chain = appendToChain(deviceEvents(s, 5), null, sha);
    const cases: [Record<string, unknown>, string][] = [
      [{ eventId: 'not-a-uuid' }, 'events.3.eventId'],
      [{ action: 'wipe-log' }, 'events.3.action'],
      [{ detail: { nested: { a: 1 } } }, 'events.3.detail.nested'],
      [{ recordedAt: '2026-11-20 08:00' }, 'events.3.recordedAt'],
      // The pattern's shape, but no such day: Postgres would refuse it in the report index (a 500 on every retry).
      [{ recordedAt: '2026-02-30T08:00:00Z' }, 'events.3.recordedAt'],
      [{ recordedAt: '2026-12-31T23:59:60.5Z' }, 'events.3.recordedAt'],
      [{ seq: 0 }, 'events.3.seq'],
    ];
    for (const [change, path] of cases) {
      const bad = chain.map((e, i) => (i === 3 ? { ...e, ...change } : e));
      const r = await call(server.url, 'audit.ingest', ingestInput(s, bad as ChainedAuditEvent[]), s.token);
      expect(r).toMatchObject({ ok: false, status: 400, error: { data: { lanternCode: 'BAD_INPUT' } } });
      if (!r.ok) expect((r.error.data as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([path]);
    }
    const n = await server.asOwner((c) => c.query("SELECT count(*)::int AS n FROM audit.events WHERE device_id = $1 AND detail ? 'ingest.deviceSeq'", [s.deviceId]));
    expect(n.rows[0].n).toBe(0);
  });

  it("refuses another device's events", async () => {
    const other = await login(server.url, 'dr.ada');
    const chain = appendToChain(deviceEvents(other, 1), null, sha);
    expect(await call(server.url, 'audit.ingest', ingestInput(ben, chain), ben.token)).toMatchObject({ ok: false, status: 400 });
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
    expect(bad?.stdout).toContain(`BROKEN at seq ${target.seq} (event ${target.event_id}`);
    const privacy = await login(server.url, 'privacy.dee');
    expect(await must(server.url, 'audit.verify', undefined, privacy.token)).toMatchObject({ ok: false, seq: Number(target.seq) });
  });
});
