/**
 * The workstation session: who is signed in, whether the screen is locked, and the tokens the sync
 * loop acts with. Online sign-in goes to the server; when the server cannot be reached (and only
 * then: a wrong password is never retried offline), the credential saved at the last online sign-in
 * is checked locally. Auto-lock (HIPAA 164.312(a)(2)(iii)) is enforced here as well as in the
 * renderer, so a data call after the timeout fails even if the screen failed to lock itself.
 */
import { LanternError, type SessionState, type SessionUser } from '@lantern/core';
import { updateRequiredOf } from '@lantern/core/workstation-version';
import type { ServerApi, LoginResult } from '../sync/server-api.ts';
import type { SyncAuth } from '../sync/sync-store.ts';
import type { AuditSink } from './audit-sink.ts';
import type { CredentialStore, OfflineCredential } from './credential-store.ts';
import { verifyOfflineGrant } from './offline-grant.ts';
import { checkVerifier, makeVerifier, needsRehash } from './password-verifier.ts';
import { scopeAtSignIn } from './scope-at-sign-in.ts';

export interface SessionManagerOptions {
  api: ServerApi;
  credentials: CredentialStore;
  audit: AuditSink;
  deviceId: string;
  autoLockMs: number;
  /** Extra time the host allows past the renderer's timer before it locks on its own. */
  hostGraceMs?: number;
  now?: () => Date;
  onChange?: (s: SessionState) => void;
  /** The server refused this workstation's version (core workstation-version): the updates feature shows why. */
  onUpdateRequired?: (e: LanternError) => void;
  /**
   * Keep the user's offline grant at sign-out, so they can sign in again here while the server is
   * unreachable (IT's choice per site). Default: removed with the refresh token.
   */
  keepOfflineGrantOnSignOut?: boolean;
  /** Machine policy's allowed users and units (machine-policy/machine-settings.ts): null admits, an error refuses. */
  admission?: {
    admitUser(username: string): LanternError | null;
    admitUnits(units: readonly string[] | null): LanternError | null;
  };
}

type Internal =
  | { status: 'signed-out' }
  | {
    status: 'locked' | 'active'; user: SessionUser; mode: 'online' | 'offline'; scope: OfflineCredential['scope']; accessToken: string | null; refreshToken: string | null;
    /** The scope is the one stored at an earlier sign-in (the server could not say): sync asks again before it pulls. */
    scopeStale?: boolean;
  };

const badCredentials = () => new LanternError('UNAUTHENTICATED', 'The username or password is not correct');
const deviceRefused = () => new LanternError('UNAUTHENTICATED', 'The server does not accept sign-ins from this workstation (it was deactivated or could not prove its identity): contact IT support', { issues: [{ path: 'deviceId', message: 'workstation not accepted' }] });
/** How long a sign-in waits for the previous sign-out's logout to reach the server. */
const LOGOUT_WAIT_MS = 3_000;

export class SessionManager implements SyncAuth {
  readonly #o: SessionManagerOptions;
  #s: Internal = { status: 'signed-out' };
  #lastActivity = 0;
  #autoLockMs: number;
  /** The organisation's offline grant length (workstation policy), when one was heard. */
  #offlineGrantHours: number | null = null;
  #mustChangePassword = false;

  constructor(options: SessionManagerOptions) {
    this.#o = options;
    this.#autoLockMs = options.autoLockMs;
  }

  get autoLockMs(): number {
    return this.#autoLockMs;
  }

  /**
   * The organisation's workstation policy: auto-lock after this long idle, and offline sign-in
   * only within this many hours of the grant's issue, however long the server's grant runs.
   * The renderer reads the new timeout with the session state and re-arms its timer.
   */
  applyPolicy(p: { autoLockMs: number; offlineGrantHours: number }): void {
    const changed = p.autoLockMs !== this.#autoLockMs;
    this.#autoLockMs = p.autoLockMs;
    this.#offlineGrantHours = p.offlineGrantHours;
    if (changed) this.#changed();
  }

  get userId(): string | null {
    return this.#s.status === 'signed-out' ? null : this.#s.user.userId;
  }

  #now(): number {
    return (this.#o.now?.() ?? new Date()).getTime();
  }

  async current(): Promise<SessionState> {
    await this.#enforceIdle();
    return this.#public();
  }

  #public(): SessionState {
    const autoLockMs = this.#autoLockMs;
    const s = this.#s;
    switch (s.status) {
      case 'signed-out':
        return { status: 'signed-out', autoLockMs };
      case 'locked':
        return { status: 'locked', user: s.user, autoLockMs };
      case 'active':
        return { status: 'active', user: s.user, mode: s.mode, autoLockMs };
    }
  }

  /** The server said this user must set a new password (an administrator reset it) before anything else. */
  get mustChangePassword(): boolean {
    return this.#s.status !== 'signed-out' && this.#mustChangePassword;
  }

  setMustChangePassword(must: boolean): void {
    if (must === this.#mustChangePassword) return;
    this.#mustChangePassword = must;
    this.#changed();
  }

  /**
   * Sets the user's own password on the server (proving the current one), then the offline
   * verifier here, so unlocking and offline sign-in take the new password and not the old one.
   */
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    const s = this.#s;
    if (s.status !== 'active') throw new LanternError('UNAUTHENTICATED', 'Sign in first');
    const change = this.#o.api.changePassword?.bind(this.#o.api);
    if (change === undefined || (s.accessToken === null && !(await this.refresh()))) {
      throw new LanternError('UNAVAILABLE', 'A new password can only be set while the server is reachable');
    }
    const token = this.accessToken();
    if (token === null || change === undefined) throw new LanternError('UNAVAILABLE', 'A new password can only be set while the server is reachable');
    await change(token, { currentPassword, newPassword });
    const cred = await this.#o.credentials.findOfflineCredential(s.user.username);
    if (cred !== null) await this.#o.credentials.saveOfflineCredential({ ...cred, verifier: await makeVerifier(newPassword) });
    this.#mustChangePassword = false;
    this.#lastActivity = this.#now();
    this.#changed();
  }

  /** Data calls: the active user, or UNAUTHENTICATED / STORE_LOCKED. Counts as activity. */
  async requireActive(): Promise<{ user: SessionUser; scope: OfflineCredential['scope'] }> {
    await this.#enforceIdle();
    const s = this.#s;
    if (s.status === 'signed-out') throw new LanternError('UNAUTHENTICATED', 'Sign in first');
    if (s.status === 'locked') throw new LanternError('STORE_LOCKED', 'The workstation is locked');
    if (this.#mustChangePassword) throw new LanternError('FORBIDDEN', 'Set a new password before anything else: your administrator reset it', { issues: [{ path: 'mustChangePassword', message: 'password change required' }] });
    this.#lastActivity = this.#now();
    return { user: s.user, scope: s.scope };
  }

  /** The renderer saw keyboard or pointer input. */
  async activity(): Promise<void> {
    await this.#enforceIdle();
    if (this.#s.status === 'active') this.#lastActivity = this.#now();
  }

  async #enforceIdle(): Promise<void> {
    if (this.#s.status !== 'active' || this.#autoLockMs <= 0) return;
    if (this.#now() - this.#lastActivity > this.#autoLockMs + (this.#o.hostGraceMs ?? 30_000)) await this.lock('idle');
  }

  async signIn(username: string, password: string): Promise<SessionState> {
    if (this.#s.status !== 'signed-out') await this.signOut();
    this.#mustChangePassword = false;
    // IT's per-machine restriction is checked before the password leaves the workstation.
    const notHere = this.#o.admission?.admitUser(username) ?? null;
    if (notHere !== null) return this.#refuseByMachinePolicy(username.slice(0, 128), notHere);
    // The previous user's logout first (at most a few seconds: offline it never answers).
    const loggingOut = this.#loggingOut;
    this.#loggingOut = null;
    if (loggingOut !== null) await Promise.race([loggingOut, new Promise((r) => setTimeout(r, LOGOUT_WAIT_MS).unref?.())]);
    let login: LoginResult;
    try {
      login = await this.#o.api.login({ username, password, deviceId: this.#o.deviceId });
    } catch (e) {
      if (e instanceof LanternError && e.code === 'UNAVAILABLE') return this.#signInOffline(username, password);
      if (e instanceof LanternError && updateRequiredOf(e.issues) !== null) {
        // Too old for the server: work goes on offline with the saved credential (queued writes kept
        // until the update); a user who never signed in here reads the server's words.
        this.#o.onUpdateRequired?.(e);
        const saved = await this.#o.credentials.findOfflineCredential(username);
        if (saved === null || saved.grant === null) throw e;
        return this.#signInOffline(username, password);
      }
      if (e instanceof LanternError && (e.code === 'UNAUTHENTICATED' || e.code === 'FORBIDDEN' || e.code === 'BAD_INPUT')) {
        // The server refused this workstation, not the password: retrying the password cannot help
        // (and would only run into the sign-in lockout).
        const device = e.issues.some((i) => i.path === 'deviceId');
        await this.#o.audit.record({ userId: username.slice(0, 128), action: 'login-failed', outcome: 'failure', detail: { mode: 'online', ...(device ? { reason: 'device-refused' } : {}) } });
        throw device ? deviceRefused() : badCredentials();
      }
      throw e;
    }
    const otherUnit = this.#o.admission?.admitUnits(login.units ?? null) ?? null;
    if (otherUnit !== null) {
      await this.#o.api.logout(login.accessToken, login.refreshToken).catch(() => undefined);
      return this.#refuseByMachinePolicy(login.user.userId, otherUnit);
    }
    await this.#acceptOnlineLogin(login, password);
    await this.#o.audit.record({ userId: login.user.userId, action: 'login', outcome: 'success', detail: { mode: 'online' } });
    this.#changed();
    return this.#public();
  }

  /**
   * A session opened offline, now that the server answers again: the same user signs in online
   * without signing out, so the open chart and their drafts stay where they are and their queued
   * writes start to sync. UNAVAILABLE while the server still cannot be reached.
   */
  async reconnect(password: string): Promise<SessionState> {
    const s = this.#s;
    if (s.status !== 'active') throw new LanternError('UNAUTHENTICATED', 'Sign in first');
    if (s.mode === 'online' && this.canSync()) return this.#public();
    let login: LoginResult;
    try {
      login = await this.#o.api.login({ username: s.user.username, password, deviceId: this.#o.deviceId });
    } catch (e) {
      if (e instanceof LanternError && (e.code === 'UNAUTHENTICATED' || e.code === 'FORBIDDEN' || e.code === 'BAD_INPUT')) {
        const device = e.issues.some((i) => i.path === 'deviceId');
        await this.#o.audit.record({ userId: s.user.userId, action: 'login-failed', outcome: 'failure', detail: { mode: 'online', ...(device ? { reason: 'device-refused' } : {}) } });
        throw device ? deviceRefused() : badCredentials();
      }
      throw e;
    }
    const otherUnit = this.#o.admission?.admitUnits(login.units ?? null) ?? null;
    // Someone else's password, or an account this machine no longer admits: the session stays as it was.
    if (login.user.userId !== s.user.userId || otherUnit !== null) {
      await this.#o.api.logout(login.accessToken, login.refreshToken).catch(() => undefined);
      if (otherUnit !== null) return this.#refuseByMachinePolicy(s.user.userId, otherUnit);
      throw badCredentials();
    }
    if (!this.#signedInAs(s.user.userId)) throw new LanternError('UNAUTHENTICATED', 'Sign in first');
    await this.#acceptOnlineLogin(login, password, this.#s.status === 'locked' ? 'locked' : 'active');
    await this.#o.audit.record({ userId: s.user.userId, action: 'login', outcome: 'success', detail: { mode: 'online', reconnected: true } });
    this.#changed();
    return this.#public();
  }

  /** Stores what an online sign-in gives (credential, refresh token, scope) and makes it the session. */
  async #acceptOnlineLogin(login: LoginResult, password: string, status: 'active' | 'locked' = 'active'): Promise<void> {
    const user: SessionUser = login.user;
    const previous = await this.#o.credentials.findOfflineCredential(user.username);
    const fetched = await scopeAtSignIn(this.#o.api, login.accessToken);
    // Not silently the stale stored scope: it is used for now and marked, so sync asks again before it pulls.
    const scope = fetched ?? previous?.scope ?? null;
    const cred: OfflineCredential = {
      ...user,
      verifier: await makeVerifier(password),
      grant: login.offlineGrant?.token ?? null,
      expiresAt: login.offlineGrant?.expiresAt ?? new Date(this.#now()).toISOString(),
      refreshToken: login.refreshToken,
      scope,
      // Pinned: a key seen first stays the key (a later, different key is ignored).
      grantPublicKey: previous?.grantPublicKey ?? login.offlinePublicKey,
    };
    await this.#o.credentials.saveOfflineCredential(cred);
    this.#s = { status, user, mode: 'online', scope, accessToken: login.accessToken, refreshToken: login.refreshToken, ...(fetched === null ? { scopeStale: true } : {}) };
    this.#lastActivity = this.#now();
  }

  async #refuseByMachinePolicy(userId: string, e: LanternError): Promise<never> {
    await this.#o.audit.record({ userId, action: 'login-failed', outcome: 'denied', detail: { reason: 'machine-policy' } });
    throw e;
  }

  async #signInOffline(username: string, password: string): Promise<SessionState> {
    // The units an account belongs to are known only online: a unit-restricted machine needs the server.
    const otherUnit = this.#o.admission?.admitUnits(null) ?? null;
    if (otherUnit !== null) return this.#refuseByMachinePolicy(username.slice(0, 128), otherUnit);
    const cred = await this.#o.credentials.findOfflineCredential(username);
    if (cred === null || cred.grant === null) {
      throw new LanternError('UNAVAILABLE', 'The server cannot be reached and this account has not signed in on this workstation before');
    }
    if (!(await checkVerifier(password, cred.verifier))) {
      await this.#o.audit.record({ userId: cred.userId, action: 'login-failed', outcome: 'failure', detail: { mode: 'offline' } });
      throw badCredentials();
    }
    const claims = cred.grantPublicKey === null ? null : verifyOfflineGrant(cred.grant, cred.grantPublicKey, { deviceId: this.#o.deviceId, username: cred.username, now: new Date(this.#now()) });
    const hours = this.#offlineGrantHours;
    const pastPolicy = claims !== null && hours !== null && claims.issuedAt !== null && claims.issuedAt.getTime() + hours * 3_600_000 <= this.#now();
    if (claims === null || claims.userId !== cred.userId || pastPolicy) {
      await this.#o.audit.record({ userId: cred.userId, action: 'login-failed', outcome: 'denied', detail: { mode: 'offline', reason: pastPolicy ? 'grant-past-organisation-policy' : 'grant-invalid-or-expired' } });
      throw new LanternError('UNAUTHENTICATED', 'Offline sign-in has expired for this account; sign in once while the server is reachable');
    }
    // The role comes from the signed grant, not from the editable local row.
    const user: SessionUser = { userId: cred.userId, username: cred.username, displayName: cred.displayName, role: claims.role };
    this.#s = { status: 'active', user, mode: 'offline', scope: cred.scope, accessToken: null, refreshToken: cred.refreshToken };
    this.#lastActivity = this.#now();
    await this.#o.audit.record({ userId: user.userId, action: 'login-offline', outcome: 'success', detail: { mode: 'offline' } });
    await this.#rehashIfWeak(user.userId, cred.username, password);
    this.#changed();
    return this.#public();
  }

  /**
   * A verifier saved with weaker parameters than today's (an earlier workstation version's scrypt) is
   * replaced once the password has just been checked against it, so a clinic that mostly signs in
   * offline does not keep the weaker one until its next online sign-in. Read again before the save, and
   * only for the user still signed in, so a credential another sign-in just stored is not overwritten.
   */
  async #rehashIfWeak(userId: string, username: string, password: string): Promise<void> {
    const cred = await this.#o.credentials.findOfflineCredential(username);
    if (cred === null || cred.userId !== userId || !needsRehash(cred.verifier)) return;
    const verifier = await makeVerifier(password);
    const latest = await this.#o.credentials.findOfflineCredential(username);
    if (latest === null || latest.verifier !== cred.verifier || !this.#signedInAs(userId)) return;
    await this.#o.credentials.saveOfflineCredential({ ...latest, verifier });
  }

  async lock(reason: 'idle' | 'user' = 'user'): Promise<SessionState> {
    const s = this.#s;
    if (s.status === 'active') {
      this.#s = { ...s, status: 'locked' };
      await this.#o.audit.record({ userId: s.user.userId, action: 'lock', outcome: 'success', detail: { reason } });
      this.#changed();
    }
    return this.#public();
  }

  async unlock(password: string): Promise<SessionState> {
    const s = this.#s;
    if (s.status !== 'locked') return this.#public();
    const cred = await this.#o.credentials.findOfflineCredential(s.user.username);
    if (cred === null || !(await checkVerifier(password, cred.verifier))) {
      await this.#o.audit.record({ userId: s.user.userId, action: 'login-failed', outcome: 'failure', detail: { mode: 'unlock' } });
      throw badCredentials();
    }
    this.#s = { ...s, status: 'active' };
    this.#lastActivity = this.#now();
    await this.#o.audit.record({ userId: s.user.userId, action: 'unlock', outcome: 'success', detail: {} });
    await this.#rehashIfWeak(s.user.userId, s.user.username, password);
    this.#changed();
    return this.#public();
  }

  /**
   * Signs out: the user's refresh token leaves this workstation (and, unless the site keeps it, their
   * offline grant), so nobody else at this keyboard can act as them, online or off (HIPAA
   * 164.312(a)(2)(iii), (d)). Their unsynced changes stay queued, never deleted: they are sent at
   * their next sign-in here. The server is told to revoke the token family; offline that is best effort.
   */
  async signOut(): Promise<SessionState> {
    const s = this.#s;
    if (s.status === 'signed-out') return this.#public();
    this.#s = { status: 'signed-out' };
    const cred = await this.#o.credentials.findOfflineCredential(s.user.username);
    const refreshToken = cred?.refreshToken ?? s.refreshToken;
    if (cred !== null) {
      await this.#o.credentials.saveOfflineCredential({ ...cred, refreshToken: null, ...(this.#o.keepOfflineGrantOnSignOut === true ? {} : { grant: null }) });
    }
    await this.#o.audit.record({ userId: s.user.userId, action: 'logout', outcome: 'success', detail: { offlineGrantKept: this.#o.keepOfflineGrantOnSignOut === true } });
    if (s.accessToken !== null || refreshToken !== null) {
      // Best effort: revoking the token family must not block signing out when offline. The next
      // sign-in waits for it a little (signIn), so it reaches the server before the new sign-in does.
      this.#loggingOut = this.#o.api.logout(s.accessToken ?? '', refreshToken).catch(() => undefined);
    }
    this.#changed();
    return this.#public();
  }

  canSync(): boolean {
    return this.#s.status !== 'signed-out' && (this.#s.accessToken !== null || this.#s.refreshToken !== null);
  }

  /** Signed in offline with no way to get a token: nothing syncs until the user signs in online again. */
  signedInOffline(): boolean {
    return this.#s.status !== 'signed-out' && this.#s.mode === 'offline' && !this.canSync();
  }

  /** Before a pull: the scope, when sign-in could not fetch it (throws while the server cannot say). */
  async ensureScope(): Promise<void> {
    const s = this.#s;
    if (s.status === 'signed-out' || s.scopeStale !== true || s.accessToken === null) return;
    const scope = await this.#o.api.scope(s.accessToken);
    if (!this.#signedInAs(s.user.userId)) return;
    const { scopeStale: _stale, ...rest } = this.#s as Extract<Internal, { status: 'active' | 'locked' }>;
    this.#s = { ...rest, scope };
    const cred = await this.#o.credentials.findOfflineCredential(s.user.username);
    if (cred !== null && this.#signedInAs(s.user.userId)) await this.#o.credentials.saveOfflineCredential({ ...cred, scope });
    this.#changed();
  }

  accessToken(): string | null {
    return this.#s.status === 'signed-out' ? null : this.#s.accessToken;
  }

  /** The user's care team and units as the server has them now (kept as they were if it cannot say). */
  async refreshScope(): Promise<void> {
    const s = this.#s;
    if (s.status === 'signed-out' || s.accessToken === null) return;
    const scope = await this.#o.api.scope(s.accessToken).catch(() => null);
    if (scope === null || this.#s.status === 'signed-out' || this.#s.user.userId !== s.user.userId) return;
    const before = JSON.stringify(this.#s.scope);
    this.#s = { ...this.#s, scope, scopeStale: false };
    if (JSON.stringify(scope) === before) return;
    const cred = await this.#o.credentials.findOfflineCredential(s.user.username);
    if (cred !== null) await this.#o.credentials.saveOfflineCredential({ ...cred, scope });
    this.#changed();
  }

  /**
   * Gets a fresh access token with the refresh token. One at a time: refresh tokens rotate and the
   * server revokes a token's whole family when a used one comes back (tokens.ts), so two callers
   * refreshing at once (the sync loop and a screen's server call, both after the access token expired)
   * would otherwise sign the user out of sync. Callers that arrive while a refresh is under way share it.
   */
  refresh(): Promise<boolean> {
    this.#refreshing ??= this.#refreshOnce().finally(() => { this.#refreshing = null; });
    return this.#refreshing;
  }

  #refreshing: Promise<boolean> | null = null;
  #loggingOut: Promise<void> | null = null;

  async #refreshOnce(): Promise<boolean> {
    const s = this.#s;
    if (s.status === 'signed-out' || s.refreshToken === null) return false;
    try {
      const login = await this.#o.api.refresh(s.refreshToken);
      if (this.#s.status === 'signed-out' || this.#s.user.userId !== login.user.userId) return false;
      const fetched = await this.#o.api.scope(login.accessToken).catch(() => null);
      const scope = fetched ?? s.scope;
      // Signed out (or someone else signed in) while the scope was asked for: the tokens are not theirs to keep.
      if (!this.#signedInAs(login.user.userId)) return false;
      // A refresh after an offline sign-in makes the session an online one.
      this.#s = { ...this.#s, mode: 'online', accessToken: login.accessToken, refreshToken: login.refreshToken ?? s.refreshToken, scope, scopeStale: fetched === null };
      // Refresh tokens rotate: keep the stored one current so a later offline sign-in can resume sync.
      const cred = await this.#o.credentials.findOfflineCredential(s.user.username);
      // Not after a sign-out that came in meanwhile: it removed the refresh token from this workstation.
      if (cred !== null && this.#signedInAs(login.user.userId)) await this.#o.credentials.saveOfflineCredential({ ...cred, refreshToken: login.refreshToken ?? s.refreshToken, scope });
      return true;
    } catch (e) {
      if (e instanceof LanternError && e.code === 'UNAVAILABLE') throw e;
      if (e instanceof LanternError && updateRequiredOf(e.issues) !== null) {
        this.#o.onUpdateRequired?.(e);
        throw e;
      }
      return false;
    }
  }

  /** Whether this user is (still) the one signed in: an await may have let a sign-out happen. */
  #signedInAs(userId: string): boolean {
    const s = this.#s;
    return s.status !== 'signed-out' && s.user.userId === userId;
  }

  #changed(): void {
    this.#o.onChange?.(this.#public());
  }
}
