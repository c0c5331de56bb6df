/**
 * `lantern-server migrate`: applies the pending numbered migrations (db/migrate.ts) and exits, so
 * a package upgrade (packaging/deb/postinst) moves the schema forward before the service starts.
 * Connects to DATABASE_URL, or starts the embedded Postgres under LANTERN_DATA_DIR (the service
 * must be stopped: one embedded cluster per data dir).
 */
import pino from 'pino';
import { ensureDatabase, withClient } from '../db/database.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { migrate } from '../db/migrate.ts';
import { loadEnv } from '../env.ts';

export async function migrateCommand(): Promise<number> {
  const env = loadEnv();
  const logger = pino({ level: 'warn' });
  const apply = async (url: string): Promise<number> => {
    const applied = await withClient(url, (c) => migrate(c));
    console.log(applied.length === 0 ? 'migrations: up to date' : `migrations applied: ${applied.join(', ')}`);
    return 0;
  };
  if (env.DATABASE_URL !== undefined) return apply(env.DATABASE_URL);
  const pg = await startEmbeddedPostgres({ dataDir: env.LANTERN_DATA_DIR, logger });
  try {
    return await apply(await ensureDatabase(pg.superuserUrl, 'lantern'));
  } finally {
    await pg.stop();
  }
}
