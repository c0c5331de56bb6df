/**
 * Builds the workstation host: opens (creating on first run) the encrypted store, wires the session,
 * the audit sink, the sync loop and the services the router works with. Electron main hosts the result
 * over IPC; browser mode (start-workstation.ts) over loopback HTTP.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyProvider } from '../store/key/key-provider.ts';
import { keyFileProvider } from '../store/key/key-file.ts';
import type { LocalStore } from '../store/local-store.ts';
import { openStore } from '../store/open-store.ts';
import { getState, setState } from '../store/sync-state.ts';
import type { HostServices } from '../api/host-services.ts';
import { RecentViews } from '../patients/recent-views.ts';
import { clinicalServices } from '../api/clinical-services.ts';
import { localAuditSink } from '../session/local-audit-sink.ts';
import { localCredentialStore } from '../session/local-credential-store.ts';
import { SessionManager } from '../session/session-manager.ts';
import { localSyncStore } from '../sync/local-sync-store.ts';
import { createServerApi } from '../sync/server-api.ts';
import { loadOrCreateDeviceKey } from '../session/device-key.ts';
import { SyncLoop } from '../sync/sync-loop.ts';
import { SigningKeys, withSigningKeyRegistration } from '../notes/signing-keys.ts';
import { KB_VERSION } from './kb-version.ts';
import { WorkstationControl } from '../sync/workstation-control.ts';
import { PolicyWindowSuppressions } from '../sync/policy-suppressions.ts';
import { NO_MACHINE_POLICY, type MachinePolicyLoad } from '../machine-policy/load-machine-policy.ts';
import { machineSettings } from '../machine-policy/machine-settings.ts';
import { trustedFetch } from '../machine-policy/trusted-fetch.ts';
import { channelOf, platformOf, WorkstationUpdates } from '../updates/workstation-updates.ts';

export interface HostOptions {
  /** Holds store.db (and, outside Electron, its 0600 key file). */
  dataDir: string;
  /** The sync server, e.g. http://127.0.0.1:4000 */
  serverUrl: string;
  /** Default: a 0600 key file in dataDir, made on first run. Electron passes its safeStorage wrapper. */
  keyProvider?: KeyProvider;
  /** Default 10 minutes. */
  autoLockMs?: number;
  syncIntervalMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  pullPageSize?: number;
  /** Per-request timeout for calls to the sync server (default 10 s): a hung server must not hang the host. */
  requestTimeoutMs?: number;
  /**
   * Timeout of one sync.pull page (default 60 s): a catch-up page of thousands of resources from a
   * busy server can take longer than an ordinary call; a page that times out is asked for again.
   */
  pullTimeoutMs?: number;
  /**
   * Keep a user's offline grant when they sign out, so they can sign in again here while the server is
   * unreachable (a clinic whose link drops). Default off: sign-out removes the refresh token and the grant.
   */
  keepOfflineGrantOnSignOut?: boolean;
  /** How long past autoLockMs the host waits for the renderer's own lock before locking itself. */
  hostGraceMs?: number;
  /** Injected clock (tests). */
  now?: () => Date;
  /** Run as if the CDS knowledge base were due for review by this earlier date (YYYY-MM-DD). */
  knowledgeBaseReviewBy?: string;
  /** Reported to the organisation on every sync (default: the desktop package's version). */
  appVersion?: string;
  /** What IT set for this machine (machine-policy/load-machine-policy.ts); it overrides serverUrl and autoLockMs. */
  machinePolicy?: MachinePolicyLoad;
  /** Updates (updates/): the organisation's release public key (Ed25519 SPKI PEM file) and the channel when machine policy sets none. */
  updateReleaseKeyFile?: string;
  updateChannel?: string;
  log?: (msg: string) => void;
}

export interface Host {
  services: HostServices;
  close(): Promise<void>;
}

export const DEFAULT_AUTO_LOCK_MS = 10 * 60_000;
/** The sync loop's own default interval (sync-loop.ts). */
const DEFAULT_SYNC_INTERVAL_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_PULL_TIMEOUT_MS = 60_000;
/** What this workstation tells its organisation it runs (workstation.report). */
const APP_VERSION = '0.1.0';

export async function createHost(o: HostOptions): Promise<Host> {
  mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
  const opened = await openStore({
    path: join(o.dataDir, 'store.db'),
    keyProvider: o.keyProvider ?? keyFileProvider({ path: join(o.dataDir, 'store.key'), createIfMissing: true }),
  });
  if (!opened.ok) throw opened.error;
  const store = opened.value as LocalStore;
  let deviceId = getState(store.db, 'device-id');
  if (deviceId === null) {
    const id = randomUUID();
    store.db.write(() => setState(store.db, 'device-id', id));
    deviceId = id;
  }
  const now = o.now ?? (() => new Date());
  const uuid = () => randomUUID();
  // The device key is made once and kept in the encrypted store; sign-in enrols it with the server.
  const machine = machineSettings(o.machinePolicy ?? NO_MACHINE_POLICY, { serverUrl: o.serverUrl, autoLockMs: o.autoLockMs ?? DEFAULT_AUTO_LOCK_MS });
  if (machine.load.status === 'invalid') o.log?.(`machine policy at ${machine.load.source.location} refused: ${machine.load.message}`);
  const api = createServerApi({ baseUrl: machine.serverUrl, timeoutMs: o.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, pullTimeoutMs: o.pullTimeoutMs ?? DEFAULT_PULL_TIMEOUT_MS, appVersion: o.appVersion ?? APP_VERSION, device: loadOrCreateDeviceKey(store.db, deviceId),
    ...(machine.trustedCa === null && machine.policy.proxy === undefined ? {} : { fetch: trustedFetch({ ca: machine.trustedCa, proxy: machine.policy.proxy ?? null }) }) });
  const audit = localAuditSink(store, { deviceId, uuid, now });
  let sync: SyncLoop | null = null;
  let updates: WorkstationUpdates | null = null;
  const session = new SessionManager({
    api, audit, deviceId, now,
    credentials: localCredentialStore(store.db, now),
    autoLockMs: machine.autoLockMs,
    admission: machine,
    keepOfflineGrantOnSignOut: o.keepOfflineGrantOnSignOut === true,
    ...(o.hostGraceMs === undefined ? {} : { hostGraceMs: o.hostGraceMs }),
    onChange: (st) => {
      sync?.kick();
      updates?.sessionChanged(st.status);
    },
    onUpdateRequired: (e) => updates?.noteUpdateRequired(e),
  });
  updates = new WorkstationUpdates({
    dir: join(o.dataDir, 'updates'), baseUrl: machine.serverUrl, appVersion: o.appVersion ?? APP_VERSION, platform: platformOf(process.platform),
    channel: () => channelOf(machine.updateChannel(), o.updateChannel), accessToken: () => session.accessToken(), now,
    refreshAccessToken: () => session.refresh(),
    releasePublicKeyPem: o.updateReleaseKeyFile === undefined ? null : readFileSync(o.updateReleaseKeyFile, 'utf8'),
    ...(machine.trustedCa === null && machine.policy.proxy === undefined ? {} : { fetch: trustedFetch({ ca: machine.trustedCa, proxy: machine.policy.proxy ?? null }) }),
    network: { proxy: machine.policy.proxy ?? null, trustedCaPem: machine.trustedCa },
    ...(o.log === undefined ? {} : { log: o.log }),
  });
  // The organisation's policy and remote wipe, heard on every sync; the policy last heard applies from the start.
  const control = new WorkstationControl({
    db: store.db, api, now, appVersion: o.appVersion ?? APP_VERSION, kbVersion: KB_VERSION,
    // The organisation's values are ceilings: a workstation IT configured to lock sooner or sync
    // more often (a shared ward PC, a test rig) keeps its stricter setting.
    onPolicy: (p) => {
      session.applyPolicy(machine.withOrganisation(p));
      sync?.setIntervalMs(Math.min(p.syncIntervalSeconds * 1000, o.syncIntervalMs ?? DEFAULT_SYNC_INTERVAL_MS));
    },
    onMustChangePassword: (must) => session.setMustChangePassword(must),
    onWiped: async () => {
      await session.signOut();
    },
    ...(o.log === undefined ? {} : { log: o.log }),
  });
  const loop = new SyncLoop({
    store: localSyncStore(store, { userId: () => session.userId, uuid, now }),
    // Signing keys reach the server before the signatures that need them.
    api: withSigningKeyRegistration(api, new SigningKeys(store.db)), auth: session, deviceId, now,
    ...(o.syncIntervalMs === undefined ? {} : { intervalMs: o.syncIntervalMs }),
    ...(o.backoffBaseMs === undefined ? {} : { backoffBaseMs: o.backoffBaseMs }),
    ...(o.backoffMaxMs === undefined ? {} : { backoffMaxMs: o.backoffMaxMs }),
    ...(o.pullPageSize === undefined ? {} : { pullPageSize: o.pullPageSize }),
    ...(o.log === undefined ? {} : { log: o.log }),
    control,
  });
  sync = loop;
  if (machine.offlineGrantHours !== null) session.applyPolicy({ autoLockMs: machine.autoLockMs, offlineGrantHours: machine.offlineGrantHours });
  control.applyHeld();
  const clinical = clinicalServices(store.db, api, now);
  const services: HostServices = { store, session, sync: loop, audit, deviceId, uuid, now, recentViews: new RecentViews(now), workstation: control, machine, updates,
    ...(o.knowledgeBaseReviewBy === undefined ? {} : { knowledgeBaseReviewBy: o.knowledgeBaseReviewBy }),
    clinical: { ...clinical, suppressions: new PolicyWindowSuppressions(store.db, () => control.policy()?.cdsSuppressionHours ?? null, now) } };
  loop.start();
  updates.start();
  return {
    services,
    close: async () => {
      updates?.stop();
      await loop.stop();
      store.close();
    },
  };
}
