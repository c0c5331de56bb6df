/**
 * A bench's pool outlives a connection Postgres terminates while a query holds it (57P01): the query
 * fails, the bench goes on. With only the pool's own 'error' listener (idle connections) the event
 * was thrown out of the socket handler and took the bench down; here that is an unhandled error that
 * fails the run. Ended, it has closed its connections before the bench stops the cluster.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureDatabase } from '../db/database.ts';
import { startTestPostgres, type TestPostgres } from '../testing/harness.ts';
import { benchPool } from './bench-pool.ts';

let pgServer: TestPostgres;
let url: string;

beforeAll(async () => {
  pgServer = await startTestPostgres();
  url = await ensureDatabase(pgServer.superuserUrl, `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`);
}, 60_000);
afterAll(async () => {
  await pgServer.stop();
});

it('a checked-out connection that Postgres terminates fails its next query, not the bench; the pool serves the next one', async () => {
  const logged: string[] = [];
  const { pool, end } = benchPool({ connectionString: url, max: 3, logger: pino({ level: 'warn' }, { write: (line: string) => void logged.push(line) }) });
  try {
    const held = await pool.connect();
    const pid = (await held.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    const ended = new Promise((resolve) => held.once('end', resolve));
    // Another of the pool's connections (a superuser's) ends it, as the cluster stopping would.
    expect((await pool.query<{ ok: boolean }>('SELECT pg_terminate_backend($1) AS ok', [pid])).rows[0]?.ok).toBe(true);
    await ended;
    await new Promise((r) => setTimeout(r, 50));
    await expect(held.query('SELECT 1')).rejects.toThrow();
    held.release();
    expect((await pool.query<{ n: number }>('SELECT 2 AS n')).rows[0]?.n).toBe(2);
    expect(logged.some((l) => l.includes('"code":"57P01"'))).toBe(true);
  } finally {
    await end();
  }
});

it('ends once every connection has closed, so the cluster stopping next terminates none of them', async () => {
  const { pool, end } = benchPool({ connectionString: url, max: 4 });
  let closed = 0;
  pool.on('connect', (client) => void client.once('end', () => (closed += 1)));
  const held = await Promise.all([0, 1, 2, 3].map(() => pool.connect()));
  for (const c of held) c.release();
  await end();
  expect(closed).toBe(4);
});
