/**
 * Resolving a conflict from the local store's inbox: the clinician's choice becomes core's
 * resolution; a keep-mine (for a refused write: "redo") or merged resolution is checked by the same
 * write policy as any local write and queued as a new mutation based on the server's version;
 * take-server (for a refused write: "discard my change") writes the server's copy back locally.
 * The conflict is then marked resolved (and queued to be closed on the server, store/conflicts.ts)
 * and the decision audited. The mutation is queued before the conflict is closed, so a crash in
 * between leaves the conflict open (the clinician sees it again) rather than a decision never sent.
 */
import { LanternError, err, ok, type ResourceJson, type Result, type UuidSource } from '@lantern/core';
import { conflictView, mergeByField, resolveConflict, type ConflictInput, type ConflictView } from '@lantern/core/conflicts';
import type { ReadableStore, WritableStore } from '../store/local-store.ts';
import type { StoredConflict } from '../store/conflicts.ts';

export type StoredConflictChoice = { kind: 'keep-mine' } | { kind: 'take-server' } | { kind: 'edited-merge'; mineFields: string[] };

export const conflictInputOf = (c: StoredConflict): ConflictInput => ({
  conflictId: c.conflictId, mutationId: c.mutationId, patientId: c.patientId, resourceType: c.resourceType, resourceId: c.resourceId,
  fields: c.fields, mine: c.localResource, server: c.serverResource, createdAt: c.createdAt, resolvedAt: c.resolvedAt, reason: c.reason ?? null,
});

/** `userId`'s inbox as the UI shows it (ConflictsInbox takes these); `visible` drops what the user may no longer read. */
export function conflictViews(store: ReadableStore, userId: string, patientId: string | null, visible: (c: StoredConflict) => boolean = () => true): Result<ConflictView[], LanternError> {
  const list = store.listConflictsOf(userId, patientId);
  return list.ok ? ok(list.value.filter(visible).map((c) => conflictView(conflictInputOf(c)))) : list;
}

/** The open conflict `userId` may decide (their own), or NOT_FOUND. */
export function findOwnConflict(store: ReadableStore, userId: string, conflictId: string): Result<StoredConflict, LanternError> {
  const open = store.listConflictsOf(userId, null);
  if (!open.ok) return open;
  const stored = open.value.find((c) => c.conflictId === conflictId);
  return stored === undefined ? err(new LanternError('NOT_FOUND', 'No such open conflict')) : ok(stored);
}

export interface ResolveStoredInput {
  store: WritableStore;
  conflictId: string;
  choice: StoredConflictChoice;
  userId: string;
  deviceId: string;
  now: Date;
  uuid: UuidSource;
  /** The host's write policy for the resolution's mutation; throws (FORBIDDEN) when it refuses. */
  authorize: (c: StoredConflict, before: ResourceJson | null, after: ResourceJson | null) => void;
}

export function resolveStoredConflict(i: ResolveStoredInput): Result<{ mutationId: string | null }, LanternError> {
  const found = findOwnConflict(i.store, i.userId, i.conflictId);
  if (!found.ok) return found;
  const stored = found.value;
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
    const m = r.value.mutation;
    i.authorize(stored, stored.serverResource, m.op === 'delete' ? null : m.resource);
    const queued = i.store.applyLocalMutation(m);
    if (!queued.ok) return queued;
  } else {
    // Take the server's: its copy (none: it was deleted there, or never accepted) goes back on screen.
    const restored = i.store.restoreServerCopy(stored.resourceId, stored.serverResource);
    if (!restored.ok) return restored;
  }
  const closed = i.store.resolveConflict(i.conflictId, r.value.resolution);
  if (!closed.ok) return closed;
  const audited = i.store.appendAudit([r.value.auditEvent]);
  if (!audited.ok) return audited;
  return ok({ mutationId: r.value.mutation?.mutationId ?? null });
}
