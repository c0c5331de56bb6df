/**
 * Workstation policy, set centrally by an administrator and delivered to every workstation when it
 * syncs (workstation.report): auto-lock, offline grant, sync interval, CDS suppression window.
 */
import type { Queryable } from '../db/database.ts';
import { z } from 'zod';

export const WorkstationPolicySchema = z.object({
  autoLockMinutes: z.number().int().min(1).max(240),
  offlineGrantHours: z.number().int().min(1).max(720),
  syncIntervalSeconds: z.number().int().min(5).max(3600),
  cdsSuppressionHours: z.number().int().min(0).max(720),
});
export type WorkstationPolicy = z.output<typeof WorkstationPolicySchema>;

const Row = z.object({ auto_lock_minutes: z.number(), offline_grant_hours: z.number(), sync_interval_seconds: z.number(), cds_suppression_hours: z.number(), updated_at: z.date(), updated_by: z.string().nullable() });

export async function readPolicy(q: Queryable): Promise<WorkstationPolicy & { updatedAt: string; updatedBy: string | null }> {
  const r = await q.query('SELECT p.auto_lock_minutes, p.offline_grant_hours, p.sync_interval_seconds, p.cds_suppression_hours, p.updated_at, u.username AS updated_by FROM workstation_policy p LEFT JOIN users u ON u.id = p.updated_by WHERE p.id = 1');
  const p = Row.parse(r.rows[0]);
  return { autoLockMinutes: p.auto_lock_minutes, offlineGrantHours: p.offline_grant_hours, syncIntervalSeconds: p.sync_interval_seconds, cdsSuppressionHours: p.cds_suppression_hours, updatedAt: p.updated_at.toISOString(), updatedBy: p.updated_by };
}

export async function writePolicy(q: Queryable, p: WorkstationPolicy, by: string, now: Date): Promise<void> {
  await q.query('UPDATE workstation_policy SET auto_lock_minutes = $1, offline_grant_hours = $2, sync_interval_seconds = $3, cds_suppression_hours = $4, updated_at = $5, updated_by = $6 WHERE id = 1',
    [p.autoLockMinutes, p.offlineGrantHours, p.syncIntervalSeconds, p.cdsSuppressionHours, now, by]);
}
