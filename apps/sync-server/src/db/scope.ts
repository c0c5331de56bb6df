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

const Ids = z.array(z.object({ patient_id: z.string() }));

export async function loadUserScope(c: Queryable, userId: string, now: Date): Promise<UserScope> {
  const [ct, un, bg] = await Promise.all([
    c.query('SELECT patient_id FROM care_team WHERE user_id = $1', [userId]),
    c.query(
      `SELECT DISTINCT pu.patient_id FROM patient_units pu JOIN user_units uu ON uu.unit = pu.unit WHERE uu.user_id = $1`,
      [userId],
    ),
    c.query('SELECT DISTINCT patient_id FROM break_glass_grants WHERE user_id = $1 AND granted_at <= $2 AND expires_at > $2', [userId, now]),
  ]);
  const set = (rows: unknown[]) => new Set(Ids.parse(rows).map((r) => r.patient_id));
  return { careTeam: set(ct.rows), unit: set(un.rows), breakGlass: set(bg.rows) };
}

export function relationOf(scope: UserScope, patientId: string): { relation: Relation; breakGlass: boolean } {
  const relation: Relation = scope.careTeam.has(patientId) ? 'care-team' : scope.unit.has(patientId) ? 'unit' : 'none';
  return { relation, breakGlass: scope.breakGlass.has(patientId) };
}
