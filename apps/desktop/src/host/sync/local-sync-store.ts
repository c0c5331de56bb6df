/**
 * The sync loop's view of the local store. Push verdicts: applied and merged are acknowledged;
 * a conflict is recorded for a clinician and the server's copy replaces the local one; a rejected
 * write is recorded the same way (with the reason as its field) so it is never silently dropped.
 * Cursors are kept per user: the server scopes each pull to the signed-in user.
 */
import type { ChainedAuditEvent, LanternError, Mutation, PullOutput, PushResult, Result } from '@lantern/core';
import type { WritableStore } from '../store/local-store.ts';
import type { SyncStore } from './sync-store.ts';

const must = <T>(r: Result<T, LanternError>): T => {
  if (r.ok) return r.value;
  throw r.error;
};

export function localSyncStore(store: WritableStore, deps: { userId: () => string | null; uuid: () => string; now: () => Date }): SyncStore {
  const cursorName = () => `pull:${deps.userId() ?? 'nobody'}`;
  return {
    // Only the signed-in user's own edits are pushed (the server would refuse anyone else's); another
    // user's queued edits wait, counted as pending, until that user signs in here again.
    pendingMutations: (limit) => {
      const user = deps.userId();
      const mine = must(store.peekOutbox(10_000)).map((e) => e.mutation).filter((m) => m.userId === user);
      return Promise.resolve(mine.slice(0, limit));
    },
    applyPushResults: (results: readonly PushResult[]) => {
      const pending = new Map<string, Mutation>(must(store.peekOutbox(10_000)).map((e) => [e.mutation.mutationId, e.mutation]));
      const acks: { mutationId: string; version?: string; resource?: Record<string, unknown> }[] = [];
      const conflicts = [];
      for (const r of results) {
        switch (r.status) {
          case 'applied':
            acks.push({ mutationId: r.mutationId, version: r.version });
            break;
          case 'merged':
            acks.push({ mutationId: r.mutationId, version: r.version, resource: r.resource });
            break;
          case 'conflict':
          case 'rejected': {
            const m = pending.get(r.mutationId);
            if (m === undefined) break;
            const server = r.status === 'conflict' ? r.serverResource : null;
            conflicts.push({
              conflictId: (r.status === 'conflict' ? r.conflictId : deps.uuid()) as never,
              mutationId: m.mutationId, patientId: m.patientId, resourceType: m.resourceType, resourceId: m.resourceId,
              fields: r.status === 'conflict' ? r.fields : [`rejected:${r.code}`],
              localResource: m.resource, serverResource: server, createdAt: deps.now().toISOString(),
            });
            const version = server === null ? undefined : (server['meta'] as { versionId?: string } | undefined)?.versionId;
            acks.push({ mutationId: r.mutationId, ...(version === undefined ? {} : { version }), ...(server === null ? {} : { resource: server }) });
            break;
          }
        }
      }
      if (conflicts.length > 0) must(store.putConflicts(conflicts));
      if (acks.length > 0) must(store.ackOutbox(acks));
      return Promise.resolve();
    },
    getCursor: () => Promise.resolve(must(store.getCursor(cursorName()))),
    applyPullPage: (page: PullOutput) => {
      must(store.applyPullPage(page, cursorName()));
      return Promise.resolve();
    },
    pendingCount: () => Promise.resolve(must(store.outboxSize())),
    openConflictCount: () => Promise.resolve(must(store.listConflicts(null)).length),
    unsentAuditEvents: (limit): Promise<ChainedAuditEvent[]> => Promise.resolve(must(store.listUnsentAudit(limit))),
    markAuditSent: (throughSeq) => {
      must(store.markAuditSent(throughSeq));
      return Promise.resolve();
    },
  };
}
