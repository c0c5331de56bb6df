/**
 * The host's write path: every clinician write to the local store is checked by core's
 * `decideWrite` against the stored version it changes (the same decision sync.push and the FHIR
 * API make on the server, so a write refused there is refused here first, offline too), then the
 * resource and its outbox mutation go in one transaction (create, or update on the held version).
 */
import { resourceJson,
  decideWrite, LanternError, newMutation,
  type LanternResource, type Mutation, type ResourceJson, type Role,
} from '@lantern/core';
import { relationTo } from '../chart/chart-access.ts';
import type { HostServices } from './host-services.ts';
import { must, toTrpcError } from './trpc.ts';

/** Who writes: the active session's user and the scope the server sent for them. */
export interface LocalWriter {
  services: HostServices;
  user: { userId: string; role: Role };
  scope: { careTeam: string[]; unit: string[] } | null;
}

/**
 * Throws FORBIDDEN (naming the field group) unless the policy lets the user make this write to
 * `patientId`'s record. `before` is the stored version (null for a create), `after` the new one
 * (null for a delete). Break-glass never grants a write, so it is not consulted.
 */
export function authorizeLocalWrite(w: LocalWriter, patientId: string, resourceType: string, before: ResourceJson | null, after: ResourceJson | null): void {
  const refused = localWriteRefusal(w, patientId, resourceType, before, after);
  if (refused !== null) throw toTrpcError(refused);
}

/** authorizeLocalWrite as a value: the FORBIDDEN error, or null when the policy allows the write. */
export function localWriteRefusal(w: LocalWriter, patientId: string, resourceType: string, before: ResourceJson | null, after: ResourceJson | null): LanternError | null {
  const d = decideWrite({ role: w.user.role, resourceType, relation: relationTo(w.scope, patientId), before, after, userId: w.user.userId });
  return d.allowed ? null : new LanternError('FORBIDDEN', `Not allowed: ${d.reason}`);
}

/** Checks one mutation against the stored version of its resource, then queues it. */
export function queueMutation(w: LocalWriter, m: Mutation): { outboxSeq: number } {
  const stored = must(w.services.store.getResource(m.resourceId as string));
  const before = stored === null || stored.resourceType !== m.resourceType ? null : resourceJson(stored);
  authorizeLocalWrite(w, m.patientId, m.resourceType, before, m.op === 'delete' ? null : m.resource);
  const queued = must(w.services.store.applyLocalMutation(m));
  w.services.sync.kick();
  return queued;
}

export function queueWrite(w: LocalWriter, patientId: string, resource: LanternResource, op: 'create' | 'update'): void {
  const { services, user } = w;
  const m = must(newMutation({ mutationId: services.uuid(), deviceId: services.deviceId, userId: user.userId, createdAt: services.now(), patientId, op, resource }));
  queueMutation(w, m);
}
