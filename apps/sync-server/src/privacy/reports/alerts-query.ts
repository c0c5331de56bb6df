/** Suspicious-access alerts for the privacy officer, each with the audit events behind it. */
import type { Queryable } from '../../db/database.ts';
import { z } from 'zod';
import { ALERT_KINDS, type AlertKind } from '../alerts/processor.ts';

export const AlertQuerySchema = z.object({
  status: z.enum(['open', 'acknowledged', 'all']).default('open'),
  kind: z.enum(ALERT_KINDS).optional(),
});
export type AlertQuery = z.output<typeof AlertQuerySchema>;

export interface AlertEvent {
  seq: number;
  deviceTime: string;
  action: string;
  patientId: string | null;
  resourceType: string | null;
  outcome: string;
}

export interface AlertItem {
  alertId: string;
  kind: AlertKind;
  userId: string;
  username: string | null;
  role: string | null;
  patientId: string | null;
  occurredAt: string;
  raisedAt: string;
  detail: Record<string, string | number | boolean>;
  eventCount: number;
  events: AlertEvent[];
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  ackNote: string | null;
}

/** Events shown per alert (the count says how many there are). */
const SHOWN = 25;

const Row = z.object({
  id: z.string(), kind: z.enum(ALERT_KINDS), user_id: z.string(), username: z.string().nullable(), role: z.string().nullable(), patient_id: z.string().nullable(),
  occurred_at: z.date(), raised_at: z.date(), event_seqs: z.array(z.coerce.number()), detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  acknowledged_at: z.date().nullable(), ack_by: z.string().nullable(), ack_note: z.string().nullable(),
});
const EventRow = z.object({ seq: z.coerce.number(), at: z.date(), action: z.string(), patient_id: z.string().nullable(), resource_type: z.string().nullable(), outcome: z.string() });

export async function listAlerts(q: Queryable, query: AlertQuery): Promise<AlertItem[]> {
  const where: string[] = [];
  const args: unknown[] = [];
  if (query.status === 'open') where.push('a.acknowledged_at IS NULL');
  if (query.status === 'acknowledged') where.push('a.acknowledged_at IS NOT NULL');
  if (query.kind !== undefined) {
    args.push(query.kind);
    where.push(`a.kind = $${args.length}`);
  }
  const r = await q.query(
    `SELECT a.id, a.kind, a.user_id, u.username, u.role, a.patient_id, a.occurred_at, a.raised_at, a.event_seqs, a.detail, a.acknowledged_at, k.username AS ack_by, a.ack_note
     FROM privacy_alerts a LEFT JOIN users u ON u.id::text = a.user_id LEFT JOIN users k ON k.id = a.acknowledged_by
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.raised_at DESC, a.occurred_at DESC LIMIT 500`,
    args,
  );
  const alerts = r.rows.map((x) => Row.parse(x));
  const seqs = alerts.flatMap((a) => a.event_seqs.slice(0, SHOWN));
  const ev = seqs.length === 0 ? [] : (await q.query(
    'SELECT seq, audit.instant(recorded_at) AS at, action, patient_id, resource_type, outcome FROM audit.events WHERE seq = ANY($1::bigint[])', [seqs],
  )).rows.map((x) => EventRow.parse(x));
  const bySeq = new Map(ev.map((e) => [e.seq, { seq: e.seq, deviceTime: e.at.toISOString(), action: e.action, patientId: e.patient_id, resourceType: e.resource_type, outcome: e.outcome }]));
  return alerts.map((a) => ({
    alertId: a.id, kind: a.kind, userId: a.user_id, username: a.username, role: a.role, patientId: a.patient_id,
    occurredAt: a.occurred_at.toISOString(), raisedAt: a.raised_at.toISOString(), detail: a.detail, eventCount: a.event_seqs.length,
    events: a.event_seqs.slice(0, SHOWN).flatMap((s) => bySeq.get(s) ?? []),
    acknowledgedAt: a.acknowledged_at?.toISOString() ?? null, acknowledgedBy: a.ack_by, ackNote: a.ack_note,
  }));
}
