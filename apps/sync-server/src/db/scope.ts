/**
 * A user's relation to patients: care team, unit census, active break-glass grants. These feed
 * core's `decideAccess`; nothing here decides access by itself.
 */
import type { Queryable } from './database.ts';
import { z } from 'zod';

export type Relation = 'care-team' | 'unit' | 'none';

export interface UserScope {
  careTeam: Set<string>;
  unit: Set<string>;
  breakGlass: Set<string>;
}

const ScopeRow = z.object({ care_team: z.array(z.string()), unit: z.array(z.string()), break_glass: z.array(z.string()) });

/** One statement (one round trip, one connection) for the three relations. */
export async function loadUserScope(c: Queryable, userId: string, now: Date): Promise<UserScope> {
  const r = await c.query(
    `SELECT
       ARRAY(SELECT patient_id::text FROM care_team WHERE user_id = $1) AS care_team,
       ARRAY(SELECT DISTINCT pu.patient_id::text FROM patient_units pu JOIN user_units uu ON uu.unit = pu.unit WHERE uu.user_id = $1) AS unit,
       ARRAY(SELECT DISTINCT patient_id::text FROM break_glass_grants WHERE user_id = $1 AND granted_at <= $2 AND expires_at > $2) AS break_glass`,
    [userId, now],
  );
  const row = ScopeRow.parse(r.rows[0]);
  return { careTeam: new Set(row.care_team), unit: new Set(row.unit), breakGlass: new Set(row.break_glass) };
}

export function relationOf(scope: UserScope, patientId: string): { relation: Relation; breakGlass: boolean } {
  const relation: Relation = scope.careTeam.has(patientId) ? 'care-team' : scope.unit.has(patientId) ? 'unit' : 'none';
  return { relation, breakGlass: scope.breakGlass.has(patientId) };
}
