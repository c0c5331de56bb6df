/**
 * Writing resources: server changes from a sync pull, and local edits (which also go to the
 * outbox in the same transaction, so an edit on screen always has a mutation waiting to be pushed).
 */
import type { Change, LanternResource, Mutation, ResourceJson } from '@lantern/core';
import { extractColumns, patientIdOf } from './extract-columns.ts';
import { LanternError } from '@lantern/core';
import { SEARCH_ROWID_SPREAD, patientSearchRow } from './search-tokens.ts';
import type { StoreDb } from './store-db.ts';
import { applyMergeLinks } from '../mpi/merge-on-pull.ts';

export interface UpsertSummary {
  applied: number;
  deleted: number;
  /** Older than or equal to what the store already holds (a replayed page). */
  stale: number;
  /** Resources with a local edit not yet pushed: the server's copy waits until the outbox drains. */
  keptLocal: number;
}

const UPSERT_SQL = `INSERT INTO resources (resource_type, id, patient_id, version, last_updated, status, code, label, category, effective,
  value_num, value_unit, value2_num, value2_unit, interpretation, ref_low, ref_high, author, pending, deleted, json)
VALUES (@resource_type, @id, @patient_id, @version, @last_updated, @status, @code, @label, @category, @effective,
  @value_num, @value_unit, @value2_num, @value2_unit, @interpretation, @ref_low, @ref_high, @author, @pending, @deleted, @json)
ON CONFLICT (id) DO UPDATE SET resource_type = excluded.resource_type, patient_id = excluded.patient_id, version = excluded.version,
  last_updated = excluded.last_updated, status = excluded.status, code = excluded.code, label = excluded.label, category = excluded.category,
  effective = excluded.effective, value_num = excluded.value_num, value_unit = excluded.value_unit, value2_num = excluded.value2_num,
  value2_unit = excluded.value2_unit, interpretation = excluded.interpretation, ref_low = excluded.ref_low, ref_high = excluded.ref_high,
  author = excluded.author, pending = excluded.pending, deleted = excluded.deleted, json = excluded.json`;

export interface RowMeta {
  patientId: string | null;
  version: string | null;
  lastUpdated: string | null;
  pending: boolean;
  deleted: boolean;
}

/** Writes one resource row (and, for a Patient, its search entry). Call inside a transaction. */
export function writeResourceRow(db: StoreDb, resource: LanternResource, meta: RowMeta): void {
  const id = resource.id ?? '';
  db.run(UPSERT_SQL, {
    resource_type: resource.resourceType,
    id,
    patient_id: meta.patientId ?? patientIdOf(resource),
    version: meta.version,
    last_updated: meta.lastUpdated,
    ...extractColumns(resource),
    pending: meta.pending ? 1 : 0,
    deleted: meta.deleted ? 1 : 0,
    json: JSON.stringify(resource),
  });
  if (resource.resourceType === 'Patient') {
    if (meta.deleted) removePatientSearch(db, id);
    else writePatientSearch(db, id, resource);
  }
}

function writePatientSearch(db: StoreDb, patientId: string, patient: Extract<LanternResource, { resourceType: 'Patient' }>): void {
  const row = patientSearchRow(patient);
  // The rowid encodes the name (search-tokens.ts), so a renamed patient moves to a new rowid.
  removePatientSearch(db, patientId);
  const low = row.nameKey * SEARCH_ROWID_SPREAD;
  const high = low + SEARCH_ROWID_SPREAD;
  const last = db.get<{ rid: number | null }>('SELECT max(rid) AS rid FROM patients WHERE rid >= ? AND rid < ?', low, high)?.rid ?? null;
  const rid = last === null ? low : last + 1;
  if (rid >= high) throw new LanternError('INTERNAL', 'Too many patients share one search name key');
  db.run('INSERT INTO patients (rid, patient_id, mrn, name, sort_name, birth_date, sex) VALUES (?, ?, ?, ?, ?, ?, ?)', rid, patientId, row.mrn, row.name, row.sortName, row.birthDate, row.sex);
  db.run('INSERT INTO patient_fts (rowid, tokens) VALUES (?, ?)', rid, row.tokens);
}

export function removePatientSearch(db: StoreDb, patientId: string): void {
  const old = db.get<{ rid: number }>('SELECT rid FROM patients WHERE patient_id = ?', patientId);
  if (old === undefined) return;
  db.run('DELETE FROM patient_fts WHERE rowid = ?', old.rid);
  db.run('DELETE FROM patients WHERE rid = ?', old.rid);
}

const versionNumber = (v: string | null): number => (v === null ? 0 : Number(v));

/** Applies validated server changes. Call inside a transaction. */
export function upsertChanges(db: StoreDb, changes: readonly { change: Change; resource: LanternResource | null }[]): UpsertSummary {
  const summary: UpsertSummary = { applied: 0, deleted: 0, stale: 0, keptLocal: 0 };
  for (const { change, resource } of changes) {
    const existing = db.get<{ version: string | null; pending: number }>('SELECT version, pending FROM resources WHERE id = ?', change.resourceId);
    if (existing !== undefined && existing.pending === 1) {
      summary.keptLocal += 1;
      continue;
    }
    if (existing !== undefined && versionNumber(existing.version) >= Number(change.version)) {
      summary.stale += 1;
      continue;
    }
    if (resource === null) {
      if (existing !== undefined) {
        db.run('DELETE FROM resources WHERE id = ?', change.resourceId);
        if (change.resourceType === 'Patient') removePatientSearch(db, change.resourceId);
      }
      summary.deleted += 1;
      continue;
    }
    const withMeta = { ...resource, meta: { ...resource.meta, versionId: change.version, lastUpdated: change.lastUpdated } } as LanternResource;
    writeResourceRow(db, withMeta, { patientId: change.patientId, version: change.version, lastUpdated: change.lastUpdated, pending: false, deleted: false });
    summary.applied += 1;
  }
  // Merges and unmerges of patient records re-point local copies (mpi/merge-on-pull.ts).
  applyMergeLinks(db, changes);
  return summary;
}

const UPSERT_BASE_SQL = 'INSERT INTO server_bases (resource_id, patient_id, version, json) VALUES (?, ?, ?, ?) ON CONFLICT (resource_id) DO UPDATE SET patient_id = excluded.patient_id, version = excluded.version, json = excluded.json';

/** Writes a local edit with its pending marker and appends it to the outbox. Call inside a transaction. */
export function writeLocalMutation(db: StoreDb, mutation: Mutation, resource: LanternResource | null): number {
  const existing = db.get<{ version: string | null; json: string; last_updated: string | null; pending: number }>('SELECT version, json, last_updated, pending FROM resources WHERE id = ?', mutation.resourceId);
  // The first unacknowledged edit keeps the server's copy it started from (none: made here), so a
  // write the server refuses can put that copy back (restoreServerBase).
  if (existing === undefined || existing.pending === 0) {
    if (existing === undefined || existing.version === null) {
      // A record the server never had keeps no row: "none" is what its absence says (readers take a
      // missing row as no server copy). A catch-up push's acks of new records then have nothing to
      // delete here; each such row was a random page of this table and of its index to re-encrypt.
      // (The delete only finds a row left over from before; it must not pass for the server's copy.)
      db.run('DELETE FROM server_bases WHERE resource_id = ?', mutation.resourceId);
    } else {
      db.run(UPSERT_BASE_SQL, mutation.resourceId, mutation.patientId, existing.version, existing.json);
    }
  }
  const meta: RowMeta = { patientId: mutation.patientId, version: existing?.version ?? null, lastUpdated: existing?.last_updated ?? null, pending: true, deleted: mutation.op === 'delete' };
  // A delete keeps the last known JSON (marked deleted) until the server confirms it.
  const row = resource ?? (existing === undefined ? null : (JSON.parse(existing.json) as LanternResource));
  if (row !== null) writeResourceRow(db, row, meta);
  const { lastInsertRowid } = db.run(
    'INSERT INTO outbox (mutation_id, patient_id, resource_type, resource_id, op, mutation, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    mutation.mutationId, mutation.patientId, mutation.resourceType, mutation.resourceId, mutation.op, JSON.stringify(mutation), mutation.createdAt,
  );
  return Number(lastInsertRowid);
}

export interface OutboxAck {
  mutationId: string;
  /** The server version the mutation produced (applied/merged). */
  version?: string;
  /** The merged resource the server returned, replacing the local copy. */
  resource?: ResourceJson;
}

/**
 * An edit the server stored exactly as sent: the row takes the server's version and is no longer
 * pending. `deleted` is matched, not set: an index holding a column named in SET is rewritten even
 * when the value stays, and `deleted` is in all three chart indexes (a row still marked deleted
 * takes the general path).
 */
const ACK_AS_SENT_SQL = "UPDATE resources SET version = ?, pending = 0, json = json_set(json, '$.meta.versionId', ?) WHERE id = ? AND deleted = 0";

/**
 * An acknowledged edit with later edits of the same record still queued: the server's copy kept to
 * fall back on (a refusal of those later edits, "take the server's" in the inbox) becomes the one
 * this answer names: the copy the server returned (merged, or its current one with a conflict), else
 * the edit as sent (stored as sent). Left as it was when the server named no version.
 */
function advanceServerBase(db: StoreDb, row: { resource_id: string; patient_id: string; op: string; mutation: string }, ack: OutboxAck, returned: LanternResource | null): void {
  if (ack.version === undefined) return;
  const resource = returned ?? (row.op === 'delete' ? null : ((JSON.parse(row.mutation) as Mutation).resource as LanternResource | null));
  const json = resource === null ? null : JSON.stringify({ ...resource, meta: { ...resource.meta, versionId: ack.version } });
  // A record made here has no row yet (writeLocalMutation): the server has it now, so it gets one.
  db.run(UPSERT_BASE_SQL, row.resource_id, row.patient_id, ack.version, json);
}

/** Removes acknowledged mutations; a resource with nothing left in the outbox stops being pending. */
export function ackMutations(db: StoreDb, acks: readonly OutboxAck[], resources: readonly (LanternResource | null)[]): number {
  let removed = 0;
  acks.forEach((ack, i) => {
    const row = db.get<{ resource_id: string; patient_id: string; op: string; mutation: string }>('SELECT resource_id, patient_id, op, mutation FROM outbox WHERE mutation_id = ?', ack.mutationId);
    if (row === undefined) return;
    db.run('DELETE FROM outbox WHERE mutation_id = ?', ack.mutationId);
    removed += 1;
    const left = db.get<{ n: number }>('SELECT count(*) AS n FROM outbox WHERE resource_id = ?', row.resource_id)?.n ?? 0;
    if (left > 0) {
      advanceServerBase(db, row, ack, resources[i] ?? null);
      return;
    }
    db.run('DELETE FROM server_bases WHERE resource_id = ?', row.resource_id);
    if (row.op === 'delete') {
      const res = db.get<{ resource_type: string }>('SELECT resource_type FROM resources WHERE id = ?', row.resource_id);
      db.run('DELETE FROM resources WHERE id = ?', row.resource_id);
      if (res?.resource_type === 'Patient') removePatientSearch(db, row.resource_id);
      return;
    }
    const merged = resources[i] ?? null;
    if (merged === null && ack.version !== undefined) {
      // Stored as sent: only the version changes. In SQL, so the row's indexed columns (unchanged) are not rewritten.
      const { changes } = db.run(ACK_AS_SENT_SQL, ack.version, ack.version, row.resource_id);
      if (changes > 0) return;
    }
    const current = db.get<{ json: string; patient_id: string | null; last_updated: string | null; version: string | null }>('SELECT json, patient_id, last_updated, version FROM resources WHERE id = ?', row.resource_id);
    if (current === undefined) return;
    const version = ack.version ?? current.version;
    const base = merged ?? (JSON.parse(current.json) as LanternResource);
    const resource = { ...base, meta: { ...base.meta, ...(version === null ? {} : { versionId: version }) } } as LanternResource;
    writeResourceRow(db, resource, { patientId: current.patient_id, version, lastUpdated: current.last_updated, pending: false, deleted: false });
  });
  return removed;
}

export interface PurgeSummary {
  resources: number;
  /** Unsent edits stay in the outbox (a clinical write is never silently dropped) until pushed;
   *  their chart rows are removed with the rest. */
  keptPendingMutations: number;
}

/** Removes a patient's PHI (scope removal from sync.pull). Call inside a transaction. */
export function purgePatientRows(db: StoreDb, patientId: string): PurgeSummary {
  const kept = db.get<{ n: number }>('SELECT count(*) AS n FROM outbox WHERE patient_id = ?', patientId)?.n ?? 0;
  const { changes } = db.run('DELETE FROM resources WHERE patient_id = ?', patientId);
  removePatientSearch(db, patientId);
  // The server recorded every conflict it reported, so the local copies can go with the chart.
  db.run('DELETE FROM conflicts WHERE patient_id = ?', patientId);
  // Alert-fatigue suppressions name the patient and go with the chart (migration 0004).
  db.run('DELETE FROM cds_suppressions WHERE patient_id = ?', patientId);
  // Unsigned draft orders name the patient too (migration 0008).
  db.run('DELETE FROM order_drafts WHERE patient_id = ?', patientId);
  db.run('DELETE FROM server_bases WHERE patient_id = ?', patientId);
  return { resources: changes, keptPendingMutations: kept };
}

/**
 * Puts the server's copy of a resource back on screen (it is no longer pending): a refused write
 * that nothing else in the outbox builds on, or "take the server's" in the conflicts inbox. `server`
 * given: that copy; otherwise the copy kept before the first local edit; a resource the server never
 * had is removed. Call inside a transaction. False when another queued edit still builds on the row.
 */
export function restoreServerCopy(db: StoreDb, resourceId: string, server?: LanternResource | null): boolean {
  const left = db.get<{ n: number }>('SELECT count(*) AS n FROM outbox WHERE resource_id = ?', resourceId)?.n ?? 0;
  if (left > 0) return false;
  const base = db.get<{ patient_id: string; version: string | null; json: string | null }>('SELECT patient_id, version, json FROM server_bases WHERE resource_id = ?', resourceId);
  db.run('DELETE FROM server_bases WHERE resource_id = ?', resourceId);
  const current = db.get<{ resource_type: string; patient_id: string | null; last_updated: string | null }>('SELECT resource_type, patient_id, last_updated FROM resources WHERE id = ?', resourceId);
  const copy = server !== undefined ? server : base?.json === null || base?.json === undefined ? null : (JSON.parse(base.json) as LanternResource);
  if (copy === null) {
    if (current === undefined) return true;
    db.run('DELETE FROM resources WHERE id = ?', resourceId);
    if (current.resource_type === 'Patient') removePatientSearch(db, resourceId);
    return true;
  }
  const version = copy.meta?.versionId ?? base?.version ?? null;
  writeResourceRow(db, copy, { patientId: current?.patient_id ?? base?.patient_id ?? null, version, lastUpdated: copy.meta?.lastUpdated ?? current?.last_updated ?? null, pending: false, deleted: false });
  return true;
}
