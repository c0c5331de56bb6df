/**
 * The e2e world: a real sync server on embedded Postgres with demo data, and browser-mode
 * workstations (each with a fresh encrypted store) pointed at it.
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT, startProc, tempDir, type Proc } from './processes.ts';

export interface SyncServer {
  url: string;
  /** The HL7 v2 MLLP listener's port on 127.0.0.1 (the demo's lab interface DEMOLAB^DEMO is registered). */
  hl7Port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** A port free on loopback right now (the OS picks it). */
async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function startSyncServer(): Promise<SyncServer> {
  const data = tempDir('lantern-e2e-server-');
  const cwd = join(ROOT, 'apps', 'sync-server');
  // The MLLP port stays the same across a stop and start, like the HTTP port.
  const hl7Port = await freePort();
  const env = (port: string) => ({ PORT: port, LANTERN_DATA_DIR: data.path, LANTERN_DEMO: '1', LANTERN_DEMO_PATIENTS: '60', LANTERN_HL7_PORT: String(hl7Port), LOG_LEVEL: 'warn' });
  const first = await startProc('sync-server', 'src/main.ts', cwd, env('0'), /listening on (http:\/\/127\.0\.0\.1:(\d+))/);
  const url = first.match[1] ?? '';
  const port = first.match[2] ?? '0';
  let proc: Proc | null = first.proc;
  return {
    url,
    hl7Port,
    async stop() {
      await proc?.stop();
      proc = null;
    },
    async start() {
      if (proc !== null) return;
      proc = (await startProc('sync-server', 'src/main.ts', cwd, env(port), /listening on http/)).proc;
    },
    async close() {
      await proc?.stop();
      proc = null;
      data.remove();
    },
  };
}

export interface WorkstationProc {
  origin: string;
  launchUrl: string;
  /** The workstation's data dir (store and key), to start it again on the same store. */
  dataDir: string;
  close(): Promise<void>;
  /** SIGKILL, as a crash or power cut would: no flush, no clean close. */
  kill(): void;
  /** The host's last lines of output (its log: sync cycles and their errors, no PHI), for a failing spec to print. */
  recentOutput(lines?: number): string;
}

/** `dataDir`: reuse an existing workstation's store (the caller then removes it). */
export async function startWorkstation(serverUrl: string, opts: { autoLockMs?: number; dataDir?: string; keepOfflineGrantOnSignOut?: boolean; env?: Record<string, string> } = {}): Promise<WorkstationProc> {
  const data = opts.dataDir === undefined ? tempDir('lantern-e2e-ws-') : { path: opts.dataDir, remove: () => undefined };
  const { proc, match } = await startProc('workstation', join(ROOT, 'apps', 'desktop', 'dist', 'host', 'main.js'), join(ROOT, 'apps', 'desktop'), {
    LANTERN_SERVER_URL: serverUrl,
    LANTERN_WORKSTATION_DIR: data.path,
    LANTERN_RENDERER_DIR: join(ROOT, 'apps', 'desktop', 'dist', 'renderer'),
    LANTERN_AUTO_LOCK_MS: String(opts.autoLockMs ?? 600_000),
    LANTERN_SYNC_INTERVAL_MS: '1000',
    LANTERN_SYNC_BACKOFF_MAX_MS: '2000',
    LANTERN_PULL_PAGE_SIZE: '250',
    // The offline specs sign out and back in with the server down: a clinic that keeps grants on sign-out.
    LANTERN_KEEP_OFFLINE_GRANT_ON_SIGN_OUT: opts.keepOfflineGrantOnSignOut === false ? '0' : '1',
    // Anything else a spec needs this workstation to run with (e.g. LANTERN_CDS_KB_REVIEW_BY).
    ...opts.env,
  }, /open (http:\/\/127\.0\.0\.1:\d+)\/\?launch=\S+/);
  const launchUrl = match[0].slice('open '.length);
  return {
    origin: match[1] ?? '',
    launchUrl,
    dataDir: data.path,
    async close() {
      await proc.stop();
      data.remove();
    },
    kill() {
      try { process.kill(-(proc.child.pid ?? 0), 'SIGKILL'); } catch { /* already gone */ }
    },
    recentOutput(lines = 40) {
      return proc.output.slice(-lines).join('\n');
    },
  };
}
