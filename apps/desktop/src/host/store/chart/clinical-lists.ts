/**
 * Problems, medications, allergies and encounters: small per-patient lists the chart shows as
 * whole FHIR resources. Status filtering uses the extracted `status` column, never the JSON.
 */
import { NO_KNOWN_ALLERGY, type AllergyIntolerance, type Condition, type Encounter, type MedicationRequest, type PatientBanner } from '@lantern/core';
import type { StoreDb } from '../store-db.ts';

const parseAll = <T>(rows: { json: string }[]): T[] => rows.map((r) => JSON.parse(r.json) as T);

const listSql = (type: string, statusFilter: string): string =>
  `SELECT json FROM resources WHERE patient_id = ? AND resource_type = '${type}' AND deleted = 0 AND ${statusFilter} ORDER BY effective DESC`;

/** Active problems: clinical status active, recurrence or relapse; refuted/entered-in-error never shown. */
const PROBLEMS_SQL = listSql('Condition', `status IN ('active', 'recurrence', 'relapse')`);
export const activeProblems = (db: StoreDb, patientId: string): Condition[] => parseAll(db.all(PROBLEMS_SQL, patientId));

/** Active medication orders (MedicationRequest.status = active). */
const MEDS_SQL = listSql('MedicationRequest', `status = 'active'`);
export const activeMedications = (db: StoreDb, patientId: string): MedicationRequest[] => parseAll(db.all(MEDS_SQL, patientId));

const ENCOUNTERS_SQL = `SELECT json FROM resources WHERE patient_id = ? AND resource_type = 'Encounter' AND deleted = 0 ORDER BY effective DESC LIMIT ?`;
export const encounters = (db: StoreDb, patientId: string, limit = 500): Encounter[] => parseAll(db.all(ENCOUNTERS_SQL, patientId, limit));

const NKA_CODE = `${NO_KNOWN_ALLERGY.system}|${NO_KNOWN_ALLERGY.code}`;
// Allergies with no clinical status are shown: an allergy nobody marked inactive is still a risk.
const ALLERGIES_SQL = `SELECT code, json FROM resources WHERE patient_id = ? AND resource_type = 'AllergyIntolerance' AND deleted = 0
  AND (status IS NULL OR status = 'active') ORDER BY effective DESC`;

export interface AllergyList {
  status: PatientBanner['allergyStatus'];
  /** Real allergies only; a "no known allergy" record is reported through `status`. */
  allergies: AllergyIntolerance[];
}

/** Tells "no known allergies" (a recorded NKA, SNOMED 716186003) apart from "never asked". */
export function allergyList(db: StoreDb, patientId: string): AllergyList {
  const rows = db.all<{ code: string | null; json: string }>(ALLERGIES_SQL, patientId);
  const real = rows.filter((r) => r.code !== NKA_CODE);
  if (real.length > 0) return { status: 'has-allergies', allergies: parseAll(real) };
  return { status: rows.length > 0 ? 'nka' : 'not-recorded', allergies: [] };
}

export function bannerAllergies(list: AllergyList): PatientBanner['allergies'] {
  return list.allergies.map((a) => ({
    id: a.id ?? '',
    substance: a.code?.text ?? a.code?.coding?.find((c) => c.display !== undefined)?.display ?? 'Unspecified substance',
    criticality: a.criticality ?? null,
  }));
}
