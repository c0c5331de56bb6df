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

// FTS5 yields matches in rowid order, and a patient's rowid sorts by family then given name
// (search-tokens.ts, searchNameKey): the first `limit` matches are the first screenful by name,
// and FTS5 stops there, however many patients match a short prefix.
const SEARCH_SQL = `SELECT p.patient_id AS patientId, p.mrn, p.name, p.birth_date AS birthDate, p.sex
  FROM patient_fts f JOIN patients p ON p.rid = f.rowid
  WHERE patient_fts MATCH ? ORDER BY f.rowid LIMIT ?`;
// Only the patients the signed-in user may see: a shared workstation's store holds everyone's.
const SEARCH_AMONG_SQL = `SELECT p.patient_id AS patientId, p.mrn, p.name, p.birth_date AS birthDate, p.sex
  FROM patient_fts f JOIN patients p ON p.rid = f.rowid
  WHERE patient_fts MATCH ? AND p.patient_id IN (SELECT value FROM json_each(?)) ORDER BY f.rowid LIMIT ?`;

/** `among`: search only these patients (the caller's scope); omitted, the whole store (maintenance, benchmarks). */
export function searchPatients(db: StoreDb, query: string, limit: number, among?: readonly string[]): PatientSearchHit[] {
  const fts = toFtsQuery(query);
  if (fts === null) return [];
  if (among === undefined) return db.all<PatientSearchHit>(SEARCH_SQL, fts, limit);
  if (among.length === 0) return [];
  return db.all<PatientSearchHit>(SEARCH_AMONG_SQL, fts, JSON.stringify(among), limit);
}
