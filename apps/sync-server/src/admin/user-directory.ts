/**
 * The administrator's view of accounts: role, units, status, lockout, last sign-in and the
 * workstations each has signed in on. No credentials, no clinical data.
 */
import type { Queryable } from '../db/database.ts';
import { z } from 'zod';

const Row = z.object({
  id: z.string(), username: z.string(), role: z.string(), active: z.boolean(), must_change_password: z.boolean(), family_name: z.string().nullable(), home_address_set: z.boolean(),
  units: z.array(z.string()), last_sign_in: z.date().nullable(), devices: z.array(z.object({ deviceId: z.string(), label: z.string().nullable(), lastAt: z.string() })), locked_at: z.date().nullable(),
  care_team_patients: z.coerce.number(), created_at: z.date(),
});

export interface DirectoryUser {
  id: string;
  username: string;
  role: string;
  active: boolean;
  mustChangePassword: boolean;
  /** Staff surname on record for staff-as-patient alerts (not a clinical field). */
  familyName: string | null;
  homeAddressSet: boolean;
  units: string[];
  lastSignInAt: string | null;
  devices: { deviceId: string; label: string | null; lastAt: string }[];
  lockedAt: string | null;
  careTeamPatients: number;
  createdAt: string;
}

export async function userDirectory(q: Queryable, search: string): Promise<DirectoryUser[]> {
  const t = search.trim().toLowerCase();
  const r = await q.query(
    `SELECT u.id::text AS id, u.username, u.role, u.active, u.must_change_password, u.family_name, (u.home_address IS NOT NULL) AS home_address_set, u.created_at,
       coalesce((SELECT array_agg(unit ORDER BY unit) FROM user_units WHERE user_id = u.id), '{}') AS units,
       (SELECT max(last_at) FROM device_sign_ins WHERE user_id = u.id) AS last_sign_in,
       coalesce((SELECT jsonb_agg(jsonb_build_object('deviceId', s.device_id, 'label', d.label, 'lastAt', to_char(s.last_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')) ORDER BY s.last_at DESC)
                 FROM device_sign_ins s JOIN devices d ON d.id = s.device_id WHERE s.user_id = u.id), '[]') AS devices,
       (SELECT max(locked_at) FROM sign_in_lockouts WHERE user_id = u.id) AS locked_at,
       (SELECT count(*) FROM care_team WHERE user_id = u.id) AS care_team_patients
     FROM users u WHERE $1 = '' OR lower(u.username) LIKE '%' || $1 || '%' OR u.role LIKE '%' || $1 || '%' OR lower(coalesce(u.family_name, '')) LIKE '%' || $1 || '%'
     ORDER BY u.username LIMIT 500`,
    [t],
  );
  return r.rows.map((raw) => {
    const u = Row.parse(raw);
    return {
      id: u.id, username: u.username, role: u.role, active: u.active, mustChangePassword: u.must_change_password, familyName: u.family_name, homeAddressSet: u.home_address_set,
      units: u.units, lastSignInAt: u.last_sign_in?.toISOString() ?? null, devices: u.devices, lockedAt: u.locked_at?.toISOString() ?? null,
      careTeamPatients: u.care_team_patients, createdAt: u.created_at.toISOString(),
    };
  });
}
