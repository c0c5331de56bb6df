/**
 * Who can see a patient, and why: care team, a shared unit, or an active break-glass grant (the
 * relations core's access policy decides on). Ids and usernames only.
 */
import type { Queryable } from '../db/database.ts';
import { z } from 'zod';

export type AccessReason = { kind: 'care-team' } | { kind: 'unit'; unit: string } | { kind: 'break-glass'; expiresAt: string };

const Row = z.object({ user_id: z.string(), username: z.string(), role: z.string(), active: z.boolean(), kind: z.enum(['care-team', 'unit', 'break-glass']), unit: z.string().nullable(), expires_at: z.date().nullable() });

export async function whoCanSee(q: Queryable, patientId: string, now: Date): Promise<{ userId: string; username: string; role: string; active: boolean; reasons: AccessReason[] }[]> {
  const r = await q.query(
    `SELECT u.id::text AS user_id, u.username, u.role, u.active, x.kind, x.unit, x.expires_at FROM (
       SELECT user_id, 'care-team' AS kind, NULL::text AS unit, NULL::timestamptz AS expires_at FROM care_team WHERE patient_id = $1
       UNION ALL SELECT uu.user_id, 'unit', uu.unit, NULL FROM patient_units pu JOIN user_units uu ON uu.unit = pu.unit WHERE pu.patient_id = $1
       UNION ALL SELECT user_id, 'break-glass', NULL, expires_at FROM break_glass_grants WHERE patient_id = $1 AND expires_at > $2
     ) x JOIN users u ON u.id = x.user_id ORDER BY u.username, x.kind`,
    [patientId, now],
  );
  const out = new Map<string, { userId: string; username: string; role: string; active: boolean; reasons: AccessReason[] }>();
  for (const raw of r.rows) {
    const x = Row.parse(raw);
    const u = out.get(x.user_id) ?? { userId: x.user_id, username: x.username, role: x.role, active: x.active, reasons: [] };
    u.reasons.push(x.kind === 'unit' ? { kind: 'unit', unit: x.unit ?? '' } : x.kind === 'break-glass' ? { kind: 'break-glass', expiresAt: x.expires_at?.toISOString() ?? '' } : { kind: 'care-team' });
    out.set(x.user_id, u);
  }
  return [...out.values()];
}
