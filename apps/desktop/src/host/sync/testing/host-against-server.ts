/**
 * For integration tests: an embedded Postgres, the real sync server as its own process (as `pnpm
 * start` runs it, so it can be stopped and started again on the same port, like a restart in the
 * field), and a real workstation host (encrypted store, session, sync loop) pointed at it. Everything
 * is torn down by `close()`. The host imports nothing of the server but its router type; this helper,
 * for tests only, borrows the server's test harness for Postgres.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// A helper of the host's integration tests, which may start the real server through its harness (eslint.config.js).
// eslint-disable-next-line no-restricted-imports -- tests only, as in every host *.int.test.ts
import { startTestPostgres, type TestPostgres } from '../../../../../sync-server/src/testing/harness.ts';
// eslint-disable-next-line no-restricted-imports -- tests only, as in every host *.int.test.ts
import { ensureDatabase, withClient } from '../../../../../sync-server/src/db/database.ts';
import { createHost, type Host, type HostOptions } from '../../serve/create-host.ts';
import { explicitKeyProvider, randomKey } from '../../store/key/key-provider.ts';

/** The server's database client, as its harness types it (the desktop does not depend on pg). */
type OwnerClient = Parameters<Parameters<typeof withClient>[1]>[0];

const ROOT = resolve(fileURLToPath(new URL('../../../../../..', import.meta.url)));
export const SERVER_DIR = join(ROOT, 'apps', 'sync-server');
export const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

export interface ServerProcess {
  /** http://127.0.0.1:PORT, the same across a stop and start. */
  readonly url: string;
  readonly port: number;
  /** The environment the server runs with (to start it by other means, e.g. from a shell). */
  env(): Record<string, string>;
  /** SIGTERM, as systemd stops it; resolves once the process has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data; resolves once it listens. */
  start(): Promise<void>;
}

export interface HostAgainstServer {
  server: ServerProcess;
  host: Host;
  /** Runs SQL on the server's database as its owner (test set-up and checks). */
  asOwner<T>(fn: (c: OwnerClient) => Promise<T>): Promise<T>;
  /** The host's log lines so far (PHI-free by convention). */
  log: string[];
  close(): Promise<void>;
}

function startServerProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolveUp, reject) => {
    // The server reads its own environment (its env.ts): the child gets this one plus the test's settings.
    // eslint-disable-next-line no-restricted-properties -- passed through to a child process, not read as configuration
    const child = spawn(TSX, ['src/main.ts'], { cwd: SERVER_DIR, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: string[] = [];
    const timer = setTimeout(() => reject(new Error(`the sync server did not start:\n${out.slice(-10).join('')}`)), 120_000);
    const onData = (b: Buffer) => {
      out.push(b.toString());
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(b.toString());
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        resolveUp({ child, url: m[1] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the sync server exited with ${code ?? 'a signal'}:\n${out.slice(-10).join('')}`));
    });
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((r) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return r();
    child.once('exit', () => r());
    process.kill(-child.pid, 'SIGTERM');
  });
}

export async function hostAgainstServer(o: { demoPatients?: number; host?: Partial<HostOptions> } = {}): Promise<HostAgainstServer> {
  const pgHandle: TestPostgres = await startTestPostgres();
  const databaseUrl = await ensureDatabase(pgHandle.superuserUrl, `t_${randomUUID().replace(/-/g, '').slice(0, 12)}`);
  const serverData = mkdtempSync(join(tmpdir(), 'lantern-has-server-'));
  const hostData = mkdtempSync(join(tmpdir(), 'lantern-has-host-'));
  const baseEnv = { DATABASE_URL: databaseUrl, LANTERN_DATA_DIR: serverData, LANTERN_DEMO: '1', LANTERN_DEMO_PATIENTS: String(o.demoPatients ?? 5), LOG_LEVEL: 'warn' };
  let { child, url } = await startServerProcess({ ...baseEnv, PORT: '0' });
  let running: ChildProcess | null = child;
  const port = Number(new URL(url).port);
  const env = () => ({ ...baseEnv, PORT: String(port) });
  const server: ServerProcess = {
    url,
    port,
    env,
    stop: async () => {
      if (running !== null) await stopProcess(running);
      running = null;
    },
    start: async () => {
      if (running !== null) return;
      ({ child, url } = await startServerProcess(env()));
      running = child;
    },
  };
  const log: string[] = [];
  let host: Host;
  try {
    host = await createHost({
      dataDir: hostData, serverUrl: url, keyProvider: explicitKeyProvider(randomKey()), autoLockMs: 3_600_000,
      syncIntervalMs: 1000, backoffMaxMs: 1000, keepOfflineGrantOnSignOut: true, log: (m) => log.push(m), ...o.host,
    });
  } catch (e) {
    await server.stop();
    await pgHandle.stop();
    throw e;
  }
  return {
    server,
    host,
    log,
    asOwner: (fn) => withClient(databaseUrl, fn),
    close: async () => {
      await host.close();
      await server.stop();
      await pgHandle.stop();
      rmSync(serverData, { recursive: true, force: true });
      rmSync(hostData, { recursive: true, force: true });
    },
  };
}
