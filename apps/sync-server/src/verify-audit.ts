/**
 * `pnpm --filter @lantern/sync-server verify-audit`: recomputes the central audit hash chain and
 * names the first broken row (exit 1), or prints `ok` with the number of events (exit 0).
 * Connects with DATABASE_URL, or starts the embedded Postgres under LANTERN_DATA_DIR.
 */
import pino from 'pino';
import { deriveKeys, loadOrCreateSecret } from './auth/keys.ts';
import { openDatabase } from './db/database.ts';
import { verifyCentralChain } from './db/verify-chain.ts';
import { loadEnv } from './env.ts';

async function main(): Promise<number> {
  const env = loadEnv();
  const logger = pino({ level: env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL });
  const secret = await loadOrCreateSecret(env.LANTERN_DATA_DIR, env.LANTERN_TOKEN_SECRET ?? null);
  const db = await openDatabase({
    dataDir: env.LANTERN_DATA_DIR, databaseUrl: env.DATABASE_URL ?? null, appPassword: deriveKeys(secret).dbAppPassword, logger, fastUnsafe: false, poolSize: 2,
  });
  try {
    const c = await db.pool.connect();
    try {
      const report = await verifyCentralChain(c);
      if (report.ok) {
        console.log(`audit chain ok: ${report.count} events verified`);
        return 0;
      }
      console.log(`audit chain BROKEN at seq ${report.seq} (event ${report.eventId}): ${report.reason}; ${report.count} events before it verified`);
      return 1;
    } finally {
      c.release();
    }
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`verify-audit failed: ${e instanceof Error ? e.message : 'unknown error'}`);
    process.exit(2);
  },
);
