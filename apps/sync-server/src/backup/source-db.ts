/**
 * Which database `lantern-server backup` reads: DATABASE_URL when set; otherwise the embedded
 * cluster of the data dir — the running server's (online backup: its port is in the cluster's
 * `postmaster.pid`, its superuser password in `secrets/`), or, with the server stopped, the
 * cluster started for the backup and stopped after it.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { ensureDatabase } from '../db/database.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { superuserPasswordFile } from '../db/embedded-secret.ts';

export interface SourceDb {
  ownerUrl: string;
  close(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The cluster directory: `<dataDir>/pg`, or where `<dataDir>/pg-cluster` says (db/embedded-access.ts). */
async function clusterDir(dataDir: string): Promise<string> {
  const pointer = join(dataDir, 'pg-cluster');
  return existsSync(pointer) ? (await readFile(pointer, 'utf8')).trim() : join(dataDir, 'pg');
}

/** The running embedded cluster of `dataDir`, if any: postmaster.pid line 1 is the pid, line 4 the port. */
async function runningEmbedded(dataDir: string): Promise<string | null> {
  const pidFile = join(await clusterDir(dataDir), 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !alive(pid)) return null;
  const password = (await readFile(superuserPasswordFile(dataDir), 'utf8')).trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/lantern`;
}

export async function openSourceDb(o: { dataDir: string; databaseUrl: string | null; logger: Logger }): Promise<SourceDb> {
  if (o.databaseUrl !== null) return { ownerUrl: o.databaseUrl, close: () => Promise.resolve() };
  const dataDir = resolve(o.dataDir);
  if (!existsSync(join(await clusterDir(dataDir), 'PG_VERSION'))) throw new Error(`No Lantern database under ${dataDir}: set LANTERN_DATA_DIR (or DATABASE_URL) to the server's`);
  const running = await runningEmbedded(dataDir);
  if (running !== null) return { ownerUrl: running, close: () => Promise.resolve() };
  const pg = await startEmbeddedPostgres({ dataDir, logger: o.logger });
  try {
    return { ownerUrl: await ensureDatabase(pg.superuserUrl, 'lantern'), close: () => pg.stop() };
  } catch (e) {
    await pg.stop();
    throw e;
  }
}
