/**
 * Integration-test harness: one real embedded Postgres per test file (fast, non-durable settings),
 * a fresh database per server, servers on 127.0.0.1 port 0, and a tiny plain-JSON tRPC caller
 * over fetch, exactly as any HTTP client would call the API.
 */
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import pino from 'pino';
import type { Clock, ServerOptions } from '../config.ts';
import { ensureDatabase, withClient } from '../db/database.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { startServer, type RunningServer } from '../server.ts';

export interface TestPostgres {
  superuserUrl: string;
  stop(): Promise<void>;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'lantern-pg-'));
  await chmod(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: dir, logger: pino({ level: 'silent' }), fastUnsafe: true });
  return {
    superuserUrl: pg.superuserUrl,
    stop: async () => {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A clock tests can move: break-glass expiry, token expiry. */
export class TestClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface TestServer extends RunningServer {
  clock: TestClock;
  dataDir: string;
  /** Runs SQL as the database owner (superuser): for tampering and checks. */
  asOwner<T>(fn: (c: pg.Client) => Promise<T>): Promise<T>;
}

export async function startTestServer(pg: TestPostgres, opts: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lantern-srv-'));
  const dbName = `t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const databaseUrl = await ensureDatabase(pg.superuserUrl, dbName);
  const clock = new TestClock();
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, databaseUrl, logLevel: 'silent', clock, tokenSecret: `test-secret-${randomUUID()}`,
    // Real argon2id at a test cost: every login still hashes and verifies.
    passwordCost: { memoryCost: 4096, timeCost: 2 }, fastUnsafeDb: true, ...opts });
  return {
    ...server,
    clock,
    dataDir,
    asOwner: (fn) => withClient(server.databaseOwnerUrl, fn),
    close: async () => {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type CallResult<T = unknown> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; error: { message: string; data?: { lanternCode?: string; issues?: { path: string; message: string }[] } } };

/** POST /trpc/<procedure> with the input as the JSON body (queries use method override). */
export async function call<T = unknown>(url: string, procedure: string, input?: unknown, token?: string): Promise<CallResult<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  const res = await fetch(`${url}/trpc/${procedure}`, { method: 'POST', headers, ...(input === undefined ? {} : { body: JSON.stringify(input) }) });
  const body = (await res.json()) as { result?: { data: T }; error?: { message: string; data?: { lanternCode?: string } } };
  if (body.result !== undefined) return { ok: true, status: res.status, data: body.result.data };
  return { ok: false, status: res.status, error: body.error ?? { message: 'no body' } };
}

/** Like `call`, but throws on an error: for steps that are not what the test is about. */
export async function must<T = unknown>(url: string, procedure: string, input?: unknown, token?: string): Promise<T> {
  const r = await call<T>(url, procedure, input, token);
  if (!r.ok) throw new Error(`${procedure} failed (${r.status}): ${r.error.message}`);
  return r.data;
}

export interface Session {
  token: string;
  refreshToken: string;
  userId: string;
  deviceId: string;
}

export async function login(url: string, username: string, deviceId: string = randomUUID(), password = 'lantern-demo'): Promise<Session> {
  const d = await must<{ accessToken: string; refreshToken: string; user: { id: string } }>(url, 'auth.login', { username, password, deviceId });
  return { token: d.accessToken, refreshToken: d.refreshToken, userId: d.user.id, deviceId };
}
