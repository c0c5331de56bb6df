/** The banner across the top of every chart: who this is, allergies first, and unsynced edits. */
import type { Patient, PatientBanner } from '@lantern/core';
import { patientSearchRow } from '../search-tokens.ts';
import type { StoreDb } from '../store-db.ts';
import { bannerAllergies, type AllergyList } from './clinical-lists.ts';
import { latestWeight } from './observations.ts';

/** Whole years between an ISO birth date and `asOf` (UTC calendar dates). */
export function ageInYears(birthDate: string, asOf: Date): number {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(birthDate);
  if (m === null) return 0;
  const y = Number(m[1]);
  const mo = Number(m[2] ?? '1');
  const d = Number(m[3] ?? '1');
  let age = asOf.getUTCFullYear() - y;
  const beforeBirthday = asOf.getUTCMonth() + 1 < mo || (asOf.getUTCMonth() + 1 === mo && asOf.getUTCDate() < d);
  if (beforeBirthday) age -= 1;
  return Math.max(0, age);
}

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
