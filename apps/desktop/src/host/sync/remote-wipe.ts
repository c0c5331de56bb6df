/**
 * Remote wipe, carried out (HIPAA 164.310(d)(1) device and media controls; 164.312(a)(2)(iv)): the
 * administrator asked for this workstation's store to be purged. By the time this runs the sync loop
 * has pushed what it could and uploaded the local audit chain; what is left in the outbox are
 * clinical writes the server has not accepted yet, and they are the only PHI kept (a clinical write
 * is never silently lost). Everything else goes in one transaction: charts, search index, conflicts,
 * drafts, alert suppressions, offline credentials (so nobody signs in here offline), note-signing
 * keys and sync cursors. The device id, its key, the organisation's policy and the local audit chain stay: they hold no PHI and
 * the server needs them to hear the confirmation.
 */
import { purgePatientRows } from '../store/resource-writes.ts';
import { getState, setState } from '../store/sync-state.ts';
import type { StoreDb } from '../store/store-db.ts';
import { ORG_POLICY_KEY } from './org-policy.ts';

const WIPED_AT = 'wiped-at';
/** Tables whose every row goes (besides the per-patient rows purgePatientRows removes). */
const PURGED_TABLES = ['resources', 'conflicts', 'server_bases', 'user_patients', 'note_drafts', 'order_drafts', 'cds_suppressions', 'offline_credentials', 'signing_keys'] as const;

export interface WipeSummary {
  /** Charts whose rows were removed. */
  patients: number;
  /** Unsynced clinical writes kept (the outbox). */
  keptUnsynced: number;
}

/** Purges the store but for the outbox; idempotent (a repeated wipe finds nothing left). */
export function wipeStore(db: StoreDb, now: Date): WipeSummary {
  return db.write(() => {
    const patients = db.all<{ p: string }>('SELECT patient_id AS p FROM patients UNION SELECT DISTINCT patient_id FROM resources WHERE patient_id IS NOT NULL');
    for (const { p } of patients) purgePatientRows(db, p);
    for (const t of PURGED_TABLES) if (tableExists(db, t)) db.run(`DELETE FROM ${t}`);
    // The device id and the organisation's policy stay (no PHI); cursors go with the charts.
    db.run("DELETE FROM sync_state WHERE key NOT IN ('device-id', ?)", ORG_POLICY_KEY);
    setState(db, WIPED_AT, now.toISOString());
    const kept = db.get<{ n: number }>('SELECT count(*) AS n FROM outbox')?.n ?? 0;
    return { patients: patients.length, keptUnsynced: kept };
  });
}

/** When this workstation was wiped by its organisation, or null. */
export const wipedAt = (db: StoreDb): string | null => getState(db, WIPED_AT);

function tableExists(db: StoreDb, name: string): boolean {
  return db.get<{ n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?", name)?.n === 1;
}
