/**
 * The server's pool survives Postgres terminating its connections (57P01: an administrator's
 * pg_terminate_backend, a restart, a fast shutdown), whether the connection was idle in the pool or
 * checked out by a request between two queries. Without a listener the 'error' event is thrown out
 * of the socket handler and the whole server process dies; here that would be an unhandled error
 * that fails the run.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../testing/harness.ts';
import { ensureDatabase, openDatabase, withClient, type Database } from './database.ts';

let pgServer: TestPostgres;
let db: Database;
const logged: string[] = [];

beforeAll(async () => {
  pgServer = await startTestPostgres();
  const databaseUrl = await ensureDatabase(pgServer.superuserUrl, `t_${randomUUID().replace(/-/g, '').slice(0, 12)}`);
  const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(line) });
  db = await openDatabase({ dataDir: '', databaseUrl, appPassword: `app-${randomUUID()}`, logger, fastUnsafe: true, poolSize: 4 });
}, 60_000);

afterAll(async () => {
  await db.close();
  await pgServer.stop();
});

const backendPid = async (c: pg.ClientBase) => (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid ?? 0;

/** Terminates one backend as the owner and waits until the client has seen its connection end. */
async function terminate(client: pg.ClientBase, pid: number): Promise<void> {
  const ended = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the terminated connection never ended')), 5_000);
    client.once('end', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  const ok = await withClient(db.ownerUrl, async (c) => (await c.query<{ ok: boolean }>('SELECT pg_terminate_backend($1) AS ok', [pid])).rows[0]?.ok);
  expect(ok).toBe(true);
  await ended;
  // Let any 'error' emitted after 'end' run before the test goes on.
  await new Promise((r) => setTimeout(r, 50));
}

describe('pool connections terminated by Postgres', () => {
  it('a connection checked out between two queries fails its next query, not the process; the pool serves the next request', async () => {
    const c = await db.pool.connect();
    await terminate(c, await backendPid(c));
    await expect(c.query('SELECT 1')).rejects.toThrow();
    c.release();
    const r = await db.pool.query<{ n: number }>('SELECT 2 AS n');
    expect(r.rows[0]?.n).toBe(2);
    expect(logged.some((l) => l.includes('"code":"57P01"') && l.includes('database connection lost'))).toBe(true);
  });

  it('an idle pooled connection is dropped from the pool', async () => {
    const c = await db.pool.connect();
    const pid = await backendPid(c);
    c.release();
    await terminate(c, pid);
    const r = await db.pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    expect(r.rows[0]?.pid).not.toBe(pid);
  });
});
