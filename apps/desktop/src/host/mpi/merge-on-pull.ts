/**
 * What a workstation does when a merge or an unmerge arrives by pull (the server's Patient versions
 * carry FHIR R4 Patient.link). On a merge (a Patient now inactive and `replaced-by` another): the
 * retired record leaves the finder (one chart), and everything still local to it is re-pointed to
 * the survivor: pending edits and their outbox mutations, note drafts, order draft baskets, and
 * the registration's own provisional record's resources. The server's moved versions arrive in the
 * same pull, so CDS on the survivor reads the union of allergies and medications at once. On an
 * unmerge (a survivor that no longer `replaces` a record): resources still tagged as moved from
 * that record are dropped here; the retired record's own copies come back with its scope.
 * Runs inside the pull's write transaction, after the changes are applied.
 */
import type { Change, LanternResource, Mutation, Patient } from '@lantern/core';
import { MERGED_FROM_SYSTEM, mergedFrom, mergedInto, repointReferences } from '@lantern/core/mpi';
import type { StoreDb } from '../store/store-db.ts';

export interface MergeSummary {
  retired: number;
  repointed: number;
  dropped: number;
}

const replaces = (p: Patient): Set<string> =>
  new Set((p.link ?? []).filter((l) => l.type === 'replaces').map((l) => l.other?.reference?.replace(/^Patient\//, '') ?? ''));

/** Re-points every local copy that belongs to `from` to `to`. Returns how many rows moved. */
export function repointLocal(db: StoreDb, from: string, to: string): number {
  let n = 0;
  for (const row of db.all<{ id: string; json: string }>("SELECT id, json FROM resources WHERE patient_id = ? AND resource_type <> 'Patient'", from)) {
    db.run('UPDATE resources SET patient_id = ?, json = ? WHERE id = ?', to, JSON.stringify(repointReferences(JSON.parse(row.json) as unknown, from, to)), row.id);
    n += 1;
  }
  for (const row of db.all<{ seq: number; mutation: string }>("SELECT seq, mutation FROM outbox WHERE patient_id = ? AND resource_type <> 'Patient'", from)) {
    const m = JSON.parse(row.mutation) as Mutation;
    const moved = { ...repointReferences(m, from, to), patientId: to };
    db.run('UPDATE outbox SET patient_id = ?, mutation = ? WHERE seq = ?', to, JSON.stringify(moved), row.seq);
    n += 1;
  }
  n += db.run('UPDATE note_drafts SET patient_id = ? WHERE patient_id = ?', to, from).changes;
  for (const row of db.all<{ user_id: string; body: string }>('SELECT user_id, body FROM order_drafts WHERE patient_id = ?', from)) {
    const moved = repointReferences(JSON.parse(row.body) as { drafts?: unknown[] }, from, to);
    const there = db.get<{ body: string }>('SELECT body FROM order_drafts WHERE user_id = ? AND patient_id = ?', row.user_id, to);
    // A basket on both records becomes one basket: no unsigned order is lost.
    const drafts = [...((there === undefined ? {} : (JSON.parse(there.body) as { drafts?: unknown[] })).drafts ?? []), ...(moved.drafts ?? [])];
    db.run('DELETE FROM order_drafts WHERE user_id = ? AND patient_id = ?', row.user_id, from);
    db.run(
      `INSERT INTO order_drafts (user_id, patient_id, body, revision, saved_at) VALUES (?, ?, ?, 1, datetime('now'))
       ON CONFLICT (user_id, patient_id) DO UPDATE SET body = excluded.body, revision = order_drafts.revision + 1`,
      row.user_id, to, JSON.stringify({ ...moved, drafts }),
    );
    n += 1;
  }
  return n;
}

/** Applies the merges and unmerges that `changes` carry. Call inside the pull's transaction. */
export function applyMergeLinks(db: StoreDb, changes: readonly { change: Change; resource: LanternResource | null }[]): MergeSummary {
  const summary: MergeSummary = { retired: 0, repointed: 0, dropped: 0 };
  for (const { resource } of changes) {
    if (resource?.resourceType !== 'Patient' || resource.id === undefined) continue;
    const survivor = mergedInto(resource);
    if (survivor !== null) {
      // Out of the finder (store/resource-writes.ts removePatientSearch; inlined: that module calls this one).
      const old = db.get<{ rid: number }>('SELECT rid FROM patients WHERE patient_id = ?', resource.id);
      if (old !== undefined) {
        db.run('DELETE FROM patient_fts WHERE rowid = ?', old.rid);
        db.run('DELETE FROM patients WHERE rid = ?', old.rid);
      }
      summary.retired += 1;
      summary.repointed += repointLocal(db, resource.id, survivor);
      continue;
    }
    // An unmerge: copies still tagged as moved from a record this one no longer replaces are stale.
    const still = replaces(resource);
    // Only rows carrying the merged-from tag can be stale: the rest of the chart is not parsed (a first sync brings every Patient).
    for (const row of db.all<{ id: string; json: string; pending: number }>("SELECT id, json, pending FROM resources WHERE patient_id = ? AND resource_type <> 'Patient' AND instr(json, ?) > 0", resource.id, MERGED_FROM_SYSTEM)) {
      const from = mergedFrom(JSON.parse(row.json) as LanternResource);
      if (from === null || still.has(from) || row.pending === 1) continue;
      db.run('DELETE FROM resources WHERE id = ?', row.id);
      summary.dropped += 1;
    }
  }
  return summary;
}
