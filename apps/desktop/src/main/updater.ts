/**
 * Electron main: installs, on quit, the update the host has already downloaded and verified against
 * the organisation's release signature (host updates/workstation-updates.ts). The host holds the
 * session, so it hands main the feed and the bearer token over the worker channel
 * (HostWorker.updateFeed, host updates/update-feed.ts), never through the renderer. electron-updater's
 * generic provider then reads <server>/updates/<channel>/<platform>/latest*.yml (the machine policy's
 * channel, chosen by the host), checks the file's SHA-512 itself, and this module takes only the
 * version and SHA-512 the host verified. It never restarts the application: the update is installed
 * when the clinician quits (autoInstallOnAppQuit). Checks at start and every few hours; a 401 gets
 * one fresh token from the host and one retry. Logs versions and reasons only, never the token.
 * electron-updater's own session goes through the machine policy's proxy and trusts its internal CA
 * (updater-network.ts), which the host reports with the feed, before anything is fetched.
 */
import type { Session } from 'electron';
import electronUpdater from 'electron-updater';
import type { UpdateFeed, UpdateFeedAnswer, UpdateFeedRefusal } from '../host/updates/update-feed.ts';
import { updaterNetworkConfig } from './updater-network.ts';

export const CHECK_EVERY_MS = 4 * 3600_000;

export type UpdateCheckOutcome =
  | { kind: 'refused'; reason: UpdateFeedRefusal }
  /** The verified version is downloaded by electron-updater and installs when the application quits. */
  | { kind: 'install-on-quit'; version: string }
  /** The feed offers something else than the host verified (it moved on, or was tampered with). */
  | { kind: 'mismatch'; offered: string | null; verified: string }
  | { kind: 'failed'; message: string };

export interface AutoUpdatesOptions {
  /** The host's answer (HostWorker.updateFeed); refresh: true after the feed answered 401. */
  feed: (refresh: boolean) => Promise<UpdateFeedAnswer>;
  log: (msg: string) => void;
  intervalMs?: number;
}

type Updater = typeof electronUpdater.autoUpdater;

const statusOf = (e: unknown): number | null =>
  typeof e === 'object' && e !== null && 'statusCode' in e && typeof e.statusCode === 'number' ? e.statusCode : null;

export class AutoUpdates {
  readonly #o: AutoUpdatesOptions;
  readonly #u: Updater;
  #timer: ReturnType<typeof setInterval> | null = null;
  #running: Promise<UpdateCheckOutcome> | null = null;
  /** The version already handed to electron-updater for install on quit. */
  #pending: string | null = null;
  #token: string | null = null;
  /** The network settings last applied to electron-updater's session (JSON), so an unchanged policy is not re-applied. */
  #network: string | null = null;

  constructor(o: AutoUpdatesOptions) {
    this.#o = o;
    this.#u = electronUpdater.autoUpdater;
    this.#u.autoDownload = false;
    this.#u.autoInstallOnAppQuit = true;
    this.#u.allowDowngrade = false;
    this.#u.allowPrerelease = false;
    // electron-updater's own messages go to our log with the token taken out.
    const scrub = (m: unknown): string => {
      const text = m instanceof Error ? m.message : String(m);
      const noBearer = text.replace(/Bearer\s+\S+/gi, 'Bearer [token]');
      return this.#token === null ? noBearer : noBearer.split(this.#token).join('[token]');
    };
    this.#u.logger = {
      info: (m?: unknown) => o.log(`updater: ${scrub(m)}`),
      warn: (m?: unknown) => o.log(`updater: ${scrub(m)}`),
      error: (m?: unknown) => o.log(`updater: ${scrub(m)}`),
    };
  }

  /** A check now, then every `intervalMs` (default 4 hours). */
  start(): void {
    void this.check();
    this.#timer ??= setInterval(() => void this.check(), this.#o.intervalMs ?? CHECK_EVERY_MS);
    this.#timer.unref?.();
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** One check at a time; never rejects. */
  check(): Promise<UpdateCheckOutcome> {
    this.#running ??= this.#check().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #check(): Promise<UpdateCheckOutcome> {
    let answer = await this.#o.feed(false);
    for (let attempt = 0; ; attempt++) {
      if (!answer.ok) {
        this.#o.log(`updater: not checking (${answer.error})`);
        return { kind: 'refused', reason: answer.error };
      }
      try {
        return await this.#installOnQuit(answer.value);
      } catch (e) {
        // The access token expired between the host's answer and the feed's: one fresh token, one retry.
        if (statusOf(e) === 401 && attempt === 0) {
          this.#o.log('updater: the feed refused the token; asking the host for a fresh one');
          answer = await this.#o.feed(true);
          continue;
        }
        const status = statusOf(e);
        const message = status === null ? 'the update feed could not be read' : `the update feed answered HTTP ${status}`;
        this.#o.log(`updater: ${message}`);
        return { kind: 'failed', message };
      }
    }
  }

  /** Proxy and certificate check for electron-updater's session (its own partition, not the window's). */
  async #applyNetwork(f: UpdateFeed): Promise<void> {
    const key = JSON.stringify(f.network);
    if (this.#network === key) return;
    const config = updaterNetworkConfig(f.network);
    // electron-updater types its session with the real Electron package, absent here (electron.d.ts).
    const session: Session = this.#u.netSession as Session;
    // Without a policy proxy the session keeps following the system's proxy settings.
    await session.setProxy(config.proxy ?? { mode: 'system' });
    session.setCertificateVerifyProc(config.verifyCertificate === null ? null : (request, callback) => callback(config.verifyCertificate?.(request) ?? -3));
    this.#network = key;
    this.#o.log(`updater: ${config.proxy === null ? 'system proxy' : 'machine policy proxy'}, ${config.verifyCertificate === null ? 'system certificate store' : 'machine policy CA trusted'}`);
  }

  async #installOnQuit(f: UpdateFeed): Promise<UpdateCheckOutcome> {
    if (this.#pending === f.version) return { kind: 'install-on-quit', version: f.version };
    this.#token = f.token;
    await this.#applyNetwork(f);
    this.#u.setFeedURL({ provider: 'generic', url: f.url });
    this.#u.requestHeaders = { authorization: `Bearer ${f.token}` };
    const found = await this.#u.checkForUpdates();
    const info = found?.updateInfo ?? null;
    // Only the file the host verified: same version, same SHA-512 as the signed one.
    if (info === null || info.version !== f.version || !info.files.some((file) => file.sha512 === f.sha512)) {
      this.#o.log(`updater: the ${f.channel} feed offers ${info?.version ?? 'nothing'}, the workstation verified ${f.version}; not installing`);
      return { kind: 'mismatch', offered: info?.version ?? null, verified: f.version };
    }
    await this.#u.downloadUpdate();
    this.#pending = f.version;
    this.#o.log(`updater: ${f.version} (${f.channel}) will be installed when the application quits`);
    return { kind: 'install-on-quit', version: f.version };
  }
}
