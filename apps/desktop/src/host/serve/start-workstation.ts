/**
 * Starts the workstation host outside Electron: opens (creating on first run) the encrypted store
 * with a 0600 key file, wires the session, the sync loop and the router, and serves them over
 * loopback HTTP with the renderer build. Used by `pnpm start` (browser mode), the e2e harness and
 * the benchmarks.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LanternError } from '@lantern/core';
import { keyFileProvider } from '../store/key/key-file.ts';
import type { KeyProvider } from '../store/key/key-provider.ts';
import { openStore } from '../store/open-store.ts';
import type { LocalStore } from '../store/local-store.ts';
import { getState, setState } from '../store/sync-state.ts';
import type { HostServices } from '../router/host-services.ts';
import { RecentViews } from '../router/recent-views.ts';
import { localAuditSink } from '../session/local-audit-sink.ts';
import { localCredentialStore } from '../session/local-credential-store.ts';
import { SessionManager } from '../session/session-manager.ts';
import { localSyncStore } from '../sync/local-sync-store.ts';
import { createServerApi } from '../sync/server-api.ts';
import { SyncLoop } from '../sync/sync-loop.ts';
import { serveHttp, type HttpServe } from './http-server.ts';

export interface WorkstationOptions {
  /** Holds store.db and its key file. */
  dataDir: string;
  /** The sync server, e.g. http://127.0.0.1:4000 */
  serverUrl: string;
  rendererDir: string | null;
  port?: number;
  keyProvider?: KeyProvider;
  /** Default 10 minutes. */
  autoLockMs?: number;
  syncIntervalMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  pullPageSize?: number;
  log?: (msg: string) => void;
}

export interface Workstation extends HttpServe {
  services: HostServices;
}

export const DEFAULT_AUTO_LOCK_MS = 10 * 60_000;

export async function startWorkstation(o: WorkstationOptions): Promise<Workstation> {
  mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
  const opened = await openStore({
    path: join(o.dataDir, 'store.db'),
    keyProvider: o.keyProvider ?? keyFileProvider({ path: join(o.dataDir, 'store.key'), createIfMissing: true }),
  });
  if (!opened.ok) throw opened.error;
  const store = opened.value as LocalStore;
  let deviceId = getState(store.db, 'device-id');
  if (deviceId === null) {
    deviceId = randomUUID();
    const id = deviceId;
    store.db.write(() => setState(store.db, 'device-id', id));
  }
  const now = () => new Date();
  const uuid = () => randomUUID();
  const api = createServerApi({ baseUrl: o.serverUrl, timeoutMs: 10_000 });
  const audit = localAuditSink(store, { deviceId, uuid, now });
  let sync: SyncLoop | null = null;
  const session = new SessionManager({
    api, audit, deviceId, now,
    credentials: localCredentialStore(store.db, now),
    autoLockMs: o.autoLockMs ?? DEFAULT_AUTO_LOCK_MS,
    onChange: () => sync?.kick(),
  });
  sync = new SyncLoop({
    store: localSyncStore(store, { userId: () => session.userId, uuid, now }),
    api, auth: session, deviceId, now,
    ...(o.syncIntervalMs === undefined ? {} : { intervalMs: o.syncIntervalMs }),
    ...(o.backoffBaseMs === undefined ? {} : { backoffBaseMs: o.backoffBaseMs }),
    ...(o.backoffMaxMs === undefined ? {} : { backoffMaxMs: o.backoffMaxMs }),
    ...(o.pullPageSize === undefined ? {} : { pullPageSize: o.pullPageSize }),
    ...(o.log === undefined ? {} : { log: o.log }),
  });
  const services: HostServices = { store, session, sync, audit, deviceId, uuid, now, recentViews: new RecentViews(now) };
  let http: HttpServe;
  try {
    http = await serveHttp({ services, rendererDir: o.rendererDir, ...(o.port === undefined ? {} : { port: o.port }), ...(o.log === undefined ? {} : { log: o.log }) });
  } catch (e) {
    store.close();
    throw new LanternError('UNAVAILABLE', 'The workstation could not listen on loopback', { cause: e });
  }
  sync.start();
  return {
    ...http,
    services,
    close: async () => {
      await sync.stop();
      await http.close();
      store.close();
    },
  };
}
