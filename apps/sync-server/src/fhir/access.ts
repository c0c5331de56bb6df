/**
 * The access policy applied to FHIR requests: core's `decideAccess` with the caller's relation to
 * the patient (care team, unit, break-glass), exactly as sync.push and sync.pull apply it. Every
 * refusal carries its audit event; the error path commits it before answering 403.
 */
import { decideAccess, decideWrite, type Action, type ResourceJson } from '@lantern/core';
import type { Queryable } from '../db/database.ts';
import { loadUserScope, type Relation } from '../db/scope.ts';
import { scopeAccess } from '../sync/pull.ts';
import { fhirEvent, type FhirCtx } from './context.ts';
import { DeniedError } from './outcome.ts';
import { isSharedType } from './registry.ts';
import { narrowPatients, smartAllows } from '../smart/grant.ts';
import { z } from 'zod';

export interface PatientRelation {
  relation: Relation;
  breakGlass: boolean;
}

/**
 * SQL columns `ct`, `un`, `bg` for user $u and patient expression `p` at time $t. `p` may be a
 * bare column of the outer query (`patient_id` of resources): it is bound once in a FROM-less
 * sub-select, which resolves it in the outer query, never against the same-named columns of
 * care_team, patient_units or break_glass_grants (which would make every row match).
 */
export const relationColumns = (u: string, p: string, t: string): string => `
  EXISTS (SELECT 1 FROM (SELECT ${p} AS pid) rel JOIN care_team c ON c.patient_id = rel.pid WHERE c.user_id = ${u}) AS ct,
  EXISTS (SELECT 1 FROM (SELECT ${p} AS pid) rel JOIN patient_units pu ON pu.patient_id = rel.pid JOIN user_units uu ON uu.unit = pu.unit WHERE uu.user_id = ${u}) AS un,
  EXISTS (SELECT 1 FROM (SELECT ${p} AS pid) rel JOIN break_glass_grants g ON g.patient_id = rel.pid WHERE g.user_id = ${u} AND g.granted_at <= ${t} AND g.expires_at > ${t}) AS bg`;

const RelRow = z.object({ ct: z.boolean(), un: z.boolean(), bg: z.boolean() });

export function relationFromRow(row: unknown): PatientRelation {
  const r = RelRow.parse(row);
  return { relation: r.ct ? 'care-team' : r.un ? 'unit' : 'none', breakGlass: r.bg };
}

export async function relationOf(q: Queryable, ctx: FhirCtx, patientId: string): Promise<PatientRelation> {
  const r = await q.query(`SELECT ${relationColumns('$1', '$2::uuid', '$3')}`, [ctx.user.claims.userId, patientId, ctx.now]);
  return relationFromRow(r.rows[0]);
}

/**
 * Decides one action on one patient's record (or on a shared type); throws a DeniedError that
 * carries the `access-denied` audit event. Returns whether the access is flagged (break-glass).
 */
export function authorize(ctx: FhirCtx, type: string, action: Action, patientId: string | null, rel: PatientRelation | null, resourceId: string | null = null): { flagged: boolean } {
  const relation = rel?.relation ?? 'none';
  smartGate(ctx, type, action, patientId, resourceId);
  const d = decideAccess({ role: ctx.user.claims.role, resourceType: type, action, relation, breakGlass: rel?.breakGlass ?? false });
  if (d.allowed) return { flagged: d.flagged };
  throw new DeniedError(`Access denied: ${d.reason}`, [
    fhirEvent(ctx, { action: 'access-denied', outcome: 'denied', patientId, resourceType: type, resourceId, detail: { action, relation } }),
  ]);
}

/**
 * The field-level decision on a write (core's `decideWrite`): which field groups it changes and
 * whether the role may change them. `before` is the version the client edited (null: a create),
 * `after` what it sends (null: a delete). A refusal is a 403 naming the field group, audited as
 * access-denied like every other refusal.
 */
export function authorizeWrite(ctx: FhirCtx, w: { type: string; id: string; patientId: string | null; rel: PatientRelation | null; before: ResourceJson | null; after: ResourceJson | null }): void {
  smartGate(ctx, w.type, w.before === null ? 'create' : w.after === null ? 'delete' : 'update', w.patientId, w.id);
  const d = decideWrite({
    role: ctx.user.claims.role, resourceType: w.type, relation: w.rel?.relation ?? 'none', breakGlass: w.rel?.breakGlass ?? false,
    before: w.before, after: w.after, userId: ctx.user.claims.userId,
  });
  if (d.allowed) return;
  const action = w.before === null ? 'create' : w.after === null ? 'delete' : 'update';
  throw new DeniedError(`Access denied: ${d.reason}`, [
    fhirEvent(ctx, { action: 'access-denied', outcome: 'denied', patientId: w.patientId, resourceType: w.type, resourceId: w.id, detail: { action, relation: w.rel?.relation ?? 'none', fieldGroups: d.fieldGroups.join(',') } }),
  ]);
}

/** A SMART token's scopes and patient context, after the policy and never instead of it (smart/grant.ts). */
function smartGate(ctx: FhirCtx, type: string, action: Action, patientId: string | null, resourceId: string | null): void {
  const smart = ctx.user.smart;
  if (smart === undefined) return;
  const d = smartAllows(smart, type, action, patientId);
  if (d.allowed) return;
  throw new DeniedError(`Access denied: ${d.reason}`, [
    fhirEvent(ctx, { action: 'access-denied', outcome: 'denied', patientId, resourceType: type, resourceId, detail: { action, scope: 'smart' } }),
  ]);
}

export const purpose = (flagged: boolean): { purposeOfUse: string; breakGlass: boolean } => ({ purposeOfUse: flagged ? 'ETREAT' : 'TREAT', breakGlass: flagged });

export interface ReadableScope {
  /** Patients whose `type` records the caller may read; null for shared types (no patient filter). */
  patients: string[] | null;
  /** Patients read only under break-glass (their events are flagged). */
  flagged: Set<string>;
}

/**
 * Which records of `type` the caller may search: per patient in their scope, core's decision.
 * A role that may never read the type is refused outright (403, audited).
 */
export async function readableScope(q: Queryable, ctx: FhirCtx, type: string): Promise<ReadableScope> {
  const smart = ctx.user.smart;
  if (smart === undefined) return policyScope(q, ctx, type);
  smartGate(ctx, type, 'search', null, null);
  const scope = await policyScope(q, ctx, type);
  return { ...scope, patients: narrowPatients(smart, type, scope.patients) };
}

async function policyScope(q: Queryable, ctx: FhirCtx, type: string): Promise<ReadableScope> {
  const role = ctx.user.claims.role;
  if (isSharedType(type)) {
    authorize(ctx, type, 'search', null, null);
    return { patients: null, flagged: new Set() };
  }
  const everAllowed = (['care-team', 'unit', 'none'] as const).some((relation) =>
    decideAccess({ role, resourceType: type, action: 'search', relation, breakGlass: true }).allowed);
  if (!everAllowed) authorize(ctx, type, 'search', null, { relation: 'care-team', breakGlass: false });
  // A role that may search the type with no relation (a registrar finding any patient): every record of it.
  if (decideAccess({ role, resourceType: type, action: 'search', relation: 'none' }).allowed) {
    const all = await q.query('SELECT DISTINCT patient_id::text AS p FROM resources WHERE resource_type = $1', [type]);
    return { patients: z.array(z.object({ p: z.string() })).parse(all.rows).map((r) => r.p), flagged: new Set() };
  }
  const scope = await loadUserScope(q, ctx.user.claims.userId, ctx.now);
  const patients: string[] = [];
  const flagged = new Set<string>();
  for (const [p, access] of scopeAccess(role, scope)) {
    if (!access.types.includes(type)) continue;
    patients.push(p);
    if (access.breakGlass && !decideAccess({ role, resourceType: type, action: 'search', relation: scope.careTeam.has(p) ? 'care-team' : scope.unit.has(p) ? 'unit' : 'none' }).allowed) flagged.add(p);
  }
  return { patients, flagged };
}
