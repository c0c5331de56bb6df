/**
 * `pnpm --filter @lantern/sync-server verify-audit`: recomputes the central audit hash chains and
 * checks it against the signed checkpoints kept outside the database (audit-checkpoints/), then
 * names the first row that no longer matches. Exit 0: `ok` with the number of events; exit 1: the
 * chain is broken, or a row was altered/removed after a checkpoint attested it (a superuser rewrite
 * with recomputed hashes passes the chain check but not this one), or a checkpoint does not verify,
 * or checkpoints were expected (the key exists) but none were found; exit 2: could not run.
 * Connects to DATABASE_URL, or starts the embedded Postgres under LANTERN_DATA_DIR (stop the
 * server first: one embedded cluster per data dir). It only reads; it changes no role or row.
 */
import pino from 'pino';
import type pg from 'pg';
import { readCheckpointKey } from './audit-checkpoints/checkpoint-key.ts';
import { checkpointSettings, type AuditCheckpointOptions } from './audit-checkpoints/settings.ts';
import { describeFinding, loadCheckpoints, verifyCheckpoints } from './audit-checkpoints/verify.ts';
import { ensureDatabase, withClient } from './db/database.ts';
import { startEmbeddedPostgres } from './db/embedded.ts';
import { verifyCentralChain } from './db/verify-chain.ts';
import { loadEnv, type Env } from './env.ts';

function checkpointOptions(env: Env): AuditCheckpointOptions {
  return {
    ...(env.LANTERN_AUDIT_CHECKPOINT_KEY_FILE === undefined ? {} : { keyFile: env.LANTERN_AUDIT_CHECKPOINT_KEY_FILE }),
    ...(env.LANTERN_AUDIT_CHECKPOINT_FILE === undefined ? {} : { file: env.LANTERN_AUDIT_CHECKPOINT_FILE }),
    ...(env.LANTERN_AUDIT_CHECKPOINT_WORM_DIR === undefined ? {} : { wormDir: env.LANTERN_AUDIT_CHECKPOINT_WORM_DIR }),
  };
}

/** Prints the verdict; returns the exit code. */
async function verify(c: pg.ClientBase, env: Env): Promise<number> {
  const chain = await verifyCentralChain(c);
  if (!chain.ok) {
    console.log(`audit chain BROKEN at seq ${chain.seq} (event ${chain.eventId}${chain.chain === undefined ? '' : `, chain ${chain.chain}`}): ${chain.reason}; ${chain.count} events in unbroken positions verified`);
    return 1;
  }
  const s = checkpointSettings(env.LANTERN_DATA_DIR, checkpointOptions(env));
  const key = await readCheckpointKey(s.keyFile);
  const lines = await loadCheckpoints(s.file, s.wormDir);
  if (key === null) {
    if (lines.length > 0) {
      console.log(`audit checkpoints FAILED: ${lines.length} checkpoints found but no checkpoint key at ${s.keyFile} to verify them`);
      return 1;
    }
    console.log(`audit chain ok: ${chain.count} events verified in ${chain.chains.length} chains (no checkpoint key at ${s.keyFile}: internal consistency only)`);
    return 0;
  }
  if (lines.length === 0) {
    console.log(`audit checkpoints MISSING: the checkpoint key exists but ${s.file}${s.wormDir === null ? '' : ` and ${s.wormDir}`} hold no checkpoint`);
    return 1;
  }
  const report = await verifyCheckpoints(c, lines, key);
  if (!report.ok) {
    console.log(`audit chain internally consistent (${chain.count} events) but does NOT match the signed checkpoints:`);
    for (const f of report.findings) console.log(`  ${describeFinding(f)}`);
    return 1;
  }
  const unattested = chain.count - report.attestedCount;
  console.log(`audit chain ok: ${chain.count} events verified in ${chain.chains.length} chains; ${report.checkpoints} signed checkpoints match (${report.attestedCount} events attested${unattested > 0 ? `; ${unattested} later events not yet checkpointed` : ''})`);
  return 0;
}

async function main(): Promise<number> {
  const env = loadEnv();
  const logger = pino({ level: 'warn' });
  if (env.DATABASE_URL !== undefined) return withClient(env.DATABASE_URL, (c) => verify(c, env));
  const pg = await startEmbeddedPostgres({ dataDir: env.LANTERN_DATA_DIR, logger });
  try {
    const url = await ensureDatabase(pg.superuserUrl, 'lantern');
    return await withClient(url, (c) => verify(c, env));
  } finally {
    await pg.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`verify-audit failed: ${e instanceof Error ? e.message : 'unknown error'}`);
    process.exit(2);
  },
);
