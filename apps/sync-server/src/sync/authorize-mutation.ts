/**
 * The field-level half of sync.push authorization: core's `decideWrite` on what one mutation
 * changes, decided once the server's current row is loaded (inside the batch transaction, so a
 * later mutation of the same batch is judged against the version the earlier one wrote).
 *
 * What the mutation changes is measured from the version the client edited (its base version, or
 * the device's own later version it was made on: push.ts editedBase) when the server has moved on
 * since (the merge applies only the client's own changes), otherwise the server's current version.
 * A signed note on the server is always the starting point, so nobody overwrites one whatever base
 * they claim.
 */
import { decideWrite, isSignedNote, type Mutation, type ResourceJson, type Role } from '@lantern/core';
import type { StoredResource } from '../db/resources.ts';
import { relationOf, type UserScope } from '../db/scope.ts';

export interface MutationWrite {
  actor: { userId: string; role: Role };
  scope: UserScope;
  mutation: Mutation;
  /** The validated resource the client sent (null for a delete). */
  mine: ResourceJson | null;
  /** The server's current row, as this batch sees it. */
  current: StoredResource | null;
  /** The version the client edited (null: none, a create). */
  editedVersion: number | null;
  /** That version's content when the server knows it (undefined: unknown or not loaded). */
  base: ResourceJson | null | undefined;
}

/** null when the write is allowed; otherwise the refusal, naming the field group. */
export function mutationWriteDenial(w: MutationWrite): string | null {
  const m = w.mutation;
  const theirs = w.current === null || w.current.deleted ? null : w.current.resource;
  const stale = w.editedVersion !== null && w.current !== null && w.current.version !== w.editedVersion;
  const before = theirs !== null && isSignedNote(m.resourceType, theirs) ? theirs : stale && w.base !== undefined && w.base !== null ? w.base : theirs;
  const { relation, breakGlass } = relationOf(w.scope, m.patientId);
  const d = decideWrite({
    role: w.actor.role, resourceType: m.resourceType, relation, breakGlass,
    before, after: m.op === 'delete' ? null : w.mine, userId: w.actor.userId,
  });
  return d.allowed ? null : d.reason;
}
