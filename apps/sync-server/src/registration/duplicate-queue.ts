/**
 * The duplicate review queue: pairs of records the matcher thinks may be one person, with the
 * score and the fields that differ, for HIM to decide (merge, or not a duplicate). The server
 * never merges on its own, even at a `certain` grade: a wrong merge mixes two people's records.
 */
import { randomUUID } from 'node:crypto';
import type { MatchScore } from '@lantern/core/mpi';
import type { Queryable } from '../db/database.ts';

export async function queueDuplicate(c: Queryable, d: { a: string; b: string; match: MatchScore; now: Date }): Promise<void> {
  if (d.a === d.b || d.match.grade === 'certainly-not') return;
  const [first, second] = d.a < d.b ? [d.a, d.b] : [d.b, d.a];
  await c.query(
    `INSERT INTO duplicate_reviews (id, patient_a, patient_b, score, grade, fields, created_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
     ON CONFLICT (patient_a, patient_b) DO UPDATE SET score = EXCLUDED.score, grade = EXCLUDED.grade, fields = EXCLUDED.fields
       WHERE duplicate_reviews.status = 'open'`,
    [randomUUID(), first, second, d.match.score, d.match.grade, JSON.stringify(d.match.fields), d.now],
  );
}
