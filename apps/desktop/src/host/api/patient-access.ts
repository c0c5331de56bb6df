/**
 * The one place the host decides whether the signed-in user may see a patient's data, with core's
 * access policy (decideAccess: role x resource type x action x relation) and the user's own scope,
 * offline too (ARCHITECTURE.md: minimum necessary; HIPAA 164.502(b), 164.514(d)). On a shared
 * workstation the store holds every user's patients, so what is in the store says nothing about
 * what this user may see: the relation comes from the scope the server sent for this user, and when
 * that scope is unknown nothing is shown (fails closed). Denials and PHI reads are audited in the
 * local chain (HIPAA 164.312(b)), which the sync loop uploads.
 */
import { LanternError, type AuditAction, type Relation, type Role } from '@lantern/core';
import { canRead, relationTo } from '../chart/chart-access.ts';
import type { HostServices } from './host-services.ts';
import { toTrpcError } from './trpc.ts';

/** What every clinical procedure has in its context (trpc.ts clinicalProcedure). */
export interface PatientAccessContext {
  services: HostServices;
  user: { userId: string; role: Role };
  scope: { careTeam: string[]; unit: string[] } | null;
}

export interface PatientAccess {
  relation: Relation;
  /** A live emergency-access grant (read only, flagged). */
  breakGlass: boolean;
}

export const SCOPE_UNKNOWN_MESSAGE = 'Your patient list could not be loaded from the server, so no patient is shown. Sign in again when the server can be reached.';

/** Thrown when the user's scope is unknown: a typed FORBIDDEN on `scope`, so the screen can say why. */
export function scopeUnknown(): LanternError {
  return new LanternError('FORBIDDEN', SCOPE_UNKNOWN_MESSAGE, { issues: [{ path: 'scope', message: 'unknown' }] });
}

export function accessTo(ctx: PatientAccessContext, patientId: string): PatientAccess {
  return { relation: relationTo(ctx.scope, patientId), breakGlass: ctx.services.clinical.grants.active(ctx.user.userId, patientId) !== null };
}

/** Whether the user may read `resourceType` for the patient (false whenever the scope is unknown). */
export function mayRead(ctx: PatientAccessContext, patientId: string, resourceType: string): boolean {
  if (ctx.scope === null) return false;
  const a = accessTo(ctx, patientId);
  return canRead(ctx.user.role, resourceType, a.relation, a.breakGlass);
}

/**
 * Throws FORBIDDEN (audited as access-denied) unless the user may read `resourceType` for the
 * patient; returns the relation and break-glass state the caller filters with.
 */
export async function requireRead(ctx: PatientAccessContext, patientId: string, resourceType: string, what = 'this chart'): Promise<PatientAccess> {
  if (ctx.scope === null) {
    await ctx.services.audit.record({ userId: ctx.user.userId, action: 'access-denied', outcome: 'denied', patientId, resourceType, detail: { reason: 'scope-unknown' } });
    throw toTrpcError(scopeUnknown());
  }
  const a = accessTo(ctx, patientId);
  if (!canRead(ctx.user.role, resourceType, a.relation, a.breakGlass)) {
    await ctx.services.audit.record({ userId: ctx.user.userId, action: 'access-denied', outcome: 'denied', patientId, resourceType, detail: { relation: a.relation } });
    throw toTrpcError(new LanternError('FORBIDDEN', `Your role may not see ${what} for this patient`));
  }
  return a;
}

/** Throws the scope-unknown error when the user's scope is unknown (lists and searches show nothing). */
export function requireScope(ctx: PatientAccessContext): { careTeam: string[]; unit: string[] } {
  if (ctx.scope === null) throw toTrpcError(scopeUnknown());
  return ctx.scope;
}

/** Records a PHI read: ids, counts and codes only (CONVENTIONS.md #14), never what was searched for. */
export async function auditRead(
  ctx: PatientAccessContext,
  action: Extract<AuditAction, 'chart-view' | 'resource-read' | 'search'>,
  what: { patientId?: string | null; resourceType?: string | null; resourceId?: string | null; detail?: Record<string, string | number | boolean | null> },
): Promise<void> {
  await ctx.services.audit.record({
    userId: ctx.user.userId, action, outcome: 'success',
    patientId: what.patientId ?? null, resourceType: what.resourceType ?? null, resourceId: what.resourceId ?? null, detail: what.detail ?? {},
  });
}
