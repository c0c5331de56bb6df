/**
 * A bench's own pool, guarded as the server's is (db/database.ts guardPoolConnections): a connection
 * Postgres terminates, idle or checked out (the bench stopping its cluster after a failure, an
 * administrator), fails the query on it, never the process with an unhandled 'error' before the
 * figures or the real failure are printed. Each loss is said on stderr, with its code only.
 */
import pg from 'pg';
import pino, { type Logger } from 'pino';
import { guardPoolConnections } from '../db/database.ts';

export interface BenchPool {
  pool: pg.Pool;
  /**
   * Ends the pool once Postgres has seen each of its connections close: pg-pool's end() resolves as it
   * asks them to, so a cluster stopped right after would still terminate them (a loss, said on stderr).
   */
  end(): Promise<void>;
}

export function benchPool(o: { connectionString: string; max: number; logger?: Pick<Logger, 'warn'> }): BenchPool {
  const pool = new pg.Pool({ connectionString: o.connectionString, max: o.max });
  guardPoolConnections(pool, o.logger ?? pino({ level: 'warn' }, process.stderr));
  const open = new Set<Promise<void>>();
  pool.on('connect', (client) => {
    const closed = new Promise<void>((resolve) => client.once('end', () => resolve()));
    open.add(closed);
    void closed.then(() => open.delete(closed));
  });
  return {
    pool,
    end: async () => {
      await pool.end();
      await Promise.all(open);
    },
  };
}
