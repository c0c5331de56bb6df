/**
 * Opens the server's database: starts embedded Postgres unless a URL is given, applies the
 * migrations as the owner, makes sure the application role exists with its grants, and returns
 * a pool that connects as that role.
 */
import pg from 'pg';
import type { Logger } from 'pino';
import { startEmbeddedPostgres } from './embedded.ts';
import { migrate } from './migrate.ts';
import { ensureAppRole } from './roles.ts';

export interface Database {
  /** Connections as the application role: what every request uses. */
  pool: pg.Pool;
  /** Owner credentials of the same database (migrations, tests, verify-audit). */
  ownerUrl: string;
  appRole: string;
  close(): Promise<void>;
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => undefined);
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Creates a database on a cluster if missing; returns the URL of the new database. */
export async function ensureDatabase(superuserUrl: string, name: string): Promise<string> {
  await withClient(superuserUrl, async (c) => {
    const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`);
  });
  const u = new URL(superuserUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function openDatabase(opts: {
  dataDir: string;
  databaseUrl: string | null;
  appPassword: string;
  logger: Logger;
  fastUnsafe: boolean;
  poolSize?: number;
}): Promise<Database> {
  let stopEmbedded: (() => Promise<void>) | null = null;
  let ownerUrl: string;
  if (opts.databaseUrl === null) {
    const embedded = await startEmbeddedPostgres({ dataDir: opts.dataDir, logger: opts.logger, fastUnsafe: opts.fastUnsafe });
    stopEmbedded = embedded.stop;
    try {
      ownerUrl = await ensureDatabase(embedded.superuserUrl, 'lantern');
    } catch (e) {
      await embedded.stop();
      throw e;
    }
  } else {
    ownerUrl = opts.databaseUrl;
  }
  try {
    const url = new URL(ownerUrl);
    const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
    const appRole = await withClient(ownerUrl, async (c) => {
      const applied = await migrate(c);
      if (applied.length > 0) opts.logger.info({ applied }, 'migrations applied');
      return ensureAppRole(c, { database, password: opts.appPassword });
    });
    url.username = encodeURIComponent(appRole);
    url.password = encodeURIComponent(opts.appPassword);
    const pool = new pg.Pool({ connectionString: url.toString(), max: opts.poolSize ?? 20 });
    guardPoolConnections(pool, opts.logger);
    return {
      pool,
      ownerUrl,
      appRole,
      close: async () => {
        await pool.end();
        if (stopEmbedded !== null) await stopEmbedded();
      },
    };
  } catch (e) {
    if (stopEmbedded !== null) await stopEmbedded();
    throw e;
  }
}

/**
 * A connection Postgres drops (terminated by an administrator, a restart, a fast shutdown) must
 * never crash the process. The pool listens only to its idle connections: a connection checked out
 * and waiting between two queries (a transaction while Node checks the request) has no listener of
 * the pool's, so each connection gets its own for its whole life. The request holding it then fails
 * at its next query, and the pool drops the connection when it is released.
 */
export function guardPoolConnections(pool: pg.Pool, logger: Pick<Logger, 'warn'>): void {
  pool.on('error', (e: Error & { code?: string }) => logger.warn({ code: e.code, err: e.message }, 'idle database connection lost'));
  pool.on('connect', (client) => {
    client.on('error', (e: Error & { code?: string }) => logger.warn({ code: e.code, err: e.message }, 'database connection lost'));
  });
}

/** Runs `fn` in a transaction on one pooled connection; rolls back on any throw. */
export async function withTx<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const out = await fn(c);
    await c.query('COMMIT');
    return out;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}

/** Anything that runs a query: the pool (one-off reads) or a client inside a transaction. */
export type Queryable = Pick<pg.ClientBase, 'query'>;
