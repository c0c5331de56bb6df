/**
 * The workstation's updates: asks its own sync server "is there an update for me?" at sign-in and
 * daily (the server decides the staged rollout by device), downloads the package into the
 * workstation directory (resuming with Range), verifies SHA-512 and the organisation's signature,
 * and only then reports it downloaded; Electron's updater installs it on quit (main/updater.ts).
 * A server refusal of this version is kept here, so the renderer can say it in plain words.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { KeyObject } from 'node:crypto';
import { LanternError } from '@lantern/core';
import {
  updateRequiredMessage, updateRequiredOf, UpdateOfferSchema, type UpdateChannel, type UpdateOffer, type UpdatePlatform,
} from '@lantern/core/workstation-version';
import { z } from 'zod';
import type { UpdateState, UpdateStatus } from './update-status.ts';
import { expiresSoon, feedRefused, NO_UPDATER_NETWORK, type UpdateFeedAnswer, type UpdaterNetwork } from './update-feed.ts';
import { releaseKey, verifyPackage } from './verify-package.ts';

export const DAILY_MS = 24 * 3600_000;
const OfferAnswer = z.object({ offer: UpdateOfferSchema.extend({ path: z.string().startsWith('/updates/') }).nullable() });

export interface WorkstationUpdatesOptions {
  /** <workstation dir>/updates: downloads land here. */
  dir: string;
  baseUrl: string;
  appVersion: string;
  platform: UpdatePlatform;
  /** Machine policy's update channel (engineer C), else LANTERN_UPDATE_CHANNEL, else stable. */
  channel: () => UpdateChannel;
  /** The organisation's release key (SPKI PEM); without it nothing is offered for install. */
  releasePublicKeyPem: string | null;
  /** The signed-in user's access token, or null (offline, signed out). */
  accessToken: () => string | null;
  /** Renews the access token (session refresh); false when it cannot (offline, signed out). */
  refreshAccessToken?: () => Promise<boolean>;
  fetch?: typeof fetch;
  /** The machine policy's proxy and internal CA, handed on with the feed so Electron's download uses them too. */
  network?: UpdaterNetwork;
  now: () => Date;
  onChange?: () => void;
  log?: (msg: string) => void;
}

export class WorkstationUpdates {
  readonly #o: WorkstationUpdatesOptions;
  readonly #key: KeyObject | null;
  #update: UpdateState = { state: 'none' };
  #required: UpdateStatus['updateRequired'] = null;
  /** The updates-only token a version refusal carried (update-token.ts on the server). */
  #updateToken: string | null = null;
  #lastCheckedAt: Date | null = null;
  /** The file name and SHA-512 of the verified download. */
  #offerName: string | null = null;
  #offerSha512: string | null = null;
  #running: Promise<UpdateStatus> | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(o: WorkstationUpdatesOptions) {
    this.#o = o;
    this.#key = o.releasePublicKeyPem === null ? null : releaseKey(o.releasePublicKeyPem);
  }

  status(): UpdateStatus {
    return {
      currentVersion: this.#o.appVersion, channel: this.#o.channel(), update: this.#update, updateRequired: this.#required,
      lastCheckedAt: this.#lastCheckedAt?.toISOString() ?? null,
    };
  }

  /** The verified file, for the Electron updater's install-on-quit. */
  downloadedPath(): string | null {
    return this.#update.state === 'downloaded' ? this.#filePath(this.#offerName ?? '') : null;
  }


  /**
   * For Electron main's updater (main/updater.ts), over the worker channel only: the feed for this
   * machine's channel and a token that is not about to expire (refreshed first when it is, or when
   * main says the feed answered 401). Refused while signed out or before a verified download.
   */
  async feedAccess(o: { refresh: boolean }): Promise<UpdateFeedAnswer> {
    // Signed out, only the updates-only token of a version refusal (proven password and device key) fetches the feed.
    if (this.#sessionStatus === 'signed-out' && this.#updateToken === null) return feedRefused('signed-out');
    if (this.#update.state !== 'downloaded' || this.#offerSha512 === null) return feedRefused('nothing-verified');
    const current = (): string | null => this.#o.accessToken() ?? this.#updateToken;
    const before = current();
    if (this.#o.refreshAccessToken !== undefined && (o.refresh || before === null || expiresSoon(before, this.#o.now()))) {
      await this.#o.refreshAccessToken().catch(() => false);
    }
    const token = current();
    // A token refresh could not renew is not handed out: the feed would answer 401.
    if (token === null || (o.refresh && token === before) || expiresSoon(token, this.#o.now(), 0)) return feedRefused('no-token');
    return { ok: true, value: { url: `${this.#o.baseUrl}/updates/${this.#o.channel()}/${this.#o.platform}`, token, channel: this.#o.channel(), version: this.#update.version, sha512: this.#offerSha512, network: this.#o.network ?? NO_UPDATER_NETWORK } };
  }

  /** The session saw the server refuse this version (sign-in, refresh): remember why, and check for the update it needs. */
  noteUpdateRequired(e: LanternError): void {
    const r = updateRequiredOf(e.issues);
    if (r === null) return;
    this.#required = { minimumVersion: r.minimumVersion, message: updateRequiredMessage(r.minimumVersion) };
    this.#updateToken = e.issues.find((i) => i.path === 'updateToken')?.message ?? this.#updateToken;
    this.#o.onChange?.();
    void this.check().catch(() => undefined);
  }

  #sessionStatus = 'signed-out';

  /** A sign-in (not an unlock) is when a workstation first asks for its update. */
  sessionChanged(status: 'signed-out' | 'locked' | 'active'): void {
    const before = this.#sessionStatus;
    this.#sessionStatus = status;
    if (status === 'active' && before === 'signed-out') void this.check().catch(() => undefined);
  }

  /** Daily checks (the first at start-up happens on sign-in). */
  start(): void {
    this.#timer ??= setInterval(() => void this.check().catch(() => undefined), DAILY_MS);
    this.#timer.unref?.();
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** One check (and download) at a time; a second caller waits for the first. */
  check(): Promise<UpdateStatus> {
    this.#running ??= this.#check().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #check(): Promise<UpdateStatus> {
    const token = this.#o.accessToken() ?? this.#updateToken;
    if (token === null) return this.status();
    const doFetch = this.#o.fetch ?? fetch;
    const url = `${this.#o.baseUrl}/updates/${this.#o.channel()}/${this.#o.platform}/offer.json?current=${encodeURIComponent(this.#o.appVersion)}`;
    const res = await doFetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(15_000) })
      .catch((e: unknown) => Promise.reject(new LanternError('UNAVAILABLE', 'The sync server cannot be reached', { cause: e })));
    this.#lastCheckedAt = this.#o.now();
    if (!res.ok) {
      this.#o.log?.(`update check: HTTP ${res.status}`);
      this.#o.onChange?.();
      return this.status();
    }
    const answer = OfferAnswer.parse(await res.json());
    if (answer.offer === null) {
      if (this.#update.state !== 'downloaded') this.#set({ state: 'none' });
      return this.status();
    }
    const offer = answer.offer;
    if (this.#update.state === 'downloaded' && this.#update.version === offer.version) return this.status();
    if (this.#key === null) {
      this.#set({ state: 'refused', version: offer.version, reason: 'No release key is configured on this workstation, so the update cannot be verified' });
      return this.status();
    }
    this.#set({ state: 'available', version: offer.version });
    await this.#download(doFetch, token, offer, answer.offer.path, this.#key);
    return this.status();
  }

  #filePath(fileName: string): string {
    return join(this.#o.dir, fileName);
  }

  async #download(doFetch: typeof fetch, token: string, offer: UpdateOffer, path: string, key: KeyObject): Promise<void> {
    await mkdir(this.#o.dir, { recursive: true, mode: 0o700 });
    const part = `${this.#filePath(offer.fileName)}.part`;
    const have = await stat(part).then((s) => s.size, () => 0);
    // Resume an interrupted download where it stopped (RFC 9110 section 14); a full answer restarts it.
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(have > 0 && have < offer.size ? { range: `bytes=${have}-` } : {}) };
    const res = await doFetch(`${this.#o.baseUrl}${path}`, { headers });
    if (!res.ok || res.body === null) {
      this.#o.log?.(`update download: HTTP ${res.status}`);
      return;
    }
    const append = res.status === 206;
    await writeBody(res.body, part, append);
    const verdict = await verifyPackage(part, offer, key);
    if (!verdict.ok) {
      await rm(part, { force: true });
      this.#o.log?.(`update ${offer.version} refused: ${verdict.error}`);
      this.#set({ state: 'refused', version: offer.version, reason: verdict.error });
      return;
    }
    await rename(part, this.#filePath(offer.fileName));
    this.#offerName = offer.fileName;
    this.#offerSha512 = offer.sha512;
    this.#set({ state: 'downloaded', version: offer.version });
  }

  #set(u: UpdateState): void {
    this.#update = u;
    this.#o.onChange?.();
  }
}

/** Streams a response body to a file (appending to a resumed download), with back-pressure. */
async function writeBody(body: ReadableStream<Uint8Array>, path: string, append: boolean): Promise<void> {
  const out = createWriteStream(path, { flags: append ? 'a' : 'w', mode: 0o600 });
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!out.write(value)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await finished(out);
  }
}

/** electron-builder's platform name for this machine. */
export function platformOf(p: NodeJS.Platform): UpdatePlatform {
  return p === 'win32' ? 'win' : p === 'darwin' ? 'mac' : 'linux';
}

/** The update channel: the machine policy's, else the environment's, else stable (anything else is ignored). */
export function channelOf(...candidates: (string | null | undefined)[]): UpdateChannel {
  for (const c of candidates) if (c === 'stable' || c === 'pilot') return c;
  return 'stable';
}
