/**
 * Readiness (`GET /readyz`): may a load balancer send this server traffic? Three checks, each
 * named in the answer so an operator sees which one failed:
 * - database: the application pool answers `SELECT 1` within a few seconds;
 * - migrations: every migration this build ships is applied (none missing, none unknown);
 * - audit-checkpoint: the latest signed checkpoint of the audit chain (audit-checkpoints/) is younger
 *   than twice the checkpoint interval, so the tamper evidence outside the database is current.
 */
import { open, stat } from 'node:fs/promises';
import type pg from 'pg';
import { z } from 'zod';
import { checkpointSettings } from '../audit-checkpoints/settings.ts';
import type { ServerConfig } from '../config.ts';
import { listMigrations } from '../db/migrate.ts';

export type CheckName = 'database' | 'migrations' | 'audit-checkpoint';
export interface CheckResult {
  name: CheckName;
  ok: boolean;
  detail: string;
}
export interface Readiness {
  ready: boolean;
  checks: CheckResult[];
}

const DB_TIMEOUT_MS = 3000;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_res, rej) => {
      timer = setTimeout(() => rej(new Error(`${what} did not answer within ${ms} ms`)), ms);
    }),
  ]);
}

const message = (e: unknown): string => (e instanceof Error ? e.message.slice(0, 200) : 'unknown error');

async function database(pool: pg.Pool): Promise<CheckResult> {
  try {
    await withTimeout(pool.query('SELECT 1'), DB_TIMEOUT_MS, 'the database');
    return { name: 'database', ok: true, detail: 'reachable' };
  } catch (e) {
    return { name: 'database', ok: false, detail: message(e) };
  }
}

/** Names of the migrations applied in the database, in order. */
export async function appliedMigrations(db: Pick<pg.ClientBase, 'query'>): Promise<string[]> {
  const r = await db.query('SELECT name FROM schema_migrations ORDER BY name');
  return z.array(z.object({ name: z.string() })).parse(r.rows).map((x) => x.name);
}

async function migrations(pool: pg.Pool): Promise<CheckResult> {
  try {
    const [shipped, applied] = await Promise.all([listMigrations(), withTimeout(appliedMigrations(pool), DB_TIMEOUT_MS, 'the database')]);
    const done = new Set(applied);
    const missing = shipped.filter((m) => !done.has(m));
    const known = new Set(shipped);
    const unknown = applied.filter((m) => !known.has(m));
    if (missing.length > 0) return { name: 'migrations', ok: false, detail: `${missing.length} migration(s) not applied, first ${missing[0] ?? ''}` };
    if (unknown.length > 0) return { name: 'migrations', ok: false, detail: `the database has ${unknown.length} migration(s) this build does not know (a newer server wrote it), first ${unknown[0] ?? ''}` };
    return { name: 'migrations', ok: true, detail: `current (${applied[applied.length - 1] ?? 'none'})` };
  } catch (e) {
    return { name: 'migrations', ok: false, detail: message(e) };
  }
}

/** The `at` of the last line of the checkpoint file (reads only its tail). */
export async function lastCheckpointAt(file: string): Promise<Date | null> {
  const size = (await stat(file)).size;
  const len = Math.min(size, 64 * 1024);
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, size - len);
    const lines = buf.toString('utf8').split('\n').filter((l) => l.trim() !== '');
    const last = lines[lines.length - 1];
    if (last === undefined) return null;
    const parsed = z.object({ at: z.string() }).safeParse(JSON.parse(last));
    return parsed.success ? new Date(parsed.data.at) : null;
  } finally {
    await fh.close();
  }
}

async function auditCheckpoint(config: Pick<ServerConfig, 'dataDir' | 'auditCheckpoints'>, now: Date): Promise<CheckResult> {
  const s = checkpointSettings(config.dataDir, config.auditCheckpoints);
  const limit = 2 * s.intervalSeconds;
  try {
    const at = await lastCheckpointAt(s.file);
    if (at === null || Number.isNaN(at.getTime())) return { name: 'audit-checkpoint', ok: false, detail: 'no signed checkpoint written yet' };
    const age = Math.round((now.getTime() - at.getTime()) / 1000);
    return age <= limit
      ? { name: 'audit-checkpoint', ok: true, detail: `latest ${age} s ago (limit ${limit} s)` }
      : { name: 'audit-checkpoint', ok: false, detail: `latest signed checkpoint is ${age} s old, more than twice the ${s.intervalSeconds} s interval` };
  } catch (e) {
    return { name: 'audit-checkpoint', ok: false, detail: `checkpoint file unreadable: ${message(e)}` };
  }
}

export async function readiness(pool: pg.Pool, config: Pick<ServerConfig, 'dataDir' | 'auditCheckpoints'>, now: Date): Promise<Readiness> {
  const db = await database(pool);
  const checks = db.ok ? [db, ...(await Promise.all([migrations(pool), auditCheckpoint(config, now)]))] : [db, await auditCheckpoint(config, now)];
  return { ready: checks.every((c) => c.ok), checks };
}
