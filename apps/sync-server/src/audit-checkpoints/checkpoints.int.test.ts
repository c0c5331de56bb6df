/**
 * Tamper evidence that survives a database superuser: the server signs checkpoints of the audit
 * chain outside the database, and verify-audit catches exactly the attack the chain alone cannot:
 * triggers disabled, a row altered, every later hash recomputed with the same hash function.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { GENESIS_HASH, hashAuditEvent } from '@lantern/core';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../crypto.ts';
import { AUDIT_CHAIN_COLUMNS, rowToChained } from '../db/audit-log.ts';
import { verifyCentralChain } from '../db/verify-chain.ts';
import { childProcessEnv } from '../env.ts';
import { login, must, startTestPostgres, startTestServer, type TestPostgres, type TestServer } from '../testing/harness.ts';
import { checkpointKeyId, defaultCheckpointKeyFile, readCheckpointKey, type CheckpointKey } from './checkpoint-key.ts';
import { parseCheckpointLines, signCheckpoint } from './checkpoint.ts';
import { loadCheckpoints, verifyCheckpoints } from './verify.ts';
import { CheckpointWriter } from './writer.ts';

const run = promisify(execFile);
const PKG = fileURLToPath(new URL('../..', import.meta.url));

let pg: TestPostgres;
let server: TestServer;
let worm: string;
let key: CheckpointKey;
let writer: CheckpointWriter;

const cpFile = () => join(server.dataDir, 'audit-checkpoints.jsonl');
const head = async (): Promise<number> => Number((await server.pool.query('SELECT max(seq) AS n FROM audit.events')).rows[0].n);

beforeAll(async () => {
  pg = await startTestPostgres();
  worm = await mkdtemp(join(tmpdir(), 'lantern-worm-'));
  server = await startTestServer(pg, { demo: true, demoPatients: 3, demoHeavyPatient: false, auditCheckpoints: { wormDir: worm, intervalSeconds: 3600 } });
  const k = await readCheckpointKey(defaultCheckpointKeyFile(server.dataDir));
  if (k === null) throw new Error('the server made no checkpoint key');
  key = k;
  // A second writer with the same key, as a second app server would run: lets the test decide when.
  writer = new CheckpointWriter({ db: server.pool, key, file: cpFile(), wormDir: worm, intervalSeconds: 3600, logger: pino({ level: 'silent' }), now: () => new Date() });
});
afterAll(async () => {
  await server?.close();
  await pg?.stop();
  if (worm !== undefined) await rm(worm, { recursive: true, force: true });
});

describe('signed audit checkpoints', () => {
  it('keeps the key and the checkpoints 0600 outside the database, one write-once file per checkpoint', async () => {
    await writer.checkpoint();
    expect((await stat(defaultCheckpointKeyFile(server.dataDir))).mode & 0o777).toBe(0o600);
    expect((await stat(cpFile())).mode & 0o777).toBe(0o600);
    const lines = parseCheckpointLines(await readFile(cpFile(), 'utf8'), 'file');
    expect(lines.length).toBeGreaterThanOrEqual(2); // the server's own at start, and ours
    expect(lines.every((l) => l.ok && l.checkpoint.keyId === key.keyId)).toBe(true);
    const worms = await loadCheckpoints(join(worm, 'none.jsonl'), worm);
    expect(worms.length).toBe(lines.length);
    const db = await server.asOwner((c) => c.query("SELECT count(*)::int AS n FROM pg_proc WHERE prosrc LIKE '%PRIVATE KEY%'"));
    expect(db.rows[0].n).toBe(0);
  });

  it('catches a superuser rewrite with recomputed hashes that the chain check alone passes, naming the row', async () => {
    for (const u of ['dr.ada', 'rn.ben']) await login(server.url, u);
    await writer.checkpoint();
    const before = await head();
    for (const u of ['dr.ada', 'rn.ben', 'billing.cy']) await login(server.url, u);
    await writer.checkpoint();
    for (const u of ['privacy.dee', 'admin.eve']) await login(server.url, u);
    await writer.checkpoint();
    const target = Number((await server.pool.query('SELECT seq FROM audit.events WHERE seq > $1 ORDER BY seq OFFSET 1 LIMIT 1', [before])).rows[0].seq);

    // The attack, exactly: superuser, triggers off, alter one row, recompute every later hash of its
    // chain and the chain's recorded head.
    const altered = await server.asOwner(async (c) => {
      await c.query('ALTER TABLE audit.events DISABLE TRIGGER USER');
      const at = (await c.query('SELECT chain, chain_seq FROM audit.events WHERE seq = $1', [target])).rows[0] as { chain: number; chain_seq: string };
      const pos = Number(at.chain_seq);
      const prevRow = (await c.query('SELECT hash FROM audit.events WHERE chain = $1 AND chain_seq = $2', [at.chain, pos - 1])).rows[0] as { hash: string } | undefined;
      await c.query("UPDATE audit.events SET user_id = '00000000-0000-4000-8000-000000000000', outcome = 'success' WHERE seq = $1", [target]);
      const rows = (await c.query(`SELECT ${AUDIT_CHAIN_COLUMNS} FROM audit.events WHERE chain = $1 AND chain_seq >= $2 ORDER BY chain_seq`, [at.chain, pos])).rows.map(rowToChained);
      let prevHash = prevRow?.hash ?? GENESIS_HASH;
      for (const r of rows) {
        const { hash: _old, ...rest } = r;
        const hash = hashAuditEvent({ ...rest, prevHash }, sha256Hex);
        await c.query('UPDATE audit.events SET prev_hash = $3, hash = $4 WHERE chain = $1 AND chain_seq = $2', [at.chain, r.seq, prevHash, hash]);
        prevHash = hash;
      }
      await c.query('UPDATE audit.chain_heads SET hash = $2 WHERE chain = $1', [at.chain, prevHash]);
      await c.query('ALTER TABLE audit.events ENABLE TRIGGER USER');
      return (await c.query('SELECT event_id FROM audit.events WHERE seq = $1', [target])).rows[0].event_id as string;
    });

    // The chain alone is fooled.
    expect(await server.asOwner((c) => verifyCentralChain(c))).toMatchObject({ ok: true });
    // The checkpoints are not: the first altered row is named.
    const report = await server.asOwner(async (c) => verifyCheckpoints(c, await loadCheckpoints(cpFile(), worm), key));
    expect(report.ok).toBe(false);
    expect(report.findings[0]).toMatchObject({ kind: 'row-altered', firstSeq: target, lastSeq: target, eventId: altered });
    // Deleting the checkpoint file does not help: the write-once copies still attest the chain.
    const wormOnly = await server.asOwner(async (c) => verifyCheckpoints(c, await loadCheckpoints(join(worm, 'gone.jsonl'), worm), key));
    expect(wormOnly.findings[0]).toMatchObject({ kind: 'row-altered', firstSeq: target });

    // The privacy officer's in-app check says so too.
    const privacy = await login(server.url, 'privacy.dee');
    expect(await must(server.url, 'audit.verify', undefined, privacy.token)).toMatchObject({ ok: false, seq: target, eventId: altered, reason: 'checkpoint-mismatch' });
    // And the command says so, with exit code 1.
    const env = childProcessEnv({ DATABASE_URL: server.databaseOwnerUrl, LANTERN_DATA_DIR: server.dataDir, LANTERN_AUDIT_CHECKPOINT_WORM_DIR: worm });
    const bad = await run(process.execPath, ['--import', 'tsx', 'src/verify-audit.ts'], { cwd: PKG, env }).then(() => null, (e: { code: number; stdout: string }) => e);
    expect(bad?.code).toBe(1);
    expect(bad?.stdout).toContain('does NOT match the signed checkpoints');
    expect(bad?.stdout).toContain(`seq ${target} (event ${altered})`);
  }, 120_000);

  it('refuses a checkpoint signed with another key (a forged re-attestation)', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const n = await head();
    const h = (await server.pool.query('SELECT hash FROM audit.events WHERE seq = $1', [n])).rows[0].hash as string;
    const forged = signCheckpoint({ v: 1, server: randomUUID(), keyId: key.keyId, at: new Date().toISOString(), count: n, head: h, marks: [] }, privateKey);
    expect(checkpointKeyId(publicKey)).not.toBe(key.keyId);
    const file = join(worm, 'forged.jsonl');
    await writeFile(file, `${JSON.stringify(forged)}\n`);
    await appendFile(file, 'not json\n');
    const report = await server.asOwner(async (c) => verifyCheckpoints(c, await loadCheckpoints(file, null), key));
    expect(report.findings.map((f) => f.kind)).toEqual(['bad-signature', 'unreadable-line']);
    await rm(file);
  });
});

describe('checkpoint writer lifecycle', () => {
  it('writes a checkpoint when the server starts and another when it closes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lantern-cp-'));
    const file = join(dir, 'cp.jsonl');
    const s = await startTestServer(pg, { auditCheckpoints: { file, keyFile: join(dir, 'key.pem'), intervalSeconds: 3600 } });
    await login(s.url, 'dr.ada').catch(() => undefined);
    await s.close();
    const lines = parseCheckpointLines(await readFile(file, 'utf8'), file);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const k = await readCheckpointKey(join(dir, 'key.pem'));
    expect(lines.every((l) => l.ok && l.checkpoint.keyId === k?.keyId)).toBe(true);
    expect((await stat(join(dir, 'key.pem'))).mode & 0o777).toBe(0o600);
    await rm(dir, { recursive: true, force: true });
  });
});
