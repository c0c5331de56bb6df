/**
 * The processes a convergence run kills: sync servers as child processes (`tsx src/main.ts`, the
 * start contract `pnpm start` uses) on ONE Postgres that lives in the test process and so survives
 * every kill, and optionally a real HAProxy (Debian's /usr/sbin/haproxy) balancing over them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER_PKG = fileURLToPath(new URL('../../../../../sync-server/', import.meta.url));
export const HAPROXY = '/usr/sbin/haproxy';

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface SyncServerProcess {
  readonly url: string;
  readonly up: boolean;
  start(): Promise<void>;
  /** SIGKILL: no drain, no clean close, as a crash or an OOM kill. */
  kill(): Promise<void>;
  /** Clean stop (SIGTERM) at the end of a run. */
  stop(): Promise<void>;
}

export function syncServerProcess(opts: { databaseUrl: string; dataDir: string; tokenSecret: string; port: number; demoPatients: number; startTimeoutMs?: number }): SyncServerProcess {
  let child: ChildProcess | null = null;
  // Passed through env(1), which adds them to the environment this process already has.
  const env = {
    PORT: String(opts.port), HOST: '127.0.0.1', LANTERN_DATA_DIR: opts.dataDir, DATABASE_URL: opts.databaseUrl,
    LANTERN_TOKEN_SECRET: opts.tokenSecret, LANTERN_DEMO: '1', LANTERN_DEMO_PATIENTS: String(opts.demoPatients),
    LANTERN_RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'fatal',
  };
  const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r())));
  return {
    url: `http://127.0.0.1:${opts.port}`,
    get up() {
      return child !== null;
    },
    start: () =>
      new Promise((resolve, reject) => {
        if (child !== null) return resolve();
        const assignments = Object.entries(env).map(([k, v]) => `${k}=${v}`);
        const c = spawn('/usr/bin/env', [...assignments, process.execPath, '--import', 'tsx', 'src/main.ts'], { cwd: SERVER_PKG, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        const timer = setTimeout(() => {
          c.kill('SIGKILL');
          reject(new Error(`sync server not ready in time: ${out.slice(-400)}`));
        }, opts.startTimeoutMs ?? 180_000);
        const onData = (b: Buffer) => {
          out = (out + b.toString()).slice(-4000);
          if (/listening on http/.test(out)) {
            clearTimeout(timer);
            child = c;
            resolve();
          }
        };
        c.stdout?.on('data', onData);
        c.stderr?.on('data', onData);
        c.once('exit', (code) => {
          if (child === c) child = null;
          clearTimeout(timer);
          reject(new Error(`sync server exited (${code}) before it was ready: ${out.slice(-400)}`));
        });
      }),
    kill: async () => {
      const c = child;
      if (c === null) return;
      child = null;
      c.kill('SIGKILL');
      await exited(c);
    },
    stop: async () => {
      const c = child;
      if (c === null) return;
      child = null;
      c.kill('SIGTERM');
      const force = setTimeout(() => c.kill('SIGKILL'), 15_000);
      await exited(c);
      clearTimeout(force);
    },
  };
}

export interface Haproxy {
  readonly url: string;
  /**
   * Each server (in the order given) as HAProxy sees it now, from its own statistics (`show stat` on
   * its stats socket): requests it is handling (`scur`; the nemesis kills a busy server) and whether
   * its health check has it up.
   */
  servers(): Promise<{ sessions: number; up: boolean }[]>;
  stop(): Promise<void>;
}

/** One command on HAProxy's stats socket; the answer is read to the end (the socket closes after it). */
function statsCommand(socket: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = connect(socket);
    let out = '';
    c.setTimeout(1000, () => c.destroy(new Error('haproxy stats socket timed out')));
    c.on('connect', () => c.write(`${command}\n`));
    c.on('data', (b: Buffer) => (out += b.toString()));
    c.on('end', () => resolve(out));
    c.on('error', reject);
  });
}

/**
 * HAProxy in the foreground (-db), round robin, an HTTP health check on the servers' `/health`
 * every 500 ms, and `retry-on conn-failure` with redispatch: a connection refused by a dead server
 * is retried on another (safe: nothing reached the dead one). A request a server dies in the middle
 * of is NOT retried by the balancer; the workstation retries it and the server deduplicates.
 */
export async function startHaproxy(dir: string, servers: readonly string[]): Promise<Haproxy> {
  const port = await freePort();
  const cfg = join(dir, 'haproxy.cfg');
  const socket = join(dir, 'haproxy.sock');
  const backends = servers.map((u, i) => `  server app${i} ${new URL(u).host} check inter 500 fall 2 rise 2`).join('\n');
  writeFileSync(cfg, `global
  maxconn 512
  stats socket ${socket} mode 600 level user
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  retries 3
  option redispatch
  retry-on conn-failure
frontend lantern
  bind 127.0.0.1:${port}
  default_backend apps
backend apps
  balance roundrobin
  option httpchk GET /health
${backends}
`);
  const c = spawn(HAPROXY, ['-f', cfg, '-db'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  c.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  c.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i += 1) {
    if (c.exitCode !== null) throw new Error(`haproxy exited: ${out.slice(-500)}`);
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    servers: async () => {
      // CSV: pxname,svname,qcur,qmax,scur,... status is column 17; the servers of backend "apps" are app0..appN.
      const rows = (await statsCommand(socket, 'show stat')).split('\n').map((l) => l.split(','));
      return servers.map((_, i) => {
        const row = rows.find((r) => r[0] === 'apps' && r[1] === `app${i}`);
        return { sessions: Number(row?.[4] ?? 0), up: row?.[17]?.startsWith('UP') === true };
      });
    },
    stop: async () => {
      if (c.exitCode !== null) return;
      c.kill('SIGTERM');
      await new Promise<void>((r) => (c.exitCode !== null ? r() : c.once('exit', () => r())));
    },
  };
}

export const haproxyInstalled = (): boolean => existsSync(HAPROXY);
