/** The banner across the top of every chart: who this is, allergies first, and unsynced edits. */
import { ageInYears, type Patient, type PatientBanner } from '@lantern/core';
import { patientSearchRow } from '../search-tokens.ts';
import type { StoreDb } from '../store-db.ts';
import { bannerAllergies, type AllergyList } from './clinical-lists.ts';
import { latestWeight } from './observations.ts';

export function readPatient(db: StoreDb, patientId: string): { patient: Patient; pending: boolean } | null {
  const row = db.get<{ json: string; pending: number }>(`SELECT json, pending FROM resources WHERE id = ? AND resource_type = 'Patient' AND deleted = 0`, patientId);
  return row === undefined ? null : { patient: JSON.parse(row.json) as Patient, pending: row.pending === 1 };
}

export const hasPendingEdits = (db: StoreDb, patientId: string): boolean =>
  db.get('SELECT 1 FROM resources WHERE patient_id = ? AND pending = 1 LIMIT 1', patientId) !== undefined;

export function buildBanner(db: StoreDb, patientId: string, patient: Patient, allergies: AllergyList, asOf: Date): PatientBanner {
  const row = patientSearchRow(patient);
  return {
    patientId,
    mrn: row.mrn,
    name: row.name,
    sex: row.sex,
    birthDate: row.birthDate,
    ageYears: ageInYears(row.birthDate, asOf),
    allergyStatus: allergies.status,
    allergies: bannerAllergies(allergies),
    latestWeight: latestWeight(db, patientId),
    pendingSync: hasPendingEdits(db, patientId),
  };
}
