/** Enrolled workstations for the administrator: last contact, who used them, versions, unsynced work, wipe state. */
import type { Queryable } from '../db/database.ts';
import { z } from 'zod';

const Row = z.object({
  id: z.string(), label: z.string().nullable(), active: z.boolean(), registered_at: z.date(), last_seen_at: z.date().nullable(), enrolled: z.boolean(),
  app_version: z.string().nullable(), kb_version: z.string().nullable(), pending_count: z.number().nullable(), reported_at: z.date().nullable(),
  wipe_requested_at: z.date().nullable(), wiped_at: z.date().nullable(), users: z.array(z.string()),
});

export async function deviceDirectory(q: Queryable) {
  const r = await q.query(
    `SELECT d.id, d.label, d.active, d.registered_at, d.last_seen_at, (d.key_thumbprint IS NOT NULL) AS enrolled, d.app_version, d.kb_version, d.pending_count, d.reported_at,
       d.wipe_requested_at, d.wiped_at,
       coalesce((SELECT array_agg(u.username ORDER BY s.last_at DESC) FROM device_sign_ins s JOIN users u ON u.id = s.user_id WHERE s.device_id = d.id), '{}') AS users
     FROM devices d ORDER BY d.last_seen_at DESC NULLS LAST, d.id LIMIT 1000`,
  );
  return r.rows.map((raw) => {
    const d = Row.parse(raw);
    const wipe = d.wipe_requested_at === null ? 'none' : d.wiped_at === null || d.wiped_at < d.wipe_requested_at ? 'pending' : 'done';
    return {
      deviceId: d.id, label: d.label, active: d.active, enrolled: d.enrolled, registeredAt: d.registered_at.toISOString(), lastContactAt: d.last_seen_at?.toISOString() ?? null,
      users: d.users, appVersion: d.app_version, kbVersion: d.kb_version, pendingCount: d.pending_count, reportedAt: d.reported_at?.toISOString() ?? null,
      wipe: wipe as 'none' | 'pending' | 'done', wipeRequestedAt: d.wipe_requested_at?.toISOString() ?? null, wipedAt: d.wiped_at?.toISOString() ?? null,
    };
  });
}
