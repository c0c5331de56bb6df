/**
 * A bench's own pool, guarded as the server's is (db/database.ts guardPoolConnections): a connection
 * Postgres terminates, idle or checked out (the bench stopping its cluster after a failure, an
 * administrator), fails the query on it, never the process with an unhandled 'error' before the
 * figures or the real failure are printed. Each loss is said on stderr, with its code only.
 */
import pg from 'pg';
import pino, { type Logger } from 'pino';
import { guardPoolConnections } from '../db/database.ts';

export function benchPool(o: { connectionString: string; max: number; logger?: Pick<Logger, 'warn'> }): pg.Pool {
  const pool = new pg.Pool({ connectionString: o.connectionString, max: o.max });
  guardPoolConnections(pool, o.logger ?? pino({ level: 'warn' }, process.stderr));
  return pool;
}
