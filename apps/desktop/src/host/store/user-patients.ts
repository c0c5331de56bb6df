/**
 * Which users of this workstation each patient's chart is kept for. The server scopes every pull to
 * one user and device (ARCHITECTURE.md, Sync protocol) and tells that user's pull when a patient
 * leaves their scope; on a shared workstation the chart's rows are one copy for everyone, so a purge
 * for one user must not take a chart another user of the device still has (their cursor has moved
 * on and the server would never send it again). HIPAA 164.514(d): what one user may not see is
 * filtered out at every host query instead (host/api/patient-access.ts).
 */
import { purgePatientRows, type PurgeSummary } from './resource-writes.ts';
import type { StoreDb } from './store-db.ts';

/** Records that `userId`'s pull brought these patients. Call inside the pull page's transaction. */
export function recordUserPatients(db: StoreDb, userId: string, patientIds: Iterable<string>): void {
  for (const p of new Set(patientIds)) db.run('INSERT INTO user_patients (user_id, patient_id) VALUES (?, ?) ON CONFLICT DO NOTHING', userId, p);
}

/**
 * A scope removal in `userId`'s pull: the patient leaves that user's list, and the chart's rows go
 * only when no other user of this workstation still has the patient. Call inside a transaction.
 */
export function purgeForUser(db: StoreDb, userId: string, patientId: string): PurgeSummary & { keptForOthers: boolean } {
  db.run('DELETE FROM user_patients WHERE user_id = ? AND patient_id = ?', userId, patientId);
  // This user's own per-patient state goes with their access, whoever else keeps the chart.
  db.run('DELETE FROM cds_suppressions WHERE user_id = ? AND patient_id = ?', userId, patientId);
  const others = db.get<{ n: number }>('SELECT count(*) AS n FROM user_patients WHERE patient_id = ?', patientId)?.n ?? 0;
  if (others > 0) return { resources: 0, keptPendingMutations: 0, keptForOthers: true };
  return { ...purgePatientRows(db, patientId), keptForOthers: false };
}

/** The users this workstation keeps the patient's chart for (tests, diagnostics). */
export const usersWithPatient = (db: StoreDb, patientId: string): string[] =>
  db.all<{ user_id: string }>('SELECT user_id FROM user_patients WHERE patient_id = ? ORDER BY user_id', patientId).map((r) => r.user_id);
