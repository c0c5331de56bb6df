/**
 * Storage of CDS overrides that hide a card: the latest override per patient,
 * clinician and suppression key (rule + knowledge-base entry + pair). The engine decides what they
 * hide (warning/info within its window, never critical); this file only keeps and returns them.
 */
import { DEFAULT_SUPPRESSION_WINDOW_HOURS, type Suppression } from '@lantern/core/cds';
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';

const Row = z.object({ key: z.string(), overridden_at: z.date() });

/** The caller's overrides for this patient that can still be in force at `now`. */
export async function loadSuppressions(
  q: Queryable, userId: string, patientId: string, now: Date, windowHours = DEFAULT_SUPPRESSION_WINDOW_HOURS,
): Promise<Suppression[]> {
  const since = new Date(now.getTime() - windowHours * 3_600_000);
  const r = await q.query({
    name: 'cds-load-suppressions',
    text: 'SELECT key, overridden_at FROM cds_suppressions WHERE patient_id = $1::uuid AND user_id = $2::uuid AND overridden_at > $3',
    values: [patientId, userId, since],
  });
  return r.rows.map((row) => {
    const s = Row.parse(row);
    return { userId, patientId, key: s.key, overriddenAt: s.overridden_at.toISOString() };
  });
}

/** Keeps the latest override per key (a retried or older feedback never shortens the window). */
export async function storeSuppressions(q: Queryable, suppressions: readonly Suppression[]): Promise<void> {
  if (suppressions.length === 0) return;
  await q.query(
    `INSERT INTO cds_suppressions (patient_id, user_id, key, overridden_at)
     SELECT patient_id, user_id, key, overridden_at FROM jsonb_to_recordset($1::jsonb) AS x(patient_id uuid, user_id uuid, key text, overridden_at timestamptz)
     ON CONFLICT (patient_id, user_id, key) DO UPDATE SET overridden_at = greatest(cds_suppressions.overridden_at, EXCLUDED.overridden_at)`,
    [JSON.stringify(suppressions.map((s) => ({ patient_id: s.patientId, user_id: s.userId, key: s.key, overridden_at: s.overriddenAt })))],
  );
}
