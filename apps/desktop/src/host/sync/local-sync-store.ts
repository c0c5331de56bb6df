/**
 * The sync loop's view of the local store. Push verdicts: applied and merged are acknowledged;
 * a conflict is recorded for its author and the server's copy replaces the local one; a write the
 * server refused for good goes to its author's inbox with the reason and the server's copy is put
 * back (store/refused-writes.ts); a transient refusal (the server's INTERNAL "retry later", or it
 * being busy) stays in the outbox and is sent again. Cursors and scope are kept per user: the server
 * scopes each pull to the signed-in user, and a purge for one user keeps what another user of this
 * workstation still has (store/user-patients.ts).
 */
import { assertNever, type ChainedAuditEvent, type ErrorCode, type LanternError, type Mutation, type PullOutput, type PushResult, type Result } from '@lantern/core';
import type { LocalStore } from '../store/local-store.ts';
import { outboxByIds, outboxSizeOf, peekOutboxOf } from '../store/outbox.ts';
import type { Refusal } from '../store/refused-writes.ts';
import type { SyncStore } from './sync-store.ts';

const must = <T>(r: Result<T, LanternError>): T => {
  if (r.ok) return r.value;
  throw r.error;
};

/** Whether sending the same mutation again can succeed (CONVENTIONS.md #4: the closed code set). */
export function isTransient(code: ErrorCode): boolean {
  switch (code) {
    case 'INTERNAL':
    case 'UNAVAILABLE':
    case 'TOO_MANY_REQUESTS':
    case 'STORE_LOCKED':
      return true;
    case 'BAD_INPUT':
    case 'UNAUTHENTICATED':
    case 'FORBIDDEN':
    case 'NOT_FOUND':
    case 'CONFLICT':
    case 'VERSION_MISMATCH':
    case 'GONE':
    case 'PRECONDITION_REQUIRED':
    case 'STORE_KEY_INVALID':
    case 'STORE_CORRUPT':
      return false;
    default:
      return assertNever(code, 'error code');
  }
}

export function localSyncStore(store: LocalStore, deps: { userId: () => string | null; uuid: () => string; now: () => Date }): SyncStore {
  const cursorName = () => `pull:${deps.userId() ?? 'nobody'}`;
  return {
    // Only the signed-in user's own edits are pushed (the server would refuse anyone else's); another
    // user's queued edits wait, counted as pending, until that user signs in here again.
    pendingMutations: (limit, after) => {
      const user = deps.userId();
      return Promise.resolve(user === null ? [] : peekOutboxOf(store.db, user, limit, after));
    },
    applyPushResults: (results: readonly PushResult[]) => {
      // Only a conflict or a refusal needs the queued mutation itself; an applied or merged edit (a
      // catch-up batch is almost all of them) is acknowledged by id, its stored JSON never parsed.
      const needed = results.filter((r) => r.status === 'conflict' || r.status === 'rejected').map((r) => r.mutationId);
      const pending = new Map<string, Mutation>(outboxByIds(store.db, needed).map((m) => [m.mutationId, m]));
      const acks: { mutationId: string; version?: string; resource?: Record<string, unknown> }[] = [];
      const conflicts = [];
      const refusals: Refusal[] = [];
      let retryLater = 0;
      for (const r of results) {
        switch (r.status) {
          case 'applied':
            acks.push({ mutationId: r.mutationId, version: r.version });
            break;
          case 'merged':
            acks.push({ mutationId: r.mutationId, version: r.version, resource: r.resource });
            break;
          case 'conflict': {
            const m = pending.get(r.mutationId);
            if (m === undefined) break;
            conflicts.push({
              conflictId: r.conflictId, mutationId: m.mutationId, patientId: m.patientId, resourceType: m.resourceType, resourceId: m.resourceId,
              fields: r.fields, localResource: m.resource, serverResource: r.serverResource, createdAt: deps.now().toISOString(), userId: m.userId,
            });
            const version = r.serverResource === null ? undefined : (r.serverResource['meta'] as { versionId?: string } | undefined)?.versionId;
            acks.push({ mutationId: r.mutationId, ...(version === undefined ? {} : { version }), ...(r.serverResource === null ? {} : { resource: r.serverResource }) });
            break;
          }
          case 'rejected':
            if (!pending.has(r.mutationId)) break;
            if (isTransient(r.code)) retryLater += 1;
            else refusals.push({ mutationId: r.mutationId, code: r.code, message: r.message, conflictId: deps.uuid(), createdAt: deps.now().toISOString() });
            break;
          default:
            assertNever(r, 'push result');
        }
      }
      if (conflicts.length > 0) must(store.putConflicts(conflicts));
      if (acks.length > 0) must(store.ackOutbox(acks));
      if (refusals.length > 0) must(store.refuseMutations(refusals));
      return Promise.resolve({ retryLater });
    },
    getCursor: () => Promise.resolve(must(store.getCursor(cursorName()))),
    getPageToken: () => Promise.resolve(must(store.getPageToken(cursorName()))),
    applyPullPage: (page: PullOutput) => {
      const user = deps.userId();
      must(user === null ? store.applyPullPage(page, cursorName()) : store.applyPullPage(page, cursorName(), user));
      if (page.purgePatients.length > 0) {
        // A pull page commits without its own fsync (store-db.ts writeRefetchable: a lost page is sent
        // again). A page carrying purges is not: the next pull's cursor and token acknowledge it and the
        // server stops asking, so it must survive a power cut first. This write (synchronous=FULL)
        // fsyncs the WAL, which holds the page's frames, before the loop may send that acknowledgement.
        must(store.setCursor(page.cursor, cursorName()));
      }
      return Promise.resolve();
    },
    pendingCount: () => Promise.resolve(must(store.outboxSize())),
    ownPendingCount: () => {
      const user = deps.userId();
      return Promise.resolve(user === null ? 0 : outboxSizeOf(store.db, user));
    },
    openConflictCount: () => {
      const user = deps.userId();
      return Promise.resolve(user === null ? 0 : must(store.listConflictsOf(user, null)).length);
    },
    conflictsToClose: (limit) => {
      const user = deps.userId();
      return Promise.resolve(user === null ? [] : must(store.conflictsToCloseOnServer(user, limit)));
    },
    markConflictClosed: (conflictId) => {
      must(store.markConflictClosedOnServer(conflictId));
      return Promise.resolve();
    },
    unsentAuditEvents: (limit, afterSeq): Promise<ChainedAuditEvent[]> => Promise.resolve(must(store.listUnsentAudit(limit, afterSeq))),
    markAuditSent: (throughSeq) => {
      must(store.markAuditSent(throughSeq));
      return Promise.resolve();
    },
  };
}
