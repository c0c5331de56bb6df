/**
 * Sign-in throttling and lockout (HIPAA 164.312(d) person authentication; NIST SP 800-63B
 * section 5.2.2, rate limiting): failed sign-ins are counted per account (normalised username)
 * and per client address in Postgres, through rate-limiter-flexible's `RateLimiterPostgres`, so
 * the counts hold across every app server on the same database.
 *
 * - After `backoffAfter` consecutive failures on an account, each further attempt waits a delay
 *   that doubles (`baseDelaySeconds`, 2x, 4x, ... up to `maxDelaySeconds`); an attempt inside the
 *   delay is refused with 429 + Retry-After without checking the password, and still counts.
 * - After `lockoutAfter` failures the account is locked until an administrator lifts the lock;
 *   the lockout is audited (`login-locked`). A right password on a locked account is refused the
 *   same way as a wrong one, so a lockout never confirms a guessed password.
 * - A successful sign-in resets the account's count (not the address's: one good account must not
 *   launder an address that is guessing others).
 * Unknown usernames are counted and locked exactly like real ones, so neither the delays nor the
 * lockout reveal which usernames exist.
 */
import { LanternError } from '@lantern/core';
import type pg from 'pg';
import { RateLimiterPostgres, type RateLimiterRes } from 'rate-limiter-flexible';
import { appendAuditEvents, serverEvent } from '../db/audit-log.ts';
import { withTx, type Queryable } from '../db/database.ts';
import { signInMetrics } from '../ops/metrics.ts';

export interface SignInThrottleOptions {
  /** Consecutive failures on one account before delays start. */
  accountBackoffAfter: number;
  /** Failures on one account that lock it until an administrator unlocks it. */
  lockoutAfter: number;
  /** Failures from one client address before delays start (higher: a clinic may share one NAT address). */
  addressBackoffAfter: number;
  /** First delay; each further failure doubles it. */
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  /** How long a run of failures is remembered, from its first failure. */
  windowSeconds: number;
}

export const DEFAULT_SIGN_IN_THROTTLE: SignInThrottleOptions = {
  accountBackoffAfter: 5,
  lockoutAfter: 10,
  addressBackoffAfter: 50,
  baseDelaySeconds: 5,
  maxDelaySeconds: 15 * 60,
  windowSeconds: 24 * 3600,
};

/** A refused sign-in: 429, with the seconds to wait (null when the account is locked). */
export class SignInThrottledError extends LanternError {
  constructor(message: string, readonly retryAfterSeconds: number | null) {
    super('TOO_MANY_REQUESTS', message);
  }
}

/** The account key: case and Unicode compatibility forms do not make a new account to guess at. */
export const usernameKey = (username: string): string => username.normalize('NFKC').trim().toLowerCase().slice(0, 200);

/** Delay after `failures` consecutive failures: none before `after`, then base, 2x base, ... capped. */
export function backoffSeconds(failures: number, after: number, o: Pick<SignInThrottleOptions, 'baseDelaySeconds' | 'maxDelaySeconds'>): number {
  if (failures < after) return 0;
  const exp = Math.min(failures - after, 30);
  return Math.min(o.maxDelaySeconds, Math.ceil(o.baseDelaySeconds * 2 ** exp));
}

const lockedMessage = 'This account is locked after too many failed sign-in attempts: ask an administrator to unlock it';
const waitMessage = (s: number, what: string): string => `Too many failed sign-in attempts${what}: try again in ${s} second${s === 1 ? '' : 's'}`;

export interface AttemptContext {
  username: string;
  clientAddress: string;
  deviceId: string;
  /** The account, when known (for the lockout's audit event). */
  userId?: string | null;
  now: Date;
}

export class SignInThrottle {
  private readonly failures: { account: RateLimiterPostgres; address: RateLimiterPostgres };
  private readonly blocks: { account: RateLimiterPostgres; address: RateLimiterPostgres };

  constructor(private readonly pool: pg.Pool, readonly options: SignInThrottleOptions) {
    // The table comes from migration 0006 (the application role may not run DDL): `tableCreated`.
    const limiter = (keyPrefix: string, points: number, clearExpired: boolean): RateLimiterPostgres =>
      new RateLimiterPostgres({
        storeClient: pool, storeType: 'pool', tableName: 'sign_in_limits', tableCreated: true, clearExpiredByTimeout: clearExpired,
        keyPrefix, points, duration: options.windowSeconds,
      });
    this.failures = { account: limiter('fail-acct', 1_000_000, true), address: limiter('fail-addr', 1_000_000, false) };
    this.blocks = { account: limiter('wait-acct', 1, false), address: limiter('wait-addr', 1, false) };
  }

  /**
   * Before the password is checked: throws SignInThrottledError when the account is locked or
   * inside a delay, or the address is inside a delay (the refused attempt still counts).
   */
  async before(a: AttemptContext): Promise<void> {
    const key = usernameKey(a.username);
    if (await this.isLocked(key)) return this.refuse(a, new SignInThrottledError(lockedMessage, null));
    const [acct, addr] = await Promise.all([this.blocks.account.get(key), this.blocks.address.get(a.clientAddress)]);
    const wait = Math.max(waitSeconds(acct), waitSeconds(addr));
    if (wait === 0) return undefined;
    if (await this.failed(a)) return this.refuse(a, new SignInThrottledError(lockedMessage, null));
    return this.refuse(a, new SignInThrottledError(waitMessage(wait, waitSeconds(acct) > 0 ? '' : ' from this address'), wait));
  }

  /** After the outcome of a checked password: counts a failure, or clears the account's count. */
  async after(a: AttemptContext, outcome: 'success' | 'failure'): Promise<void> {
    if (outcome === 'failure') {
      await this.failed(a);
      return;
    }
    const key = usernameKey(a.username);
    await Promise.all([this.failures.account.delete(key), this.blocks.account.delete(key)]);
  }

  /** Lifts a lockout and clears the account's counts; returns whether the account was locked. */
  async unlock(c: Queryable, username: string): Promise<boolean> {
    const key = usernameKey(username);
    const r = await c.query('DELETE FROM sign_in_lockouts WHERE username_key = $1', [key]);
    await Promise.all([this.failures.account.delete(key), this.blocks.account.delete(key)]);
    return (r.rowCount ?? 0) > 0;
  }

  /** A refused attempt is audited like any failed sign-in (no password was checked). */
  private async refuse(a: AttemptContext, e: SignInThrottledError): Promise<never> {
    await withTx(this.pool, async (c) => {
      const u = await c.query('SELECT id FROM users WHERE username = $1', [a.username]);
      const userId = (u.rows[0] as { id: string } | undefined)?.id ?? 'unknown';
      await appendAuditEvents(c, [
        serverEvent(
          { userId, role: 'anonymous', deviceId: a.deviceId, clientAddress: a.clientAddress },
          { action: 'login-failed', outcome: 'denied', detail: { why: e.retryAfterSeconds === null ? 'locked' : 'throttled', retryAfterSeconds: e.retryAfterSeconds } },
          a.now,
        ),
      ]);
    });
    throw e;
  }

  private async isLocked(key: string): Promise<boolean> {
    const r = await this.pool.query('SELECT 1 FROM sign_in_lockouts WHERE username_key = $1', [key]);
    return (r.rowCount ?? 0) > 0;
  }

  /** Counts one failure on the account and the address; sets delays; locks (audited). Returns whether it locked now. */
  private async failed(a: AttemptContext): Promise<boolean> {
    signInMetrics.failed();
    const key = usernameKey(a.username);
    const o = this.options;
    const [acct, addr] = await Promise.all([this.failures.account.consume(key), this.failures.address.consume(a.clientAddress)]);
    const addrWait = backoffSeconds(addr.consumedPoints, o.addressBackoffAfter, o);
    if (addrWait > 0) await this.blocks.address.block(a.clientAddress, addrWait);
    if (acct.consumedPoints >= o.lockoutAfter) return this.lock(key, acct.consumedPoints, a);
    const acctWait = backoffSeconds(acct.consumedPoints, o.accountBackoffAfter, o);
    if (acctWait > 0) await this.blocks.account.block(key, acctWait);
    return false;
  }

  private async lock(key: string, failures: number, a: AttemptContext): Promise<boolean> {
    return withTx(this.pool, async (c) => {
      const r = await c.query(
        `INSERT INTO sign_in_lockouts (username_key, user_id, failures, locked_at)
         SELECT $1, (SELECT id FROM users WHERE lower(username) = $1 LIMIT 1), $2, $3
         ON CONFLICT (username_key) DO NOTHING`,
        [key, failures, a.now],
      );
      if ((r.rowCount ?? 0) === 0) return false;
      signInMetrics.locked();
      const userId = a.userId ?? ((await c.query('SELECT user_id FROM sign_in_lockouts WHERE username_key = $1', [key])).rows[0] as { user_id: string | null } | undefined)?.user_id ?? 'unknown';
      await appendAuditEvents(c, [
        serverEvent(
          { userId, role: 'anonymous', deviceId: a.deviceId, clientAddress: a.clientAddress },
          { action: 'login-locked', outcome: 'denied', resourceType: 'User', resourceId: userId === 'unknown' ? null : userId, detail: { failures } },
          a.now,
        ),
      ]);
      return true;
    });
  }
}

function waitSeconds(res: RateLimiterRes | null): number {
  if (res === null || res.consumedPoints <= 1 || res.msBeforeNext <= 0) return 0;
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

const throttles = new WeakMap<pg.Pool, SignInThrottle>();

/** One throttle per database pool (the limiters are stateless wrappers around its tables). */
export function signInThrottleFor(pool: pg.Pool, options: SignInThrottleOptions): SignInThrottle {
  let t = throttles.get(pool);
  if (t === undefined) {
    t = new SignInThrottle(pool, options);
    throttles.set(pool, t);
  }
  return t;
}
