/**
 * Likely existing patients for a Patient: the records sharing a blocking key (one indexed query),
 * scored by core's matcher. Nothing here decides access or audits: callers show candidates only
 * to whom the policy allows and audit what they show.
 */
import type { Patient } from '@lantern/core';
import {
  blockingKeys, DEFAULT_MATCH_CONFIG, isUnboundedKey, matchPersonFromPatient, MAX_BLOCK_SIZE, rankCandidates,
  type MatchCandidate, type MatchConfig, type MatchOptions, type MatchPerson,
} from '@lantern/core/mpi';
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import { patientFromJson } from './patient-json.ts';

export interface ScoredPatient {
  readonly match: MatchCandidate;
  readonly patient: Patient;
  readonly version: number;
  readonly lastUpdated: string;
}

const Row = z.object({
  id: z.string(),
  version: z.number(),
  last_updated: z.union([z.string(), z.date()]).transform((d) => (typeof d === 'string' ? d : d.toISOString())),
  resource: z.record(z.string(), z.unknown()),
});

/**
 * Candidates for `patient` (its own id excluded), best first. Name and phone blocks larger than
 * MAX_BLOCK_SIZE are skipped, as in the in-memory index; identifier blocks never are. Retired
 * records (active false, merged away) carry no keys and so are never candidates.
 */
export async function findCandidates(q: Queryable, patient: Patient, opts: MatchOptions & { config?: MatchConfig } = {}): Promise<ScoredPatient[]> {
  const person: MatchPerson = matchPersonFromPatient(patient);
  const keys = blockingKeys(person);
  if (keys.length === 0) return [];
  const r = await q.query(
    `WITH hits AS (SELECT key, patient_id, count(*) OVER (PARTITION BY key) AS n FROM patient_match_keys WHERE key = ANY($1::text[])),
          chosen AS (SELECT DISTINCT patient_id FROM hits WHERE n <= $2 OR key = ANY($3::text[]))
     SELECT r.id, r.version, r.last_updated, r.resource FROM chosen JOIN resources r
       ON r.patient_id = chosen.patient_id AND r.resource_type = 'Patient' AND r.id = chosen.patient_id::text
     WHERE NOT r.deleted AND ($4::text IS NULL OR r.id <> $4::text)`,
    [keys, MAX_BLOCK_SIZE, keys.filter(isUnboundedKey), patient.id ?? null],
  );
  const rows = z.array(Row).parse(r.rows).flatMap((row) => {
    const p = patientFromJson(row.resource);
    return p === null ? [] : [{ ...row, patient: { ...p, id: row.id } }];
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const ranked = rankCandidates(person, rows.map((row) => matchPersonFromPatient(row.patient)), opts.config ?? DEFAULT_MATCH_CONFIG, opts);
  return ranked.flatMap((m) => {
    const row = byId.get(m.id);
    return row === undefined ? [] : [{ match: m, patient: row.patient, version: row.version, lastUpdated: row.last_updated }];
  });
}
