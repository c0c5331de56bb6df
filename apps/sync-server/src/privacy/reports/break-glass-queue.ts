/**
 * The break-glass review queue: every emergency access with its reason, how long it lasted and
 * what was looked at under it; open reviews past the review deadline come first and are marked
 * overdue; reviewed grants stay listed and searchable with their outcome and note.
 */
import type { Queryable } from '../../db/database.ts';
import { z } from 'zod';

export const QueueQuerySchema = z.object({
  status: z.enum(['open', 'reviewed', 'all']).default('all'),
  search: z.string().trim().max(200).default(''),
});
export type QueueQuery = z.output<typeof QueueQuerySchema>;

const Row = z.object({
  id: z.string(), patient_id: z.string(), user_id: z.string(), username: z.string(), role: z.string(), device_id: z.string().nullable(),
  reason: z.string(), granted_at: z.date(), expires_at: z.date(), reviewed_at: z.date().nullable(), reviewer: z.string().nullable(),
  review_outcome: z.enum(['appropriate', 'refer']).nullable(), review_note: z.string().nullable(),
  viewed: z.record(z.string(), z.coerce.number()), last_access: z.date().nullable(),
});

export interface QueueItem {
  grantId: string;
  patientId: string;
  userId: string;
  username: string;
  role: string;
  deviceId: string | null;
  reason: string;
  grantedAt: string;
  expiresAt: string;
  /** Minutes from the grant to its last access under it (or to its expiry when nothing was opened). */
  usedMinutes: number;
  active: boolean;
  /** Counts of what was opened under the grant, by resource type or action. */
  viewed: Record<string, number>;
  overdue: boolean;
  reviewedAt: string | null;
  reviewer: string | null;
  reviewOutcome: 'appropriate' | 'refer' | null;
  reviewNote: string | null;
}

export async function breakGlassQueue(q: Queryable, query: QueueQuery, now: Date, reviewHours: number): Promise<QueueItem[]> {
  const where: string[] = [];
  const args: unknown[] = [];
  if (query.status === 'open') where.push('g.reviewed_at IS NULL');
  if (query.status === 'reviewed') where.push('g.reviewed_at IS NOT NULL');
  if (query.search !== '') {
    args.push(`%${query.search.toLowerCase()}%`);
    where.push(`(lower(u.username) LIKE $${args.length} OR lower(g.reason) LIKE $${args.length} OR lower(coalesce(g.review_note, '')) LIKE $${args.length} OR g.patient_id::text LIKE $${args.length})`);
  }
  const r = await q.query(
    `SELECT g.id, g.patient_id, g.user_id, u.username, u.role, g.device_id, g.reason, g.granted_at, g.expires_at, g.reviewed_at, rv.username AS reviewer,
       g.review_outcome, g.review_note,
       coalesce((SELECT jsonb_object_agg(k, n) FROM (
          SELECT coalesce(e.resource_type, e.action) AS k, count(*) AS n FROM audit.events e
          WHERE e.patient_id = g.patient_id::text AND e.user_id = g.user_id::text AND e.action <> 'break-glass'
            AND audit.instant(e.recorded_at) >= g.granted_at AND audit.instant(e.recorded_at) <= g.expires_at GROUP BY 1) s), '{}'::jsonb) AS viewed,
       (SELECT max(audit.instant(e.recorded_at)) FROM audit.events e WHERE e.patient_id = g.patient_id::text AND e.user_id = g.user_id::text
            AND audit.instant(e.recorded_at) >= g.granted_at AND audit.instant(e.recorded_at) <= g.expires_at) AS last_access
     FROM break_glass_grants g JOIN users u ON u.id = g.user_id LEFT JOIN users rv ON rv.id = g.reviewed_by
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY (g.reviewed_at IS NULL) DESC, CASE WHEN g.reviewed_at IS NULL THEN g.granted_at END ASC, g.reviewed_at DESC LIMIT 1000`,
    args,
  );
  return r.rows.map((raw) => {
    const g = Row.parse(raw);
    const end = g.last_access ?? (g.expires_at < now ? g.expires_at : now);
    return {
      grantId: g.id, patientId: g.patient_id, userId: g.user_id, username: g.username, role: g.role, deviceId: g.device_id, reason: g.reason,
      grantedAt: g.granted_at.toISOString(), expiresAt: g.expires_at.toISOString(), usedMinutes: Math.max(0, Math.round((end.getTime() - g.granted_at.getTime()) / 60_000)),
      active: g.expires_at > now, viewed: g.viewed,
      overdue: g.reviewed_at === null && now.getTime() - g.granted_at.getTime() > reviewHours * 3_600_000,
      reviewedAt: g.reviewed_at?.toISOString() ?? null, reviewer: g.reviewer, reviewOutcome: g.review_outcome, reviewNote: g.review_note,
    };
  });
}
