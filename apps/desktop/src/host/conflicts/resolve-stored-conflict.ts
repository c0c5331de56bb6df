/**
 * Resolving a conflict from the local store's inbox: the clinician's choice
 * becomes core's resolution; a keep-mine or merged resolution is queued as a new mutation based on
 * the server's version; the conflict is then marked resolved and the decision audited. The
 * mutation is queued before the conflict is closed, so a crash in between leaves the conflict open
 * (the clinician sees it again) rather than a decision that was never sent.
 *
 * On a conflict the sync loop has already replaced the local copy with the server's
 * (sync/local-sync-store.ts), so take-server needs no write beyond closing the conflict. For a
 * rejected write (`rejected:<CODE>`) there is no server copy in the record: "discard my change"
 * closes it and the next pull brings the server's state.
 */
import { LanternError, err, ok, type Result, type UuidSource } from '@lantern/core';
import { conflictView, mergeByField, resolveConflict, type ConflictInput, type ConflictView } from '@lantern/core/conflicts';
import type { ReadableStore, WritableStore } from '../store/local-store.ts';
import type { StoredConflict } from '../store/conflicts.ts';

export type StoredConflictChoice = { kind: 'keep-mine' } | { kind: 'take-server' } | { kind: 'edited-merge'; mineFields: string[] };

export const conflictInputOf = (c: StoredConflict): ConflictInput => ({
  conflictId: c.conflictId, mutationId: c.mutationId, patientId: c.patientId, resourceType: c.resourceType, resourceId: c.resourceId,
  fields: c.fields, mine: c.localResource, server: c.serverResource, createdAt: c.createdAt, resolvedAt: c.resolvedAt,
});

/** The inbox as the UI shows it (ConflictsInbox takes these). */
export function conflictViews(store: ReadableStore, patientId: string | null): Result<ConflictView[], LanternError> {
  const list = store.listConflicts(patientId);
  return list.ok ? ok(list.value.map((c) => conflictView(conflictInputOf(c)))) : list;
}

export interface ResolveStoredInput {
  store: WritableStore;
  conflictId: string;
  choice: StoredConflictChoice;
  userId: string;
  deviceId: string;
  now: Date;
  uuid: UuidSource;
}

export function resolveStoredConflict(i: ResolveStoredInput): Result<{ mutationId: string | null }, LanternError> {
  const open = i.store.listConflicts(null);
  if (!open.ok) return open;
  const stored = open.value.find((c) => c.conflictId === i.conflictId);
  if (stored === undefined) return err(new LanternError('NOT_FOUND', 'No such open conflict'));
  const input = conflictInputOf(stored);
  let decision: Parameters<typeof resolveConflict>[1];
  if (i.choice.kind === 'edited-merge') {
    const merged = mergeByField(input, i.choice.mineFields);
    if (!merged.ok) return merged;
    decision = { kind: 'edited-merge', resource: merged.value };
  } else {
    decision = i.choice;
  }
  const r = resolveConflict(input, decision, { mutationId: i.uuid.uuid(), eventId: i.uuid.uuid(), deviceId: i.deviceId, userId: i.userId, now: i.now.toISOString() });
  if (!r.ok) return r;
  if (r.value.mutation !== null) {
    const queued = i.store.applyLocalMutation(r.value.mutation);
    if (!queued.ok) return queued;
  }
  const closed = i.store.resolveConflict(i.conflictId, r.value.resolution);
  if (!closed.ok) return closed;
  const audited = i.store.appendAudit([r.value.auditEvent]);
  if (!audited.ok) return audited;
  return ok({ mutationId: r.value.mutation?.mutationId ?? null });
}
