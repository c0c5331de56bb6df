/**
 * sync.push, one mutation at a time, each in its own transaction (ARCHITECTURE.md, Sync protocol):
 * deduplicate by mutationId (a retry gets the first result), authorize with core's decideAccess,
 * validate the FHIR resource, then optimistic concurrency on baseVersion: equal applies; otherwise
 * core's threeWayMerge against the stored base version, and a conflict keeps the server's state,
 * is recorded, and goes back to the client. A clinical write is never silently lost or overwritten.
 */
import { randomUUID } from 'node:crypto';
import {
  canonicalJson, decideAccess, isLanternError, isSignedNote, PushResultSchema, threeWayMerge, validateResource,
  type ErrorCode, type Mutation, type PushResult, type ResourceJson, type Role,
} from '@lantern/core';
import type pg from 'pg';
import type { Logger } from 'pino';
import { appendAuditEvents, serverEvent, type Actor } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { readResource, vreadResource, writeResource, type StoredResource } from '../db/resources.ts';
import { relationOf, type UserScope } from '../db/scope.ts';
import type { Clock } from '../config.ts';

/** Larger resources are refused: a note with embedded attachments belongs in a Binary store. */
export const MAX_RESOURCE_BYTES = 512 * 1024;

/** An expected refusal of one mutation: rolled back, audited, returned as `rejected`. */
class Rejection extends Error {
  constructor(
    readonly code: ErrorCode,
    override readonly message: string,
    readonly auditAction: 'access-denied' | 'resource-create' | 'resource-update' | 'resource-delete',
  ) {
    super(message);
  }
}

const withoutMeta = (r: ResourceJson | null): string | null => {
  if (r === null) return null;
  const { meta: _meta, ...rest } = r;
  return canonicalJson(rest);
};

const ACTION_OF = { create: 'resource-create', update: 'resource-update', delete: 'resource-delete' } as const;

/** The patient a resource points at, for the resource types that name one. */
function referencedPatient(resource: ResourceJson): string | null {
  for (const k of ['subject', 'patient']) {
    const ref = (resource[k] as { reference?: unknown } | undefined)?.reference;
    if (typeof ref === 'string' && ref.startsWith('Patient/')) return ref.slice('Patient/'.length);
  }
  return null;
}

function checkResource(m: Mutation): ResourceJson | null {
  if (m.resource === null) return null;
  if (JSON.stringify(m.resource).length > MAX_RESOURCE_BYTES) {
    throw new Rejection('BAD_INPUT', `${m.resourceType} is larger than ${MAX_RESOURCE_BYTES} bytes`, ACTION_OF[m.op]);
  }
  const v = validateResource(m.resource, m.resourceType as never);
  if (!v.ok) throw new Rejection('BAD_INPUT', v.error.message, ACTION_OF[m.op]);
  if (m.resourceType === 'Patient' && (m.resourceId as string) !== m.patientId) {
    throw new Rejection('BAD_INPUT', 'Patient.id: must equal the mutation patientId', ACTION_OF[m.op]);
  }
  const ref = referencedPatient(m.resource);
  if (ref !== null && ref !== m.patientId) {
    throw new Rejection('BAD_INPUT', `${m.resourceType}.subject: must reference the mutation's patient`, ACTION_OF[m.op]);
  }
  return m.resource;
}

export interface PushDeps {
  pool: pg.Pool;
  clock: Clock;
  logger: Logger;
}

async function recordResult(c: pg.ClientBase, mutationId: string, result: PushResult): Promise<PushResult> {
  await c.query('UPDATE mutation_log SET status = $2, result = $3 WHERE mutation_id = $1', [mutationId, result.status, JSON.stringify(result)]);
  return result;
}

/** Applies one mutation; never throws for an expected refusal (it becomes `rejected`). */
export async function pushOne(deps: PushDeps, actor: Actor & { role: Role }, scope: UserScope, m: Mutation): Promise<PushResult> {
  const now = deps.clock.now();
  const base = { mutationId: m.mutationId };
  try {
    if (m.userId !== actor.userId || m.deviceId !== actor.deviceId) {
      throw new Rejection('FORBIDDEN', 'The mutation was recorded by another user or device than the signed-in one', 'access-denied');
    }
    return await withTx(deps.pool, async (c) => {
      const fresh = await c.query(
        'INSERT INTO mutation_log (mutation_id, user_id, device_id, patient_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1',
        [m.mutationId, actor.userId, actor.deviceId, m.patientId],
      );
      if (fresh.rowCount === 0) {
        const prior = await c.query('SELECT user_id, result FROM mutation_log WHERE mutation_id = $1', [m.mutationId]);
        const row = prior.rows[0] as { user_id: string; result: unknown } | undefined;
        if (row === undefined || row.user_id !== actor.userId || row.result === null) {
          throw new Rejection('CONFLICT', 'mutationId was already used by another mutation', ACTION_OF[m.op]);
        }
        return PushResultSchema.parse(row.result);
      }
      const { relation, breakGlass } = relationOf(scope, m.patientId);
      const decision = decideAccess({ role: actor.role, resourceType: m.resourceType, action: m.op, relation, breakGlass });
      if (!decision.allowed) throw new Rejection('FORBIDDEN', decision.reason, 'access-denied');
      const mine = checkResource(m);
      const current = await readResource(c, m.resourceType, m.resourceId, { forUpdate: true });
      if (current !== null && current.patientId !== m.patientId) {
        throw new Rejection('BAD_INPUT', `${m.resourceType} ${m.resourceId} belongs to another patient`, ACTION_OF[m.op]);
      }
      const result = await decide(c, deps, actor, m, mine, current, now);
      return recordResult(c, m.mutationId, result);
    });
  } catch (e) {
    const rejection = e instanceof Rejection ? e : isLanternError(e) && e.code === 'BAD_INPUT' ? new Rejection('BAD_INPUT', e.message, ACTION_OF[m.op]) : null;
    if (rejection === null) {
      deps.logger.error({ err: e instanceof Error ? e.message : 'unknown', mutationId: m.mutationId }, 'push failed');
      return { ...base, status: 'rejected', code: 'INTERNAL', message: 'The server could not apply this mutation; retry later' };
    }
    await withTx(deps.pool, (c) =>
      appendAuditEvents(c, [
        serverEvent(actor, {
          action: rejection.auditAction,
          outcome: rejection.code === 'FORBIDDEN' ? 'denied' : 'failure',
          patientId: m.patientId, resourceType: m.resourceType, resourceId: m.resourceId,
          detail: { mutationId: m.mutationId, op: m.op, code: rejection.code },
        }, now),
      ]),
    );
    return { ...base, status: 'rejected', code: rejection.code, message: rejection.message };
  }
}

async function decide(
  c: pg.ClientBase, deps: PushDeps, actor: Actor, m: Mutation, mine: ResourceJson | null, current: StoredResource | null, now: Date,
): Promise<PushResult> {
  const write = (op: Mutation['op'], resource: ResourceJson | null) =>
    writeResource(c, { op, resourceType: m.resourceType, id: m.resourceId, patientId: m.patientId, resource, current, mutationId: m.mutationId },
      { actor, now, audit: { purposeOfUse: 'TREAT', detail: { mutationId: m.mutationId } } });
  const theirs = current === null || current.deleted ? null : current.resource;

  if (m.op === 'create' && theirs === null) {
    const out = await write(current === null ? 'create' : 'update', mine);
    return { mutationId: m.mutationId, status: 'applied', version: String(out.version) };
  }
  if (m.op !== 'create' && current === null) throw new Rejection('NOT_FOUND', `${m.resourceType} ${m.resourceId} does not exist on the server`, ACTION_OF[m.op]);
  if (current === null) throw new Error('unreachable: create over an existing resource has a current row');

  // Signed notes change only by amendment (status 'amended') or retraction ('entered-in-error').
  if (isSignedNote(m.resourceType, theirs) && (m.op === 'delete' || !['amended', 'entered-in-error'].includes(String(mine?.['status'] ?? mine?.['docStatus'])))) {
    return conflict(c, deps, actor, m, current, ['status'], now);
  }
  if (m.op !== 'create' && String(current.version) === m.baseVersion) {
    const out = await write(m.op === 'delete' ? 'delete' : current.deleted ? 'create' : 'update', mine);
    return { mutationId: m.mutationId, status: 'applied', version: String(out.version) };
  }
  const baseRow = m.baseVersion === null ? null : await vreadResource(c, m.resourceType, m.resourceId, Number(m.baseVersion));
  if (m.baseVersion !== null && baseRow === null) {
    throw new Rejection('VERSION_MISMATCH', `baseVersion ${m.baseVersion} of ${m.resourceType} ${m.resourceId} is unknown to the server`, ACTION_OF[m.op]);
  }
  const merged = threeWayMerge({ resourceType: m.resourceType, base: baseRow?.resource ?? null, mine, theirs });
  switch (merged.kind) {
    case 'conflict':
      return conflict(c, deps, actor, m, current, merged.fields, now);
    case 'clean': {
      if (withoutMeta(merged.resource) === withoutMeta(theirs)) {
        // Nothing to add to what the server holds (the same edit arrived by another path).
        return theirs === null
          ? { mutationId: m.mutationId, status: 'applied', version: String(current.version) }
          : { mutationId: m.mutationId, status: 'merged', version: String(current.version), resource: theirs };
      }
      if (merged.resource !== null) {
        const v = validateResource(merged.resource, m.resourceType as never);
        if (!v.ok) return conflict(c, deps, actor, m, current, v.error.issues.map((i) => i.path), now);
      }
      const out = await write(merged.resource === null ? 'delete' : theirs === null ? 'create' : 'update', merged.resource);
      return out.resource === null
        ? { mutationId: m.mutationId, status: 'applied', version: String(out.version) }
        : { mutationId: m.mutationId, status: 'merged', version: String(out.version), resource: out.resource };
    }
  }
}

async function conflict(
  c: pg.ClientBase, _deps: PushDeps, actor: Actor, m: Mutation, current: StoredResource, fields: string[], now: Date,
): Promise<PushResult> {
  const conflictId = randomUUID();
  const serverResource = current.deleted ? null : current.resource;
  await c.query(
    `INSERT INTO conflicts (id, patient_id, resource_type, resource_id, mutation_id, user_id, device_id, base_version, server_version,
       fields, client_resource, server_resource, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [conflictId, m.patientId, m.resourceType, m.resourceId, m.mutationId, actor.userId, actor.deviceId,
      m.baseVersion === null ? null : Number(m.baseVersion), current.version, fields,
      m.resource === null ? null : JSON.stringify(m.resource), serverResource === null ? null : JSON.stringify(serverResource), now],
  );
  await appendAuditEvents(c, [
    serverEvent(actor, {
      action: ACTION_OF[m.op], outcome: 'failure', patientId: m.patientId, resourceType: m.resourceType, resourceId: m.resourceId,
      purposeOfUse: 'TREAT', detail: { mutationId: m.mutationId, conflictId, fields: fields.join(',').slice(0, 500) },
    }, now),
  ]);
  return { mutationId: m.mutationId, status: 'conflict', conflictId: conflictId as never, serverResource, fields };
}
