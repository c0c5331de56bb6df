/**
 * The HIM side of the duplicate queue: the open pairs with both records' demographics, the score
 * and the fields that differ, and the decision "not the same person" (closing the pair for good).
 * Merging is a separate, audited step. Every record shown is a PHI read, audited per patient.
 */
import { LanternError, type Patient } from '@lantern/core';
import type pg from 'pg';
import { z } from 'zod';
import { appendAuditEvents, serverEvent, type Actor } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { patientFromJson } from './patient-json.ts';

export interface ReviewPatient {
  id: string;
  name: string;
  birthDate: string | null;
  sex: string | null;
  identifiers: { system: string; value: string }[];
  address: string | null;
  phone: string | null;
}

export interface DuplicateReview {
  id: string;
  score: number;
  grade: string;
  /** Per field: the agreement level, its weight and whether the records differ there. */
  fields: { field: string; level: string; weight: number; differs: boolean }[];
  createdAt: string;
  a: ReviewPatient;
  b: ReviewPatient;
}

const Row = z.object({
  id: z.string(), score: z.number(), grade: z.string(), fields: z.array(z.object({ field: z.string(), level: z.string(), weight: z.number(), differs: z.boolean() })),
  created_at: z.date(), patient_a: z.string(), patient_b: z.string(), ra: z.unknown(), rb: z.unknown(),
});

function summary(id: string, p: Patient | null): ReviewPatient {
  const n = p?.name?.[0];
  const a = p?.address?.[0];
  return {
    id,
    name: n?.text ?? [...(n?.given ?? []), n?.family ?? ''].join(' ').trim(),
    birthDate: p?.birthDate ?? null,
    sex: p?.gender ?? null,
    identifiers: (p?.identifier ?? []).flatMap((i) => (i.system === undefined || i.value === undefined ? [] : [{ system: i.system, value: i.value }])),
    address: a === undefined ? null : [...(a.line ?? []), a.city, a.postalCode].filter((x) => x !== undefined && x !== '').join(', '),
    phone: p?.telecom?.find((t) => t.system === 'phone')?.value ?? null,
  };
}

export async function openReviews(pool: pg.Pool, actor: Actor, now: Date, limit: number): Promise<DuplicateReview[]> {
  const r = await pool.query(
    `SELECT d.id, d.score, d.grade, d.fields, d.created_at, d.patient_a::text, d.patient_b::text, ra.resource AS ra, rb.resource AS rb
     FROM duplicate_reviews d
     JOIN resources ra ON ra.patient_id = d.patient_a AND ra.resource_type = 'Patient' AND ra.id = d.patient_a::text AND NOT ra.deleted
     JOIN resources rb ON rb.patient_id = d.patient_b AND rb.resource_type = 'Patient' AND rb.id = d.patient_b::text AND NOT rb.deleted
     WHERE d.status = 'open' ORDER BY d.score DESC, d.created_at LIMIT $1`,
    [limit],
  );
  const rows = z.array(Row).parse(r.rows);
  const out = rows.map((row): DuplicateReview => ({
    id: row.id, score: row.score, grade: row.grade, fields: row.fields, createdAt: row.created_at.toISOString(),
    a: summary(row.patient_a, patientFromJson(row.ra)), b: summary(row.patient_b, patientFromJson(row.rb)),
  }));
  const events = out.flatMap((d) => [d.a.id, d.b.id].map((pid) => serverEvent(actor, {
    action: 'resource-read', outcome: 'success', patientId: pid, resourceType: 'Patient', resourceId: pid, purposeOfUse: 'HOPERAT', detail: { via: 'duplicate-review', review: d.id },
  }, now)));
  events.push(serverEvent(actor, { action: 'search', outcome: 'success', resourceType: 'Patient', detail: { via: 'duplicate-review', results: out.length } }, now));
  await withTx(pool, (c) => appendAuditEvents(c, events));
  return out;
}

/** "Not the same person": closes the pair so it is not offered again. */
export async function markNotDuplicate(c: pg.ClientBase, actor: Actor, reviewId: string, now: Date): Promise<void> {
  const r = await c.query(
    "UPDATE duplicate_reviews SET status = 'not-duplicate', decided_by = $2, decided_at = $3 WHERE id = $1 AND status = 'open' RETURNING patient_a::text, patient_b::text",
    [reviewId, actor.userId, now],
  );
  const row = z.object({ patient_a: z.string(), patient_b: z.string() }).optional().parse(r.rows[0]);
  if (row === undefined) throw new LanternError('NOT_FOUND', 'No open duplicate review with that id');
  await appendAuditEvents(c, [row.patient_a, row.patient_b].map((pid) => serverEvent(actor, {
    action: 'resource-update', outcome: 'success', patientId: pid, resourceType: 'Patient', resourceId: pid, purposeOfUse: 'HOPERAT', detail: { via: 'duplicate-review', review: reviewId, decision: 'not-duplicate' },
  }, now)));
}
