/**
 * Resolving a conflict: keep mine, take the server's, or an edited merge.
 * Keep-mine and edited-merge go out as a NEW mutation whose baseVersion is the server's current
 * version, so the server applies it as an ordinary update (or reports a fresh conflict if the
 * record moved on again meanwhile). Take-server sends nothing: the server already holds its state;
 * the local copy becomes the server's. Every resolution is an audit event ('conflict-resolve').
 * Nothing disappears without a decision: `dropConflict` refuses an unresolved conflict.
 */
import type { AuditEventInput } from '../audit/event.ts';
import { LanternError } from '../errors.ts';
import { asDeviceId, asPatientId, asUserId, type MutationId } from '../ids/index.ts';
import { assertNever, err, ok, type Result } from '../result.ts';
import type { Mutation, ResourceJson } from '../sync/protocol.ts';
import { newMutation } from '../sync/new-mutation.ts';
import type { ConflictInput } from './conflict-view.ts';

export type ConflictDecision =
  | { kind: 'keep-mine' }
  | { kind: 'take-server' }
  | { kind: 'edited-merge'; resource: ResourceJson };

export interface ResolveContext {
  /** A fresh id for the resolution mutation. */
  mutationId: string;
  /** A fresh id for the audit event. */
  eventId: string;
  deviceId: string;
  userId: string;
  /** FHIR instant. */
  now: string;
}

export interface ConflictResolution {
  /** The mutation to queue in the outbox, or null when the server's state is taken. */
  mutation: Mutation | null;
  /** What the local copy of the resource becomes (null = deleted). */
  localResource: ResourceJson | null;
  /** Stored with the conflict as its resolution (kind, and the new mutation id when there is one). */
  resolution: string;
  auditEvent: AuditEventInput;
}

const withoutMeta = (r: ResourceJson): ResourceJson => {
  const { meta: _m, ...rest } = r;
  return rest;
};

function serverVersionOf(c: ConflictInput): string | null {
  const meta = c.server?.['meta'];
  const v = typeof meta === 'object' && meta !== null ? (meta as Record<string, unknown>)['versionId'] : undefined;
  return typeof v === 'string' ? v : null;
}

/** Builds the resolution for `decision`; BAD_INPUT when it cannot be expressed as a valid mutation. */
export function resolveConflict(c: ConflictInput, decision: ConflictDecision, ctx: ResolveContext): Result<ConflictResolution, LanternError> {
  if (c.resolvedAt !== undefined && c.resolvedAt !== null) return err(new LanternError('CONFLICT', 'This conflict is already resolved'));
  let resource: ResourceJson | null;
  switch (decision.kind) {
    case 'take-server':
      return ok({ mutation: null, localResource: c.server, resolution: 'take-server', auditEvent: audit(c, decision.kind, null, ctx) });
    case 'keep-mine':
      resource = c.mine === null ? null : withoutMeta(c.mine);
      break;
    case 'edited-merge':
      if (decision.resource['resourceType'] !== c.resourceType || decision.resource['id'] !== c.resourceId) {
        return err(new LanternError('BAD_INPUT', 'The merged record must be the same resource', { issues: [{ path: 'resource.id', message: `must be ${c.resourceType}/${c.resourceId}` }] }));
      }
      resource = withoutMeta(decision.resource);
      break;
    default:
      return assertNever(decision, 'conflict decision');
  }
  const serverVersion = serverVersionOf(c);
  if (c.server !== null && serverVersion === null) {
    return err(new LanternError('BAD_INPUT', 'The server copy has no version to base the resolution on', { issues: [{ path: 'server.meta.versionId', message: 'required' }] }));
  }
  if (c.server === null && resource === null) {
    return ok({ mutation: null, localResource: null, resolution: decision.kind, auditEvent: audit(c, decision.kind, null, ctx) });
  }
  // The server deleted it and the clinician keeps theirs: it is created again under the same id.
  const op = c.server === null ? 'create' : resource === null ? 'delete' : 'update';
  const origin = { mutationId: ctx.mutationId, deviceId: ctx.deviceId, userId: ctx.userId, patientId: c.patientId, createdAt: ctx.now };
  const built = resource === null
    ? newMutation({ ...origin, op: 'delete', resourceType: c.resourceType, resourceId: c.resourceId, baseVersion: serverVersion })
    : op === 'create' ? newMutation({ ...origin, op, resource }) : newMutation({ ...origin, op: 'update', resource, baseVersion: serverVersion });
  if (!built.ok) return err(new LanternError('BAD_INPUT', 'The resolution is not a valid mutation', { issues: built.error.issues }));
  return ok({ mutation: built.value, localResource: resource, resolution: `${decision.kind}:${ctx.mutationId}`, auditEvent: audit(c, decision.kind, built.value.mutationId, ctx) });
}

function audit(c: ConflictInput, kind: ConflictDecision['kind'], mutationId: MutationId | null, ctx: ResolveContext): AuditEventInput {
  return {
    eventId: ctx.eventId, deviceId: asDeviceId(ctx.deviceId), userId: asUserId(ctx.userId), action: 'conflict-resolve',
    patientId: asPatientId(c.patientId), resourceType: c.resourceType, resourceId: c.resourceId, outcome: 'success', reason: null,
    detail: { conflictId: c.conflictId, decision: kind, fields: c.fields.length, resolutionMutationId: mutationId },
    recordedAt: ctx.now,
  };
}

/**
 * Per-field merge for the "edit a merge" path: starts from the server's copy and takes the
 * top-level elements the clinician chose "mine" for. The result goes to `resolveConflict` as an
 * edited merge, after any further edit.
 */
export function mergeByField(c: ConflictInput, mineFields: readonly string[]): Result<ResourceJson, LanternError> {
  if (c.server === null || c.mine === null) return err(new LanternError('BAD_INPUT', 'A deleted record cannot be merged field by field: keep mine or take the server\'s'));
  const out: ResourceJson = { ...c.server };
  for (const f of mineFields) {
    if (f === 'resourceType' || f === 'id' || f === 'meta') continue;
    if (c.mine[f] === undefined) delete out[f];
    else out[f] = c.mine[f];
  }
  return ok(out);
}

export interface InboxEntry { conflictId: string; resolvedAt: string | null }

/** Removes a conflict from the inbox only once it has a decision; otherwise CONFLICT, nothing removed. */
export function dropConflict<T extends InboxEntry>(inbox: readonly T[], conflictId: string): Result<T[], LanternError> {
  const entry = inbox.find((e) => e.conflictId === conflictId);
  if (entry === undefined) return err(new LanternError('NOT_FOUND', 'No such conflict'));
  if (entry.resolvedAt === null) {
    return err(new LanternError('CONFLICT', 'An unresolved conflict cannot be dismissed: keep mine, take the server\'s, or merge', { issues: [{ path: 'conflictId', message: 'unresolved' }] }));
  }
  return ok(inbox.filter((e) => e.conflictId !== conflictId));
}
