/**
 * The background sync loop (ARCHITECTURE.md, Sync protocol): push the outbox, pull changes page by
 * page, upload the local audit chain. Runs after every local write (kick), on an interval while
 * online, and with exponential backoff and jitter while the server cannot be reached. Losing the
 * network changes only the status: local reads and writes never wait on the loop.
 */
import { LanternError, toLanternError, type PullOutput, type SyncStatus } from '@lantern/core';
import { updateRequiredMessage, updateRequiredOf } from '@lantern/core/workstation-version';
import { uploadAuditChain } from './audit-upload.ts';
import { backoffDelay } from './backoff.ts';
import { pushOutbox } from './outbox-push.ts';
import { isTimeout, type ServerApi } from './server-api.ts';
import type { SyncAuth, SyncStore } from './sync-store.ts';

export interface SyncLoopOptions {
  store: SyncStore;
  api: ServerApi;
  auth: SyncAuth;
  deviceId: string;
  now?: () => Date;
  random?: () => number;
  /** Between successful cycles. */
  intervalMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  pullPageSize?: number;
  /**
   * Page size while catching up (a first sync, or more than a few pages behind): bigger pages mean
   * fewer round trips and transactions; steady-state pulls keep `pullPageSize`.
   */
  catchUpPageSize?: number;
  /** Called whenever the status may have changed (for push updates to a UI). */
  onChange?: () => void;
  /** PHI-free log line sink (ids and counts only). */
  log?: (msg: string) => void;
  /**
   * The workstation's report to its organisation after each push (workstation-control.ts): applies
   * the central policy and, when a remote wipe is pending, carries it out (the loop then stops).
   */
  control?: WorkstationControlHook;
}

/** What the loop asks of the workstation control (kept small so the loop stays testable). */
export interface WorkstationControlHook {
  /**
   * Reports and applies what the server says: `wipe` when the store must be purged now,
   * `mustChangePassword` when the server takes nothing else from this user until they set one.
   */
  report(accessToken: string, pendingCount: number): Promise<{ wipe: boolean; mustChangePassword: boolean }>;
  /** Purges the store (keeping the outbox) and confirms to the server. */
  wipe(accessToken: string): Promise<void>;
}

/**
 * The server's maxima (core's PushInputSchema, audit.ingest): a workstation catching up after a day
 * offline sends its queue in as few requests, transactions and commits as the server accepts; a
 * steady-state push is smaller than a batch anyway.
 */
const PUSH_BATCH = 500;
const AUDIT_BATCH = 5000;
const CLOSE_BATCH = 100;
/** A pull page that times out (a big catch-up page on a busy server) is asked for again this many times. */
const PULL_RETRIES = 2;
/** The status of a session signed in offline: nothing syncs until the user signs in online again. */
export const SIGNED_IN_OFFLINE = 'Signed in offline: sign in again to sync';

export class SyncLoop {
  readonly #o: Required<Omit<SyncLoopOptions, 'onChange' | 'log' | 'control'>> & Pick<SyncLoopOptions, 'onChange' | 'log' | 'control'>;
  #online = false;
  #lastSyncAt: string | null = null;
  #lastError: string | null = null;
  #initial: { received: number; total: number } | null = null;
  #running: Promise<void> | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #failures = 0;
  #stopped = true;
  #again = false;
  #changeCount = 0;
  #retryLater = 0;
  #offlineSession: { serverReachable: boolean } | null = null;

  constructor(options: SyncLoopOptions) {
    this.#o = {
      now: () => new Date(),
      random: Math.random,
      intervalMs: 10_000,
      backoffBaseMs: 1000,
      backoffMaxMs: 60_000,
      pullPageSize: 500,
      catchUpPageSize: 2000,
      ...options,
    };
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.kick();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  /** The organisation's sync interval (workstation policy) replaces the configured one from the next wait. */
  setIntervalMs(ms: number): void {
    if (ms === this.#o.intervalMs) return;
    this.#o.intervalMs = ms;
    // A wait already scheduled on the old interval is cut short to the new one.
    if (this.#timer !== null && this.#failures === 0) {
      clearTimeout(this.#timer);
      this.#timer = null;
      this.#schedule();
    }
  }

  get intervalMs(): number {
    return this.#o.intervalMs;
  }

  /** Run a cycle as soon as possible (after a local write, a sign-in, "sync now"). */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running !== null) {
      this.#again = true;
      return;
    }
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#running = this.#cycle().finally(() => {
      this.#running = null;
      this.#schedule();
    });
  }

  /** Runs one cycle now and waits for it (tests, "sync now"). */
  async runOnce(): Promise<void> {
    // A running cycle may start the next one as it ends (a kick while it ran): wait for all of them,
    // so two cycles never push the same outbox at once.
    while (this.#running !== null) await this.#running;
    const run = this.#cycle();
    this.#running = run;
    try {
      await run;
    } finally {
      if (this.#running === run) this.#running = null;
    }
  }

  async status(): Promise<SyncStatus> {
    const [all, own, conflicts] = await Promise.all([
      this.#o.store.pendingCount(), this.#o.store.ownPendingCount?.(), this.#o.store.openConflictCount(),
    ]);
    const pending = own ?? all;
    return {
      online: this.#online,
      lastSyncAt: this.#lastSyncAt,
      pending,
      pendingOtherUsers: Math.max(0, all - pending),
      conflicts,
      initialSync: this.#initial,
      syncing: this.#running !== null,
      lastError: this.#lastError,
      changeCount: this.#changeCount,
      offlineSession: this.#offlineSession,
    };
  }

  #schedule(): void {
    if (this.#stopped) return;
    if (this.#again) {
      this.#again = false;
      this.kick();
      return;
    }
    const delay = this.#failures === 0 ? this.#o.intervalMs : backoffDelay(this.#failures - 1, { baseMs: this.#o.backoffBaseMs, maxMs: this.#o.backoffMaxMs }, this.#o.random);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.kick();
    }, delay);
    this.#timer.unref?.();
  }

  async #cycle(): Promise<void> {
    if (!this.#o.auth.canSync()) {
      await this.#cannotSync();
      return;
    }
    this.#offlineSession = null;
    try {
      if (this.#o.auth.accessToken() === null && !(await this.#o.auth.refresh())) {
        this.#lastError = 'Sign in again to sync';
        return;
      }
      this.#retryLater = 0;
      // First, so a policy change or a required password change is heard even when the server refuses the rest.
      const told = await this.#report();
      if (told.mustChangePassword) {
        this.#online = true;
        this.#lastError = 'Set a new password to sync';
        return;
      }
      await this.#withAuth(() => this.#push());
      await this.#withAuth(() => this.#closeConflicts());
      if (told.wipe) {
        await this.#wipe();
        return;
      }
      // A scope sign-in could not fetch is asked for first: local access decisions follow it.
      await this.#withAuth(() => this.#o.auth.ensureScope?.() ?? Promise.resolve());
      await this.#withAuth(() => this.#pull());
      await this.#withAuth(() => this.#uploadAudit());
      this.#online = true;
      this.#lastSyncAt = this.#o.now().toISOString();
      if (this.#retryLater > 0) {
        // The server asked to retry (INTERNAL, busy): the changes stay queued and go again after a backoff.
        this.#failures += 1;
        this.#lastError = `The server could not store ${this.#retryLater} change${this.#retryLater === 1 ? '' : 's'} yet; retrying`;
        this.#o.log?.(`push: ${this.#retryLater} mutations to retry (attempt ${this.#failures})`);
      } else {
        this.#failures = 0;
        this.#lastError = null;
      }
    } catch (e) {
      const le = toLanternError(e);
      if (le.code === 'UNAVAILABLE') {
        this.#online = false;
        this.#lastError = 'Server unreachable';
      } else {
        // The server answered, so we are online; the cycle still failed and will be retried.
        this.#online = true;
        const outdated = updateRequiredOf(le.issues);
        this.#lastError = le.code === 'UNAUTHENTICATED' ? 'Sign in again to sync' : outdated !== null ? updateRequiredMessage(outdated.minimumVersion) : `Sync failed (${le.code})`;
      }
      this.#failures += 1;
      // The code and the error's own words (PHI-free by convention: ids and counts at most), so a stuck loop can be diagnosed.
      this.#o.log?.(`sync cycle failed: ${le.code} (attempt ${this.#failures}): ${le.message.slice(0, 200)}`);
    } finally {
      this.#o.onChange?.();
    }
  }

  /**
   * Nobody to sync as. Signed out: no error to show. Signed in offline without a refresh token: the
   * status says so (not an error left from an earlier cycle), and the server is asked whether it
   * answers, so the workstation can offer to sign in again once it does.
   */
  async #cannotSync(): Promise<void> {
    if (this.#o.auth.signedInOffline?.() !== true) {
      this.#offlineSession = null;
      this.#lastError = null;
      return;
    }
    this.#lastError = SIGNED_IN_OFFLINE;
    let reachable = false;
    try {
      await this.#o.api.ping?.();
      reachable = this.#o.api.ping !== undefined;
    } catch {
      reachable = false;
    }
    const changed = this.#offlineSession?.serverReachable !== reachable;
    this.#offlineSession = { serverReachable: reachable };
    this.#online = reachable;
    if (changed) this.#o.log?.(`signed in offline; the server ${reachable ? 'answers' : 'cannot be reached'}`);
    this.#o.onChange?.();
  }

  async #report(): Promise<{ wipe: boolean; mustChangePassword: boolean }> {
    const control = this.#o.control;
    if (control === undefined) return { wipe: false, mustChangePassword: false };
    const pending = await this.#o.store.pendingCount();
    return this.#withAuth(() => control.report(this.#token(), pending));
  }

  /**
   * A remote wipe, after the push (the outbox is as empty as the server allowed) and after the
   * audit chain went up; the loop then stops: there is nobody left to sync as.
   */
  async #wipe(): Promise<void> {
    const control = this.#o.control;
    if (control === undefined) return;
    await this.#withAuth(() => this.#uploadAudit());
    await this.#withAuth(() => control.wipe(this.#token()));
    this.#stopped = true;
    this.#lastError = 'This workstation was wiped by your organisation';
    this.#o.log?.('remote wipe carried out');
  }

  async #withAuth<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof LanternError && e.code === 'UNAUTHENTICATED' && (await this.#o.auth.refresh())) return fn();
      throw e;
    }
  }

  #token(): string {
    const t = this.#o.auth.accessToken();
    if (t === null) throw new LanternError('UNAUTHENTICATED', 'Nobody is signed in');
    return t;
  }

  /** The outbox up to the server (outbox-push.ts). */
  async #push(): Promise<void> {
    this.#retryLater += await pushOutbox({
      store: this.#o.store, api: this.#o.api, deviceId: this.#o.deviceId, token: () => this.#token(), batch: PUSH_BATCH,
      onAnswered: (count) => {
        this.#changeCount += count;
        this.#online = true;
        this.#o.onChange?.();
      },
    });
  }

  /** Tells the server about conflicts decided here (sync.resolveConflict), so they close there too. */
  async #closeConflicts(): Promise<void> {
    const resolve = this.#o.api.resolveConflict?.bind(this.#o.api);
    if (resolve === undefined) return;
    for (const conflictId of await this.#o.store.conflictsToClose(CLOSE_BATCH)) {
      try {
        await resolve(this.#token(), conflictId);
      } catch (e) {
        // Already closed there (or never the server's): nothing left to tell it.
        if (!(e instanceof LanternError && e.code === 'NOT_FOUND')) throw e;
      }
      await this.#o.store.markConflictClosed(conflictId);
    }
  }

  /**
   * Pulls page by page, pipelined: the request for the next page leaves (with this page's cursor
   * and page token) while this page is being applied, so the server reads the next page while the
   * store writes this one. The server derives each page from the cursor and token sent (protocol
   * 4), so if the apply fails or the process dies before it commits, the stored cursor and token
   * are the previous page's and the next cycle gets the same pages again; nothing is skipped.
   * Except after a page carrying purges: its cursor and token tell the server the purge is done
   * (it then stops asking), so they leave only once the purge is applied and durably committed.
   */
  async #pull(): Promise<void> {
    const stored = await this.#o.store.getCursor();
    const first = stored === null;
    let received = 0;
    let patientsChanged = false;
    const limitFor = (catchingUp: boolean): number => (catchingUp ? Math.max(this.#o.pullPageSize, this.#o.catchUpPageSize) : this.#o.pullPageSize);
    const request = (cursor: string | null, pageToken: string | null, limit: number): Promise<PullOutput> => {
      const p = this.#pullPage({ cursor, limit, pageToken });
      p.catch(() => undefined); // awaited below; an apply that fails first must not leave it unhandled
      return p;
    };
    const storedToken = (await this.#o.store.getPageToken?.()) ?? null;
    let next = request(stored, storedToken, limitFor(first));
    let asked = { cursor: stored, pageToken: storedToken };
    for (;;) {
      const page = await next;
      this.#online = true;
      const stuck = page.hasMore && page.changes.length === 0 && page.purgePatients.length === 0 && page.cursor === asked.cursor && (page.pageToken ?? null) === asked.pageToken;
      if (stuck) {
        // "More" with an empty page that moves neither cursor nor token would be asked again forever,
        // holding this cycle (and the writes queued behind it): the next cycle asks again.
        this.#o.log?.('sync.pull answered more with an empty page that did not move; resuming next cycle');
        break;
      }
      asked = { cursor: page.cursor, pageToken: page.pageToken ?? null };
      const acknowledgesPurge = page.purgePatients.length > 0;
      const ask = (): Promise<PullOutput> => request(page.cursor, page.pageToken ?? null, limitFor(page.remaining > 4 * this.#o.pullPageSize));
      if (page.hasMore && !acknowledgesPurge) next = ask();
      await this.#o.store.applyPullPage(page);
      if (page.hasMore && acknowledgesPurge) next = ask();
      patientsChanged ||= page.purgePatients.length > 0 || page.changes.some((c) => c.resourceType === 'Patient');
      received += page.changes.length;
      this.#changeCount += page.changes.length + page.purgePatients.length;
      if (first) this.#initial = page.hasMore ? { received, total: received + page.remaining } : null;
      this.#o.onChange?.();
      if (!page.hasMore) break;
    }
    // The first pull follows sign-in, which has just fetched the scope.
    if (patientsChanged && !first) await this.#o.auth.refreshScope?.();
  }

  /**
   * One page; a page that timed out is asked for again (the same cursor and token get the same
   * page), a few times, before the cycle gives up and resumes at the next one.
   */
  async #pullPage(input: { cursor: string | null; limit: number; pageToken: string | null }): Promise<PullOutput> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#o.api.pull(this.#token(), input);
      } catch (e) {
        if (!isTimeout(e) || attempt >= PULL_RETRIES) throw e;
        this.#o.log?.(`pull page timed out; asked again (attempt ${attempt + 1})`);
        await new Promise((r) => setTimeout(r, backoffDelay(attempt, { baseMs: this.#o.backoffBaseMs, maxMs: this.#o.backoffMaxMs }, this.#o.random)));
      }
    }
  }

  /** The local audit chain up to the server (audit-upload.ts). */
  async #uploadAudit(): Promise<void> {
    await uploadAuditChain({ store: this.#o.store, api: this.#o.api, deviceId: this.#o.deviceId, token: () => this.#token(), batch: AUDIT_BATCH });
  }
}
