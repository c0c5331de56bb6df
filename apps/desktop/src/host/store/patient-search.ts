/**
 * Patient search by name, MRN or birth date prefix (search-tokens.ts), returning what a result row
 * shows. FTS5 finds the matching rowids; the small `patients` table supplies the banner facts.
 */
import type { StoreDb } from './store-db.ts';
import { toFtsQuery } from './search-tokens.ts';

export interface PatientSearchHit {
  patientId: string;
  mrn: string;
  name: string;
  birthDate: string;
  sex: 'male' | 'female' | 'other' | 'unknown';
}

// Sorted by family then given name; rowid IN (...) makes SQLite drive from the FTS index.
const SEARCH_SQL = `SELECT patient_id AS patientId, mrn, name, birth_date AS birthDate, sex FROM patients
  WHERE rid IN (SELECT rowid FROM patient_fts WHERE patient_fts MATCH ?) ORDER BY sort_name, rid LIMIT ?`;

export function searchPatients(db: StoreDb, query: string, limit: number): PatientSearchHit[] {
  const fts = toFtsQuery(query);
  if (fts === null) return [];
  return db.all<PatientSearchHit>(SEARCH_SQL, fts, limit);
}
