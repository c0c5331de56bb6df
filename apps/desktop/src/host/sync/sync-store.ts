/**
 * What the sync loop needs from the local store. The store (host/store) implements it; keeping the
 * loop's needs in one small interface makes the loop testable against the real store and nothing else.
 */
import type { ChainedAuditEvent, Mutation, PullOutput, PushResult } from '@lantern/core';

export interface SyncStore {
  /** The oldest pending mutations, in the order they were made (`after`: only those queued after that mutation). */
  pendingMutations(limit: number, after?: string): Promise<Mutation[]>;
  /**
   * Applies the server's verdicts: acks applied/merged, records conflicts and refusals, keeps
   * nothing silently. `retryLater`: mutations the server could not handle this time (a transient
   * error), left in the outbox to be sent again.
   */
  applyPushResults(results: readonly PushResult[]): Promise<{ retryLater: number }>;
  getCursor(): Promise<string | null>;
  /** The page token stored with the last applied pull page (protocol 4); absent: the loop sends none. */
  getPageToken?(): Promise<string | null>;
  /** Applies one pull page (changes, purges) and stores its cursor and page token in the same transaction. */
  applyPullPage(page: PullOutput): Promise<void>;
  /** Every queued change on this workstation, whoever made it (what IT sees in the device report). */
  pendingCount(): Promise<number>;
  /** The signed-in user's own queued changes (absent: every queued change counts as theirs). */
  ownPendingCount?(): Promise<number>;
  openConflictCount(): Promise<number>;
  /** The signed-in user's conflicts decided here that the server has not yet closed. */
  conflictsToClose(limit: number): Promise<string[]>;
  markConflictClosed(conflictId: string): Promise<void>;
  /** The oldest audit events not yet taken by the server, in chain order (`afterSeq`: only those after that one). */
  unsentAuditEvents(limit: number, afterSeq?: number): Promise<ChainedAuditEvent[]>;
  markAuditSent(throughSeq: number): Promise<void>;
}

/** Supplies the signed-in user's access token. */
export interface SyncAuth {
  /** False when nobody is signed in, or the session has no way to get a token (nothing to sync as). */
  canSync(): boolean;
  /** Null when the session has no current token (e.g. after an offline sign-in): the loop refreshes first. */
  accessToken(): string | null;
  /** Gets a fresh access token after UNAUTHENTICATED; false if the user must sign in again. */
  refresh(): Promise<boolean>;
  /** The signed-in user changed: restart the pull from the cursor kept for them. */
  readonly userId: string | null;
  /**
   * Asks the server again which patients the user's care team and units cover. The loop calls it
   * when a pull brought Patient records or purges (a care-team assignment, a merge), so the finder
   * and every scope decision follow at once, not at the next token refresh.
   */
  refreshScope?(): Promise<void>;
  /**
   * Signed in offline (the server could not be reached at sign-in) with no refresh token: the loop
   * cannot sync as this user until they sign in online again, and says so.
   */
  signedInOffline?(): boolean;
  /** Fetches the scope before a pull when sign-in had to keep the stored one; throws while the server cannot say. */
  ensureScope?(): Promise<void>;
}
