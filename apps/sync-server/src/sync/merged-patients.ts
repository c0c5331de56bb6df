/**
 * A workstation that has not pulled a merge yet still writes to the retired record: its queued
 * allergy, order or note names the patient id the HIM user retired. Filed there, the write would
 * sit on a tombstone, out of the chart clinicians open and out of CDS. So a push first follows each
 * retired patient's `replaced-by` link (FHIR R4 Patient.link) to the surviving record and re-points
 * the mutation (its patient, every reference to the retired record) before anything is checked:
 * access, the medication gate and the merge of concurrent edits all see the survivor.
 * Writes to the Patient resource of a retired record are left as they are (they are refused or
 * conflict like any write to that record).
 */
import type { Mutation, Patient } from '@lantern/core';
import { mergedInto, repointReferences } from '@lantern/core/mpi';
import type pg from 'pg';

/** Links followed at most (a record merged into one later merged again). */
const MAX_HOPS = 5;

/** Retired patient id -> surviving patient id, for the patients these mutations name. */
async function survivorsOf(pool: pg.Pool, patientIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let ask = [...new Set(patientIds)];
  for (let hop = 0; hop < MAX_HOPS && ask.length > 0; hop++) {
    const r = await pool.query<{ id: string; resource: Patient }>(
      `SELECT id, resource FROM resources WHERE resource_type = 'Patient' AND id = ANY($1::text[]) AND NOT deleted AND resource->>'active' = 'false'`,
      [ask],
    );
    const next: string[] = [];
    for (const row of r.rows) {
      const to = mergedInto(row.resource);
      if (to === null || to === row.id) continue;
      next.push(to);
      // Earlier hops point at this record: point them at its survivor instead.
      for (const [from, via] of out) if (via === row.id) out.set(from, to);
      if (!out.has(row.id)) out.set(row.id, to);
    }
    ask = next;
  }
  return out;
}

/** The mutations with writes to retired records re-pointed to their survivors (the same array when none is). */
export async function redirectMergedPatients(pool: pg.Pool, mutations: readonly Mutation[]): Promise<readonly Mutation[]> {
  if (mutations.length === 0) return mutations;
  const survivors = await survivorsOf(pool, mutations.map((m) => m.patientId));
  if (survivors.size === 0) return mutations;
  return mutations.map((m) => {
    const to = survivors.get(m.patientId);
    if (to === undefined || m.resourceType === 'Patient') return m;
    return { ...repointReferences(m, m.patientId, to), patientId: to as Mutation['patientId'] };
  });
}
