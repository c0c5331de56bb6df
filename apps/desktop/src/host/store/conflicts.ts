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
});
export type ConflictRecord = z.infer<typeof ConflictRecordSchema>;

export interface StoredConflict extends ConflictRecord {
  resolvedAt: string | null;
  resolution: string | null;
}

interface ConflictRow {
  conflict_id: string; mutation_id: string; patient_id: string; resource_type: string; resource_id: string; fields: string;
  local_resource: string | null; server_resource: string | null; created_at: string; resolved_at: string | null; resolution: string | null;
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
});

/** Idempotent: the same conflict reported twice is stored once. */
export function putConflict(db: StoreDb, c: ConflictRecord): void {
  db.run(
    `INSERT INTO conflicts (conflict_id, mutation_id, patient_id, resource_type, resource_id, fields, local_resource, server_resource, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (conflict_id) DO NOTHING`,
    c.conflictId, c.mutationId, c.patientId, c.resourceType, c.resourceId, JSON.stringify(c.fields),
    c.localResource === null ? null : JSON.stringify(c.localResource), c.serverResource === null ? null : JSON.stringify(c.serverResource), c.createdAt,
  );
}

/** Open conflicts, oldest first; for one patient when given. */
export function listConflicts(db: StoreDb, patientId: string | null): StoredConflict[] {
  const rows = patientId === null
    ? db.all<ConflictRow>('SELECT * FROM conflicts WHERE resolved_at IS NULL ORDER BY created_at')
    : db.all<ConflictRow>('SELECT * FROM conflicts WHERE patient_id = ? AND resolved_at IS NULL ORDER BY created_at', patientId);
  return rows.map(toStored);
}

/** Marks a conflict resolved; false when there is no such open conflict. */
export function resolveConflict(db: StoreDb, conflictId: string, resolution: string, resolvedAt: string): boolean {
  return db.run('UPDATE conflicts SET resolved_at = ?, resolution = ? WHERE conflict_id = ? AND resolved_at IS NULL', resolvedAt, resolution, conflictId).changes === 1;
}
