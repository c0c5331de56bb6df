/** Conflicts the server reported on push, kept until a clinician resolves them. */
import { z } from 'zod';
import { ConflictIdSchema, MutationIdSchema, PatientIdSchema, ResourceIdSchema, ResourceJsonSchema, ResourceTypeSchema, type ResourceJson } from '@lantern/core';
import type { StoreDb } from './store-db.ts';

export const ConflictRecordSchema = z.object({
  conflictId: ConflictIdSchema,
  mutationId: MutationIdSchema,
  patientId: PatientIdSchema,
  resourceType: ResourceTypeSchema,
  resourceId: ResourceIdSchema,
  fields: z.array(z.string().max(256)).max(500),
  localResource: ResourceJsonSchema.nullable(),
  serverResource: ResourceJsonSchema.nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  /** The author of the write: only they see and decide it (null: kept from before per-user conflicts). */
  userId: z.string().min(1).max(200).nullable().optional(),
  /** For a write the server refused: its reason, as the server worded it (no PHI: codes and field names). */
  reason: z.string().max(1000).nullable().optional(),
});
export type ConflictRecord = z.infer<typeof ConflictRecordSchema>;

export interface StoredConflict extends ConflictRecord {
  resolvedAt: string | null;
  resolution: string | null;
}

interface ConflictRow {
  conflict_id: string; mutation_id: string; patient_id: string; resource_type: string; resource_id: string; fields: string;
  local_resource: string | null; server_resource: string | null; created_at: string; resolved_at: string | null; resolution: string | null;
  user_id: string | null; reason: string | null;
}

const parseJson = (s: string | null): ResourceJson | null => (s === null ? null : (JSON.parse(s) as ResourceJson));

const toStored = (r: ConflictRow): StoredConflict => ({
  conflictId: r.conflict_id as StoredConflict['conflictId'],
  mutationId: r.mutation_id as StoredConflict['mutationId'],
  patientId: r.patient_id as StoredConflict['patientId'],
  resourceType: r.resource_type,
  resourceId: r.resource_id as StoredConflict['resourceId'],
  fields: JSON.parse(r.fields) as string[],
  localResource: parseJson(r.local_resource),
  serverResource: parseJson(r.server_resource),
  createdAt: r.created_at,
  resolvedAt: r.resolved_at,
  resolution: r.resolution,
  userId: r.user_id,
  reason: r.reason,
});

/** Idempotent: the same conflict reported twice is stored once. */
export function putConflict(db: StoreDb, c: ConflictRecord): void {
  db.run(
    `INSERT INTO conflicts (conflict_id, mutation_id, patient_id, resource_type, resource_id, fields, local_resource, server_resource, created_at, user_id, reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (conflict_id) DO NOTHING`,
    c.conflictId, c.mutationId, c.patientId, c.resourceType, c.resourceId, JSON.stringify(c.fields),
    c.localResource === null ? null : JSON.stringify(c.localResource), c.serverResource === null ? null : JSON.stringify(c.serverResource), c.createdAt,
    c.userId ?? null, c.reason ?? null,
  );
}

/** Open conflicts, oldest first; for one patient when given. */
export function listConflicts(db: StoreDb, patientId: string | null): StoredConflict[] {
  const rows = patientId === null
    ? db.all<ConflictRow>('SELECT * FROM conflicts WHERE resolved_at IS NULL ORDER BY created_at')
    : db.all<ConflictRow>('SELECT * FROM conflicts WHERE patient_id = ? AND resolved_at IS NULL ORDER BY created_at', patientId);
  return rows.map(toStored);
}

/** The open conflicts `userId` authored (and unattributed older ones), oldest first; one patient's when given. */
export function listConflictsOf(db: StoreDb, userId: string, patientId: string | null): StoredConflict[] {
  const rows = patientId === null
    ? db.all<ConflictRow>('SELECT * FROM conflicts WHERE resolved_at IS NULL AND (user_id = ? OR user_id IS NULL) ORDER BY created_at', userId)
    : db.all<ConflictRow>('SELECT * FROM conflicts WHERE patient_id = ? AND resolved_at IS NULL AND (user_id = ? OR user_id IS NULL) ORDER BY created_at', patientId, userId);
  return rows.map(toStored);
}

/** A refused write's conflict id is made here; a conflict's is the server's, which must hear the decision. */
export const isRefusal = (c: Pick<StoredConflict, 'fields'>): boolean => c.fields.some((f) => f.startsWith('rejected:'));

/**
 * Marks a conflict resolved; false when there is no such open conflict. A conflict the server
 * recorded is also queued to be closed there (sync.resolveConflict) by the sync loop.
 */
export function resolveConflict(db: StoreDb, conflictId: string, resolution: string, resolvedAt: string): boolean {
  const row = db.get<{ fields: string }>('SELECT fields FROM conflicts WHERE conflict_id = ? AND resolved_at IS NULL', conflictId);
  if (row === undefined) return false;
  const closeOnServer = isRefusal({ fields: JSON.parse(row.fields) as string[] }) ? 0 : 1;
  return db.run('UPDATE conflicts SET resolved_at = ?, resolution = ?, close_on_server = ? WHERE conflict_id = ? AND resolved_at IS NULL', resolvedAt, resolution, closeOnServer, conflictId).changes === 1;
}

/** Resolved here, not yet closed on the server: `userId`'s own (the server closes only its caller's). */
export const conflictsToCloseOnServer = (db: StoreDb, userId: string, limit: number): string[] =>
  db.all<{ conflict_id: string }>('SELECT conflict_id FROM conflicts WHERE close_on_server = 1 AND (user_id = ? OR user_id IS NULL) ORDER BY resolved_at LIMIT ?', userId, limit).map((r) => r.conflict_id);

export function markClosedOnServer(db: StoreDb, conflictId: string): void {
  db.run('UPDATE conflicts SET close_on_server = 0 WHERE conflict_id = ?', conflictId);
}
