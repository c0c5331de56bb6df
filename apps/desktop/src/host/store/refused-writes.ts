/**
 * A write the server refused for good (`rejected` with a final code). Nothing is silently lost
 * (ARCHITECTURE.md, safety rule): the clinician's content goes to the conflicts inbox as "not
 * accepted by the server" with the server's reason, for its author to discard or redo; the outbox
 * entry goes (resending cannot help); and the screen shows the server's version again instead of a
 * phantom the server never accepted (restoreServerCopy).
 */
import type { Mutation, ResourceJson } from '@lantern/core';
import { putConflict, type ConflictRecord } from './conflicts.ts';
import { restoreServerCopy } from './resource-writes.ts';
import type { StoreDb } from './store-db.ts';

export interface Refusal {
  mutationId: string;
  /** The server's closed error code (FORBIDDEN, BAD_INPUT, ...). */
  code: string;
  /** The server's reason, shown to the clinician. */
  message: string;
  /** A fresh id for the inbox entry. */
  conflictId: string;
  createdAt: string;
}

/** Call inside a transaction. Returns false when the mutation is no longer in the outbox (a replay). */
export function recordRefusal(db: StoreDb, r: Refusal): boolean {
  const row = db.get<{ mutation: string }>('SELECT mutation FROM outbox WHERE mutation_id = ?', r.mutationId);
  if (row === undefined) return false;
  const m = JSON.parse(row.mutation) as Mutation;
  const base = db.get<{ json: string | null }>('SELECT json FROM server_bases WHERE resource_id = ?', m.resourceId);
  const conflict: ConflictRecord = {
    conflictId: r.conflictId as ConflictRecord['conflictId'], mutationId: m.mutationId, patientId: m.patientId, resourceType: m.resourceType, resourceId: m.resourceId,
    fields: [`rejected:${r.code}`], localResource: m.resource,
    // The server's copy the edit started from: "redo" is based on it, "discard" puts it back.
    serverResource: base?.json === null || base?.json === undefined ? null : (JSON.parse(base.json) as ResourceJson),
    createdAt: r.createdAt, userId: m.userId, reason: r.message.slice(0, 1000),
  };
  putConflict(db, conflict);
  db.run('DELETE FROM outbox WHERE mutation_id = ?', r.mutationId);
  restoreServerCopy(db, m.resourceId);
  return true;
}
