/** The notes list, read entirely from the covering index `notes_by_patient`: a note's text is never loaded to list it. */
import type { NoteListItem } from '@lantern/core';
import type { StoreDb } from '../store-db.ts';

// Whether a note awaits the server comes from the small partial index of pending rows (read once per
// list, as a set of rowids), not from `notes_by_patient`: an acknowledged edit would move its entry
// there (migration 0009).
const NOTES_SQL = `SELECT id, resource_type, label, effective, author, status,
    rid IN (SELECT rid FROM resources WHERE patient_id = @patientId AND pending = 1) AS pending FROM resources
  WHERE patient_id = @patientId AND resource_type IN ('DocumentReference', 'Composition') AND deleted = 0
  AND (status IS NULL OR status <> 'entered-in-error') ORDER BY effective DESC LIMIT @limit`;

interface NoteRow {
  id: string;
  resource_type: 'DocumentReference' | 'Composition';
  label: string | null;
  effective: string | null;
  author: string | null;
  status: string | null;
  pending: number;
}

export function notesList(db: StoreDb, patientId: string, limit = 1000): NoteListItem[] {
  return db.all<NoteRow>(NOTES_SQL, { patientId, limit }).map((r) => ({
    id: r.id,
    resourceType: r.resource_type,
    title: r.label ?? 'Note',
    date: r.effective ?? '',
    author: r.author ?? '',
    status: r.status ?? '',
    pendingSync: r.pending === 1,
  }));
}
