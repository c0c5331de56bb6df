/**
 * The partitioned central audit log (audit-log.ts, migration 0014) on the real Postgres: a log
 * written as one chain before the upgrade becomes chain 0 with its hashes untouched (and the old
 * signed checkpoints still verify), appenders on different connections never wait for each other,
 * and every chain verifies alone while one signed checkpoint binds all their heads.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { appendToChain, type AuditEventInput } from '@lantern/core';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpointKeyId, type CheckpointKey } from '../audit-checkpoints/checkpoint-key.ts';
import { signCheckpoint, type Checkpoint } from '../audit-checkpoints/checkpoint.ts';
import { verifyCheckpoints } from '../audit-checkpoints/verify.ts';
import { CheckpointWriter } from '../audit-checkpoints/writer.ts';
import { sha256Hex } from '../crypto.ts';
import { startTestPostgres, type TestPostgres } from '../testing/harness.ts';
import { appendAuditEvents, serverEvent, settledAuditSeq, type Actor } from './audit-log.ts';
import { ensureDatabase, guardPoolConnections } from './database.ts';
import { listMigrations, migrate } from './migrate.ts';
import { verifyCentralChain } from './verify-chain.ts';

let pgServer: TestPostgres;
let pool: pg.Pool;
const actor: Actor = { userId: 'system', role: 'system', deviceId: 'chains-test', clientAddress: 'test' };
const event = (i: number): AuditEventInput => serverEvent(actor, { action: 'resource-read', outcome: 'success', patientId: randomUUID(), resourceType: 'Patient', resourceId: `p${i}` }, new Date());
const key = (): CheckpointKey => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey, keyId: checkpointKeyId(publicKey) };
};

beforeAll(async () => {
  pgServer = await startTestPostgres();
  pool = new pg.Pool({ connectionString: await ensureDatabase(pgServer.superuserUrl, 'audit_chains'), max: 6 });
  guardPoolConnections(pool, pino({ level: 'silent' })); // connections ended when the cluster stops
}, 120_000);
afterAll(async () => {
  await pool?.end();
  await pgServer?.stop();
});

describe('partitioned audit chains', () => {
  it('upgrade: the single chain becomes chain 0 unchanged, old checkpoints verify, new appends spread and never wait on each other', async () => {
    // A database as it was before 0014, holding a single chain of 5 events.
    const dir = fileURLToPath(new URL('./migrations/', import.meta.url));
    const c = await pool.connect();
    const k = key();
    let oldCheckpoint: Checkpoint;
    let oldHashes: string[];
    try {
      await c.query('CREATE TABLE schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
      for (const name of (await listMigrations()).filter((n) => n < '0014')) {
        await c.query(await readFile(`${dir}${name}`, 'utf8'));
        await c.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
      }
      const old = appendToChain(Array.from({ length: 5 }, (_, i) => event(i)), null, sha256Hex);
      for (const e of old) {
        await c.query(`INSERT INTO audit.events (seq, event_id, device_id, user_id, action, patient_id, resource_type, resource_id, outcome, reason, detail, recorded_at, prev_hash, hash)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [e.seq, e.eventId, e.deviceId, e.userId, e.action, e.patientId, e.resourceType, e.resourceId, e.outcome, e.reason, e.detail, e.recordedAt, e.prevHash, e.hash]);
      }
      oldHashes = old.map((e) => e.hash);
      const last = old[old.length - 1];
      oldCheckpoint = signCheckpoint({ v: 1, server: 'old', keyId: k.keyId, at: new Date().toISOString(), count: 5, head: last?.hash ?? null, marks: old.slice(0, 4).map((e) => [e.seq, e.hash]) }, k.privateKey);
      expect((await migrate(c)).some((n) => n.startsWith('0014'))).toBe(true);
    } finally {
      c.release();
    }

    // Chain 0 is the old chain, byte for byte; the old signed checkpoint still verifies.
    const chain0 = await pool.query('SELECT chain, chain_seq, seq, hash FROM audit.events ORDER BY seq');
    expect(chain0.rows.map((r: { hash: string }) => r.hash)).toEqual(oldHashes);
    expect(chain0.rows.every((r: { chain: number; chain_seq: string; seq: string }) => r.chain === 0 && r.chain_seq === r.seq)).toBe(true);
    const lineOf = (cp: Checkpoint, where: string) => ({ ok: true as const, checkpoint: cp, where });
    expect(await verifyCheckpoints(pool, [lineOf(oldCheckpoint, 'old:1')], k)).toMatchObject({ ok: true, attestedCount: 5 });

    // Two appenders on two connections: the second commits while the first still holds its chain.
    const a = await pool.connect();
    const b = await pool.connect();
    try {
      await a.query('BEGIN');
      const inA = await appendAuditEvents(a, [event(10), event(11)]);
      const settled = settledAuditSeq(pool);
      let settledYet = false;
      void settled.then(() => { settledYet = true; });
      await b.query('BEGIN');
      await appendAuditEvents(b, [event(20)]);
      await b.query('COMMIT'); // would wait for `a` forever behind one global chain lock
      expect(settledYet).toBe(false); // the readers' watermark waits for `a`, no writer does
      await a.query('COMMIT');
      const bound = Number(await settled);
      const maxSeq = Number((await pool.query('SELECT max(seq) AS n FROM audit.events')).rows[0].n);
      expect(bound).toBeGreaterThanOrEqual(maxSeq - 3);
      expect(inA.map((e) => e.seq)).toEqual([inA[0]?.seq, (inA[0]?.seq ?? 0) + 1]);
    } finally {
      a.release();
      b.release();
    }
    // Concurrent appends from several connections land on several chains.
    await Promise.all(Array.from({ length: 6 }, async (_, i) => {
      const cl = await pool.connect();
      try {
        await cl.query('BEGIN');
        await appendAuditEvents(cl, [event(100 + i), event(200 + i)]);
        await cl.query('COMMIT');
      } finally {
        cl.release();
      }
    }));
    const vc = await pool.connect();
    const report = await verifyCentralChain(vc).finally(() => vc.release());
    expect(report).toMatchObject({ ok: true, count: 5 + 3 + 12 });
    if (!report.ok) throw new Error('unreachable');
    expect(report.chains.filter((x) => x.count > 0).length).toBeGreaterThanOrEqual(2);

    // One signed line binds every head; old and new lines verify together.
    const writer = new CheckpointWriter({ db: pool, key: k, file: `/tmp/lantern-chains-${randomUUID()}.jsonl`, wormDir: null, intervalSeconds: 3600, logger: pino({ level: 'silent' }), now: () => new Date() });
    const cp = await writer.checkpoint();
    expect(cp?.v).toBe(2);
    expect(await verifyCheckpoints(pool, [lineOf(oldCheckpoint, 'old:1'), ...(cp === null ? [] : [lineOf(cp, 'new:1')])], k)).toMatchObject({ ok: true, attestedCount: 20 });
  }, 120_000);

  // Server-made events skip the full schema parse (audit-log.ts checkMadeHere); what their types do
  // not promise is still checked, so the log never holds a malformed row.
  it('refuses a server-made event whose patient id, lengths or detail values the schema refuses', async () => {
    const own = new pg.Pool({ connectionString: await ensureDatabase(pgServer.superuserUrl, 'audit_valid'), max: 2 });
    guardPoolConnections(own, pino({ level: 'silent' }));
    try {
      const c = await own.connect();
      try {
        await migrate(c);
        const ok = { action: 'resource-read', outcome: 'success', patientId: randomUUID(), resourceType: 'Patient', resourceId: 'p1' } as const;
        const append = async (e: AuditEventInput) => {
          await c.query('BEGIN');
          try {
            return await appendAuditEvents(c, [e]);
          } finally {
            await c.query('ROLLBACK');
          }
        };
        expect(await append(serverEvent(actor, ok, new Date()))).toHaveLength(1);
        await expect(append(serverEvent(actor, { ...ok, patientId: 'not-a-uuid' }, new Date()))).rejects.toThrow(/UUID/i);
        await expect(append(serverEvent(actor, { ...ok, resourceId: 'x'.repeat(65) }, new Date()))).rejects.toThrow();
        await expect(append(serverEvent({ ...actor, deviceId: '' }, ok, new Date()))).rejects.toThrow();
        await expect(append(serverEvent(actor, { ...ok, detail: { count: Number.NaN } }, new Date()))).rejects.toThrow();
        // Changed after it was made: checked again at append.
        const changed = serverEvent(actor, ok, new Date());
        (changed as { patientId: string | null }).patientId = 'Patient/1';
        await expect(append(changed)).rejects.toThrow();
      } finally {
        c.release();
      }
    } finally {
      await own.end();
    }
  });
});
