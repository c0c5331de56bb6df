/** Bulk export jobs in Postgres (table export_jobs, migration 0002): one row per kick-off. */
import type { Queryable } from '../../db/database.ts';
import { z } from 'zod';

const ts = z.union([z.date(), z.string()]).transform((v) => (typeof v === 'string' ? new Date(v) : v).toISOString());

export const OutputItemSchema = z.object({ type: z.string(), url: z.string(), count: z.number().int() });
export type OutputItem = z.infer<typeof OutputItemSchema>;

export const ExportJobSchema = z.object({
  id: z.string(),
  user_id: z.string(),
  device_id: z.string(),
  role: z.string(),
  level: z.enum(['system', 'patient', 'group']),
  group_id: z.string().nullable(),
  types: z.array(z.string()).nullable(),
  since: ts.nullable(),
  request_url: z.string(),
  status: z.enum(['in-progress', 'completed', 'failed', 'cancelled']),
  progress: z.string().nullable(),
  transaction_time: ts,
  output: z.array(OutputItemSchema).nullable(),
  error: z.string().nullable(),
  expires_at: ts,
});
export type ExportJob = z.output<typeof ExportJobSchema>;

export type NewJob = Pick<ExportJob, 'id' | 'user_id' | 'device_id' | 'role' | 'level' | 'group_id' | 'types' | 'since' | 'request_url' | 'transaction_time' | 'expires_at'>;

export async function insertJob(q: Queryable, j: NewJob, now: Date): Promise<void> {
  await q.query(
    `INSERT INTO export_jobs (id, user_id, device_id, role, level, group_id, types, since, request_url, status, progress, transaction_time, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'in-progress', 'queued', $10, $11, $12)`,
    [j.id, j.user_id, j.device_id, j.role, j.level, j.group_id, j.types, j.since, j.request_url, j.transaction_time, now, j.expires_at],
  );
}

export async function getJob(q: Queryable, id: string): Promise<ExportJob | null> {
  const r = await q.query('SELECT * FROM export_jobs WHERE id = $1', [id]);
  return r.rows[0] === undefined ? null : ExportJobSchema.parse(r.rows[0]);
}

/** Updates a job that is still in progress; false if it was cancelled meanwhile. */
export async function updateJob(q: Queryable, id: string, set: { status?: ExportJob['status']; progress?: string; output?: OutputItem[]; error?: string; completedAt?: Date }): Promise<boolean> {
  const r = await q.query(
    `UPDATE export_jobs SET status = coalesce($2, status), progress = coalesce($3, progress), output = coalesce($4::jsonb, output),
       error = coalesce($5, error), completed_at = coalesce($6, completed_at)
     WHERE id = $1 AND status = 'in-progress'`,
    [id, set.status ?? null, set.progress ?? null, set.output === undefined ? null : JSON.stringify(set.output), set.error ?? null, set.completedAt ?? null],
  );
  return (r.rowCount ?? 0) > 0;
}

export async function cancelJob(q: Queryable, id: string): Promise<void> {
  await q.query("UPDATE export_jobs SET status = 'cancelled', completed_at = now() WHERE id = $1 AND status IN ('in-progress', 'completed', 'failed')", [id]);
}
