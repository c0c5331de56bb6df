/**
 * Which patients a SMART authorization may name: for a standalone launch, the picker offers only
 * patients the signed-in user may read (core policy over their care team, unit and break-glass);
 * for an EHR launch, the launch's patient must pass the same check when it is redeemed.
 */
import { decideAccess, type Role } from '@lantern/core';
import type { Queryable } from '../db/database.ts';
import { loadUserScope, relationOf } from '../db/scope.ts';
import { z } from 'zod';

export interface PickablePatient {
  id: string;
  /** Display name and MRN, for the clinician choosing (shown on the consent page only, never logged). */
  label: string;
}

const PatientRow = z.object({ id: z.string(), family: z.string().nullable(), given: z.string().nullable(), mrn: z.string().nullable() });

export async function mayReadPatient(q: Queryable, user: { id: string; role: Role }, patientId: string, now: Date): Promise<boolean> {
  const scope = await loadUserScope(q, user.id, now);
  const rel = relationOf(scope, patientId);
  return decideAccess({ role: user.role, resourceType: 'Patient', action: 'read', relation: rel.relation, breakGlass: rel.breakGlass }).allowed;
}

/** Patients for the standalone-launch picker, by family name (at most `limit`). */
export async function pickablePatients(q: Queryable, user: { id: string; role: Role }, now: Date, limit = 200): Promise<PickablePatient[]> {
  const scope = await loadUserScope(q, user.id, now);
  const ids = [...new Set([...scope.careTeam, ...scope.unit, ...scope.breakGlass])].filter((p) => {
    const rel = relationOf(scope, p);
    return decideAccess({ role: user.role, resourceType: 'Patient', action: 'read', relation: rel.relation, breakGlass: rel.breakGlass }).allowed;
  });
  if (ids.length === 0) return [];
  const r = await q.query(
    `SELECT id, resource->'name'->0->>'family' AS family, resource->'name'->0->'given'->>0 AS given, resource->'identifier'->0->>'value' AS mrn
       FROM resources WHERE patient_id = ANY($1::uuid[]) AND resource_type = 'Patient' AND id = patient_id::text AND NOT deleted
       ORDER BY 2, 3 LIMIT $2`,
    [ids, limit],
  );
  return z.array(PatientRow).parse(r.rows).map((p) => ({ id: p.id, label: `${p.family ?? '?'}, ${p.given ?? '?'}${p.mrn === null ? '' : ` (${p.mrn})`}` }));
}
