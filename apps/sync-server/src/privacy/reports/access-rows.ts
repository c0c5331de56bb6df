/**
 * Rows of the patient access report and the user activity report: every audited access with who,
 * in which role, from which device, when (device time and server-received time), what, why, the
 * outcome and the break-glass flag (HIPAA 164.312(b); 164.308(a)(1)(ii)(D)). Both reports read an
 * index range on (patient_id | user_id, device time): see migration 0008.
 */
import type { Queryable } from '../../db/database.ts';
import { z } from 'zod';

export const ACCESS_SORTS = ['time-desc', 'time-asc', 'user', 'action'] as const;

export const AccessQuerySchema = z.object({
  from: z.string().datetime({ offset: true }),
  to: z.string().datetime({ offset: true }),
  actions: z.array(z.string().max(64)).max(30).optional(),
  outcome: z.enum(['success', 'denied', 'failure']).optional(),
  breakGlassOnly: z.boolean().default(false),
  sort: z.enum(ACCESS_SORTS).default('time-desc'),
  limit: z.number().int().min(1).max(10_000).default(2000),
});
export type AccessQuery = z.output<typeof AccessQuerySchema>;

export interface AccessRow {
  seq: number;
  /** When it happened, by the recording device's clock. */
  deviceTime: string;
  /** When the server stored it (later than deviceTime for offline events synced later). */
  receivedAt: string;
  userId: string;
  username: string | null;
  role: string | null;
  deviceId: string;
  action: string;
  resourceType: string | null;
  patientId: string | null;
  purpose: string | null;
  reason: string | null;
  outcome: string;
  breakGlass: boolean;
  /** Recorded on a workstation (offline chain, ingested) or by the server itself. */
  origin: 'workstation' | 'server';
}

const Row = z.object({
  seq: z.coerce.number(), user_id: z.string(), username: z.string().nullable(), role: z.string().nullable(), device_id: z.string(),
  action: z.string(), resource_type: z.string().nullable(), patient_id: z.string().nullable(), purpose: z.string().nullable(),
  reason: z.string().nullable(), outcome: z.string(), flagged: z.boolean(), at: z.date(), received_at: z.date(),
  ingest_received: z.string().nullable(), ingested: z.boolean(),
});

const ORDER: Record<AccessQuery['sort'], string> = {
  'time-desc': 'audit.instant(e.recorded_at) DESC, e.seq DESC',
  'time-asc': 'audit.instant(e.recorded_at), e.seq',
  'user': 'u.username NULLS LAST, audit.instant(e.recorded_at) DESC',
  'action': 'e.action, audit.instant(e.recorded_at) DESC',
};

/** Accesses to one patient, or by one user, over a range of device time. */
export async function accessRows(q: Queryable, subject: { patientId: string } | { userId: string }, query: AccessQuery): Promise<AccessRow[]> {
  const args: unknown[] = ['patientId' in subject ? subject.patientId : subject.userId, query.from, query.to];
  const where = ['patientId' in subject ? 'e.patient_id = $1' : 'e.user_id = $1', 'audit.instant(e.recorded_at) >= $2', 'audit.instant(e.recorded_at) < $3'];
  if (query.actions !== undefined && query.actions.length > 0) {
    args.push(query.actions);
    where.push(`e.action = ANY($${args.length})`);
  }
  if (query.outcome !== undefined) {
    args.push(query.outcome);
    where.push(`e.outcome = $${args.length}`);
  }
  if (query.breakGlassOnly) where.push('e.flagged');
  args.push(query.limit);
  const r = await q.query(
    `SELECT e.seq, e.user_id, u.username, coalesce(e.detail->>'role', u.role) AS role, e.device_id, e.action, e.resource_type, e.patient_id,
       e.detail->>'purposeOfUse' AS purpose, e.reason, e.outcome, e.flagged, audit.instant(e.recorded_at) AS at, e.received_at,
       e.detail->>'ingest.receivedAt' AS ingest_received, (e.detail ? 'ingest.deviceSeq') AS ingested
     FROM audit.events e LEFT JOIN users u ON u.id::text = e.user_id
     WHERE ${where.join(' AND ')} ORDER BY ${ORDER[query.sort]} LIMIT $${args.length}`,
    args,
  );
  return r.rows.map((raw) => {
    const x = Row.parse(raw);
    return {
      seq: x.seq, deviceTime: x.at.toISOString(), receivedAt: x.ingest_received ?? x.received_at.toISOString(), userId: x.user_id, username: x.username, role: x.role,
      deviceId: x.device_id, action: x.action, resourceType: x.resource_type, patientId: x.patient_id, purpose: x.purpose ?? (x.flagged ? 'ETREAT' : null),
      reason: x.reason, outcome: x.outcome, breakGlass: x.flagged, origin: x.ingested ? 'workstation' : 'server',
    };
  });
}
