/**
 * `pnpm --filter @lantern/sync-server verify-audit`: recomputes the central audit hash chain and
 * names the first broken row (exit 1), or prints `ok` with the number of events (exit 0).
 * Connects to DATABASE_URL, or starts the embedded Postgres under LANTERN_DATA_DIR (stop the
 * server first: one embedded cluster per data dir). It only reads; it changes no role or row.
 */
import pino from 'pino';
import { ensureDatabase, withClient } from './db/database.ts';
import { startEmbeddedPostgres } from './db/embedded.ts';
import { verifyCentralChain, type ChainReport } from './db/verify-chain.ts';
import { loadEnv } from './env.ts';

async function main(): Promise<number> {
  const env = loadEnv();
  const logger = pino({ level: 'warn' });
  let report: ChainReport;
  if (env.DATABASE_URL !== undefined) {
    report = await withClient(env.DATABASE_URL, (c) => verifyCentralChain(c));
  } else {
    const pg = await startEmbeddedPostgres({ dataDir: env.LANTERN_DATA_DIR, logger });
    try {
      const url = await ensureDatabase(pg.superuserUrl, 'lantern');
      report = await withClient(url, (c) => verifyCentralChain(c));
    } finally {
      await pg.stop();
    }
  }
  if (report.ok) {
    console.log(`audit chain ok: ${report.count} events verified`);
    return 0;
  }
  console.log(`audit chain BROKEN at seq ${report.seq} (event ${report.eventId}): ${report.reason}; ${report.count} events before it verified`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`verify-audit failed: ${e instanceof Error ? e.message : 'unknown error'}`);
    process.exit(2);
  },
);
