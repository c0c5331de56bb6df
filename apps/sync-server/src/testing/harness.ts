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
import { batchString, generateDeviceKeyPair, proofString, refreshSubject, type DeviceKeyPair } from '../auth/device-proof.ts';
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
  username: string;
  /** The device's key pair: the same one for every login on this device id in this test process. */
  deviceKey: DeviceKeyPair;
}

/** One key pair per device id, made at its first login, as a workstation keeps its key in its store. */
const deviceKeys = new Map<string, DeviceKeyPair>();

export function deviceKeyFor(deviceId: string): DeviceKeyPair {
  let k = deviceKeys.get(deviceId);
  if (k === undefined) {
    k = generateDeviceKeyPair();
    deviceKeys.set(deviceId, k);
  }
  return k;
}

/** A fresh nonce from auth.challenge for this device. */
export async function challenge(url: string, deviceId: string): Promise<string> {
  return (await must<{ nonce: string }>(url, 'auth.challenge', { deviceId })).nonce;
}

/** The auth.login input a workstation sends: credentials, its public key and a signed nonce. */
export async function loginInput(url: string, username: string, deviceId: string, password: string, key: DeviceKeyPair = deviceKeyFor(deviceId)) {
  const nonce = await challenge(url, deviceId);
  const proof = key.sign(proofString({ purpose: 'login', deviceId, nonce, subject: username }));
  return { username, password, deviceId, devicePublicKey: key.publicKey, nonce, proof };
}

/**
 * Signs in as a workstation does: enrols the device at its first sign-in, proves possession of
 * its key afterwards. Every test logs in through this helper.
 */
export async function login(url: string, username: string, deviceId: string = randomUUID(), password = 'lantern-demo'): Promise<Session> {
  const deviceKey = deviceKeyFor(deviceId);
  const d = await must<{ accessToken: string; refreshToken: string; user: { id: string } }>(url, 'auth.login', await loginInput(url, username, deviceId, password, deviceKey));
  return { token: d.accessToken, refreshToken: d.refreshToken, userId: d.user.id, deviceId, username, deviceKey };
}

/** The auth.refresh input: the refresh token with a proof by the device key. */
export async function refreshInput(url: string, s: Pick<Session, 'deviceId' | 'deviceKey'>, refreshToken: string) {
  const nonce = await challenge(url, s.deviceId);
  const proof = s.deviceKey.sign(proofString({ purpose: 'refresh', deviceId: s.deviceId, nonce, subject: refreshSubject(refreshToken) }));
  return { refreshToken, deviceId: s.deviceId, nonce, proof };
}

/** auth.refresh as a workstation calls it (token rotation: use the returned refreshToken next). */
export async function refresh(url: string, s: Session, refreshToken: string = s.refreshToken): Promise<CallResult<{ accessToken: string; refreshToken: string }>> {
  return call(url, 'auth.refresh', await refreshInput(url, s, refreshToken));
}

/** The audit.ingest input: the device's events with its signature over the batch. */
export function ingestInput(s: Pick<Session, 'deviceId' | 'deviceKey'>, events: readonly { seq: number; hash: string }[]) {
  return { deviceId: s.deviceId, events, signature: s.deviceKey.sign(batchString(s.deviceId, events)) };
}

/** audit.ingest of a device chain (or a slice of it), signed by the device as a workstation does. */
export function ingest<T = { accepted: number; duplicates: number; refused: unknown[] }>(url: string, s: Session, events: readonly { seq: number; hash: string }[]): Promise<CallResult<T>> {
  return call<T>(url, 'audit.ingest', ingestInput(s, events), s.token);
}
