/** The merge history HIM reviews (and undoes from): newest first, names of both records, audited as a read. */
import type pg from 'pg';
import { z } from 'zod';
import { appendAuditEvents, serverEvent, type Actor } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { patientFromJson } from '../registration/patient-json.ts';

export interface MergeRecord {
  id: string;
  survivor: { id: string; name: string };
  retired: { id: string; name: string };
  reason: string;
  status: 'merged' | 'unmerged';
  moved: number;
  mergedAt: string;
  unmergedAt: string | null;
}

const Row = z.object({
  id: z.string(), survivor_id: z.string(), retired_id: z.string(), reason: z.string(), status: z.enum(['merged', 'unmerged']),
  moved: z.coerce.number(), merged_at: z.date(), unmerged_at: z.date().nullable(), rs: z.unknown(), rr: z.unknown(),
});

const nameOf = (json: unknown): string => {
  const n = patientFromJson(json)?.name?.[0];
  return n?.text ?? [...(n?.given ?? []), n?.family ?? ''].join(' ').trim();
};

export async function mergeHistory(pool: pg.Pool, actor: Actor, now: Date, limit: number): Promise<MergeRecord[]> {
  const r = await pool.query(
    `SELECT m.id::text, m.survivor_id::text, m.retired_id::text, m.reason, m.status, m.merged_at, m.unmerged_at,
       (SELECT count(*) FROM patient_merge_resources x WHERE x.merge_id = m.id) AS moved, rs.resource AS rs, rr.resource AS rr
     FROM patient_merges m
     LEFT JOIN resources rs ON rs.patient_id = m.survivor_id AND rs.resource_type = 'Patient' AND rs.id = m.survivor_id::text
     LEFT JOIN resources rr ON rr.patient_id = m.retired_id AND rr.resource_type = 'Patient' AND rr.id = m.retired_id::text
     ORDER BY m.merged_at DESC LIMIT $1`, [limit]);
  const out = z.array(Row).parse(r.rows).map((row): MergeRecord => ({
    id: row.id, survivor: { id: row.survivor_id, name: nameOf(row.rs) }, retired: { id: row.retired_id, name: nameOf(row.rr) },
    reason: row.reason, status: row.status, moved: row.moved, mergedAt: row.merged_at.toISOString(), unmergedAt: row.unmerged_at?.toISOString() ?? null,
  }));
  const events = out.flatMap((m) => [m.survivor.id, m.retired.id]).filter((v, i, a) => a.indexOf(v) === i).map((pid) => serverEvent(actor, {
    action: 'resource-read', outcome: 'success', patientId: pid, resourceType: 'Patient', resourceId: pid, purposeOfUse: 'HOPERAT', detail: { via: 'merge-history' },
  }, now));
  if (events.length > 0) await withTx(pool, (c) => appendAuditEvents(c, events));
  return out;
}
