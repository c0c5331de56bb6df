/**
 * Reads of results from the local store: DiagnosticReports, the orders they answer, the
 * Observations they reference, and acknowledgements (Provenance). Through the store's connection
 * (`ClinicalServices.db`): the chart store API has no result reads, and these stay beside the
 * feature that uses them. Rows were validated when written; JSON is parsed, not re-validated.
 */
import type { DiagnosticReport, Observation, Provenance, ServiceRequest } from '@lantern/core';
import { acknowledgedReports, RESULT_ACK_ACTIVITY, type Acknowledged } from '@lantern/core/results';
import type { StoreDb } from '../store/store-db.ts';

const parse = <T>(json: string): T => JSON.parse(json) as T;

/** Reports that count (not cancelled or withdrawn), newest first; one patient's, or every patient's. */
export function reportsOf(db: StoreDb, patientId: string | null, limit = 500): { patientId: string; report: DiagnosticReport }[] {
  const live = `resource_type = 'DiagnosticReport' AND deleted = 0 AND patient_id IS NOT NULL AND (status IS NULL OR status NOT IN ('cancelled', 'entered-in-error'))`;
  const rows = patientId === null
    ? db.all<{ patient_id: string; json: string }>(`SELECT patient_id, json FROM resources WHERE ${live} ORDER BY last_updated DESC LIMIT ?`, limit)
    : db.all<{ patient_id: string; json: string }>(`SELECT patient_id, json FROM resources WHERE patient_id = ? AND ${live} ORDER BY effective DESC LIMIT ?`, patientId, limit);
  return rows.map((r) => ({ patientId: r.patient_id, report: parse<DiagnosticReport>(r.json) }));
}

/** A patient's lab and imaging orders, newest first. */
export function ordersOf(db: StoreDb, patientId: string, limit = 200): ServiceRequest[] {
  return db.all<{ json: string }>(`SELECT json FROM resources WHERE patient_id = ? AND resource_type = 'ServiceRequest' AND deleted = 0 ORDER BY effective DESC LIMIT ?`, patientId, limit)
    .map((r) => parse<ServiceRequest>(r.json));
}

/** Resources of one type by id (orders of the inbox's reports, observations of a report). */
export function byIds<T>(db: StoreDb, type: 'ServiceRequest' | 'Observation', ids: readonly string[]): Map<string, T> {
  const out = new Map<string, T>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 400) {
    const chunk = unique.slice(i, i + 400);
    const rows = db.all<{ id: string; json: string }>(`SELECT id, json FROM resources WHERE resource_type = ? AND deleted = 0 AND id IN (${chunk.map(() => '?').join(',')})`, type, ...chunk);
    for (const r of rows) out.set(r.id, parse<T>(r.json));
  }
  return out;
}

/** Every acknowledgement in the store (optionally one patient's), by report id, oldest first. */
export function acknowledgements(db: StoreDb, patientId: string | null): Map<string, Acknowledged[]> {
  const like = `%${RESULT_ACK_ACTIVITY.code}%`;
  const rows = patientId === null
    ? db.all<{ json: string }>(`SELECT json FROM resources WHERE resource_type = 'Provenance' AND deleted = 0 AND json LIKE ?`, like)
    : db.all<{ json: string }>(`SELECT json FROM resources WHERE resource_type = 'Provenance' AND deleted = 0 AND (patient_id = ? OR patient_id IS NULL) AND json LIKE ?`, patientId, like);
  return acknowledgedReports(rows.map((r) => parse<Provenance>(r.json)));
}

export function observationsOf(db: StoreDb, reports: readonly DiagnosticReport[]): Map<string, Observation> {
  const ids = reports.flatMap((r) => (r.result ?? []).map((x) => (x.reference ?? '').replace(/^Observation\//, ''))).filter((x) => x !== '');
  return byIds<Observation>(db, 'Observation', ids);
}

/** Name and MRN for the inbox rows (the patients table the finder searches). */
export function patientLabels(db: StoreDb, ids: readonly string[]): Map<string, { name: string; mrn: string }> {
  const out = new Map<string, { name: string; mrn: string }>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 400) {
    const chunk = unique.slice(i, i + 400);
    for (const r of db.all<{ patient_id: string; name: string; mrn: string }>(`SELECT patient_id, name, mrn FROM patients WHERE patient_id IN (${chunk.map(() => '?').join(',')})`, ...chunk)) {
      out.set(r.patient_id, { name: r.name, mrn: r.mrn });
    }
  }
  return out;
}
