/** User activity report summary: which patients a user touched over a range, how often and when. */
import type { Queryable } from '../../db/database.ts';
import { z } from 'zod';
import { patientLabels, type PatientLabel } from './patient-labels.ts';

export interface PatientTouch {
  patientId: string;
  patient: PatientLabel | null;
  accesses: number;
  first: string;
  last: string;
  breakGlass: boolean;
}

const Row = z.object({ patient_id: z.string(), n: z.coerce.number(), first: z.date(), last: z.date(), bg: z.boolean() });
const Day = z.object({ day: z.string(), n: z.coerce.number() });

export async function userActivitySummary(q: Queryable, userId: string, from: string, to: string): Promise<{ patients: PatientTouch[]; distinctPatients: number; perDay: { day: string; accesses: number }[] }> {
  const range = 'user_id = $1 AND audit.instant(recorded_at) >= $2 AND audit.instant(recorded_at) < $3';
  const [p, d] = await Promise.all([
    q.query(`SELECT patient_id, count(*) AS n, min(audit.instant(recorded_at)) AS first, max(audit.instant(recorded_at)) AS last, bool_or(flagged) AS bg
             FROM audit.events WHERE ${range} AND patient_id IS NOT NULL GROUP BY patient_id ORDER BY n DESC LIMIT 500`, [userId, from, to]),
    q.query(`SELECT to_char(audit.instant(recorded_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*) AS n FROM audit.events WHERE ${range} GROUP BY 1 ORDER BY 1`, [userId, from, to]),
  ]);
  const rows = p.rows.map((x) => Row.parse(x));
  const labels = await patientLabels(q, rows.map((r) => r.patient_id));
  return {
    patients: rows.map((r) => ({ patientId: r.patient_id, patient: labels.get(r.patient_id) ?? null, accesses: r.n, first: r.first.toISOString(), last: r.last.toISOString(), breakGlass: r.bg })),
    distinctPatients: rows.length,
    perDay: d.rows.map((x) => Day.parse(x)).map((x) => ({ day: x.day, accesses: x.n })),
  };
}
