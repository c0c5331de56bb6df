/**
 * The first sync of a (user, device): the scope's history up to the safe change sequence is sent
 * patient by patient through the per-patient backfill of sync/pull.ts (keyset reads on
 * `resources (patient_id, seq)`, nothing buffered), in priority order, instead of the change stream
 * in sequence order. So a clinician's own patients (those whose current stay they attend) arrive
 * complete in the first pages and their charts open while the rest of the scope is still coming:
 * the first complaint about offline-first health systems is how long the first sync keeps a
 * workstation unusable. The change stream then starts at that safe sequence; incremental pulls are
 * unchanged.
 */
import type pg from 'pg';
import { z } from 'zod';
import { SHARED_PARTITION } from '../db/resources.ts';

/** Backfill order: 0 = the user attends the patient's current stay, 1 = the rest of the scope. */
export const OWN_PATIENT = 0;
export const OTHER_PATIENT = 1;

const OwnRow = z.object({ patient_id: z.string() });
const CountRow = z.object({ patient_id: z.string(), n: z.coerce.number() });

/**
 * $1 user, $2 candidate patients. Reads the small partial index of open stays
 * (migration 0022), not every Encounter of the scope.
 */
export const OWN_PATIENTS_SQL = `SELECT DISTINCT r.patient_id::text AS patient_id
       FROM users u
       JOIN resources r ON r.patient_id = ANY($2::uuid[]) AND r.resource_type = 'Encounter' AND NOT r.deleted AND r.status = 'in-progress'
      WHERE u.id = $1 AND u.practitioner_id IS NOT NULL
        AND r.resource -> 'participant' @> jsonb_build_array(jsonb_build_object('individual', jsonb_build_object('reference', 'Practitioner/' || u.practitioner_id::text)))`;

/** $1 patients, $2 the safe sequence. An index-only scan of live resources by patient (migration 0022), not a table scan. */
export const BACKFILL_COUNTS_SQL =
  'SELECT patient_id::text AS patient_id, count(*) AS n FROM resources WHERE patient_id = ANY($1::uuid[]) AND seq <= $2 AND NOT deleted GROUP BY patient_id';

/**
 * Patients of `candidates` with an in-progress Encounter in which the user's Practitioner takes
 * part (the attending of the synthetic admissions; any participant counts).
 */
export async function ownPatients(c: pg.ClientBase, userId: string, candidates: readonly string[]): Promise<Set<string>> {
  if (candidates.length === 0) return new Set();
  const r = await c.query(OWN_PATIENTS_SQL, [userId, candidates]);
  return new Set(z.array(OwnRow).parse(r.rows).map((x) => x.patient_id));
}

/** Resources to send per patient (one grouped index scan), for the progress the client shows. */
export async function backfillCounts(c: pg.ClientBase, patients: readonly string[], until: string): Promise<Map<string, number>> {
  if (patients.length === 0) return new Map();
  const r = await c.query(BACKFILL_COUNTS_SQL, [patients, until]);
  return new Map(z.array(CountRow).parse(r.rows).map((x) => [x.patient_id, x.n]));
}

/**
 * Puts every patient of a first sync in the backfill, own patients first, under one plan number
 * (backfill.ts: the order page tokens are positions in). Returns nothing: the
 * backfill step of the same pull reads the rows back in priority order.
 */
export async function planFirstSync(
  c: pg.ClientBase,
  who: { userId: string; deviceId: string },
  added: readonly { patient: string; key: string }[],
  safe: string,
): Promise<void> {
  if (added.length === 0) return;
  const patients = added.map((a) => a.patient);
  const own = await ownPatients(c, who.userId, patients);
  const counts = await backfillCounts(c, patients, safe);
  await c.query(
    `INSERT INTO sync_scope (user_id, device_id, patient_id, access_key, backfill_until, backfill_after, priority, backfill_left, backfill_plan)
     SELECT $1, $2, p, k, $5, 0, pr, n, (SELECT nextval('sync_scope_plan')) FROM unnest($3::uuid[], $4::text[], $6::smallint[], $7::int[]) AS x(p, k, pr, n)
     ON CONFLICT (user_id, device_id, patient_id) DO NOTHING`,
    [who.userId, who.deviceId, patients, added.map((a) => a.key), safe, patients.map((p) => (own.has(p) ? OWN_PATIENT : OTHER_PATIENT)), patients.map((p) => counts.get(p) ?? 0)],
  );
}

/** The shared partition (Practitioners) up to `safe`, sent whole with the first page of a first sync. */
export const SHARED_BACKFILL_SQL = (cols: string): string =>
  `SELECT ${cols} FROM resources WHERE patient_id = '${SHARED_PARTITION}'::uuid AND resource_type = ANY($1::text[]) AND seq <= $2 AND NOT deleted ORDER BY seq`;
