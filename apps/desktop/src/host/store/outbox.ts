/** Reading the outbox: pending mutations in the order they were made, for sync.push. */
import type { Mutation } from '@lantern/core';
import type { StoreDb } from './store-db.ts';

export interface OutboxEntry {
  seq: number;
  mutation: Mutation;
}

export function peekOutbox(db: StoreDb, limit: number): OutboxEntry[] {
  return db
    .all<{ seq: number; mutation: string }>('SELECT seq, mutation FROM outbox ORDER BY seq LIMIT ?', limit)
    .map((r) => ({ seq: r.seq, mutation: JSON.parse(r.mutation) as Mutation }));
}

export const outboxSize = (db: StoreDb): number => db.get<{ n: number }>('SELECT count(*) AS n FROM outbox')?.n ?? 0;

/** One user's queued mutations (the ones pushed while that user is signed in). */
export const outboxSizeOf = (db: StoreDb, userId: string): number =>
  db.get<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE json_extract(mutation, '$.userId') = ?", userId)?.n ?? 0;

/**
 * The oldest pending mutations of one user (only the signed-in user's edits are pushed), read with
 * the limit in SQL: a queue of thousands is read a batch at a time, not whole for every batch.
 */
export function peekOutboxOf(db: StoreDb, userId: string, limit: number, after?: string): Mutation[] {
  const rows = after === undefined
    ? db.all<{ mutation: string }>("SELECT mutation FROM outbox WHERE json_extract(mutation, '$.userId') = ? ORDER BY seq LIMIT ?", userId, limit)
    : db.all<{ mutation: string }>(
      "SELECT mutation FROM outbox WHERE json_extract(mutation, '$.userId') = ? AND seq > coalesce((SELECT seq FROM outbox WHERE mutation_id = ?), -1) ORDER BY seq LIMIT ?",
      userId, after, limit,
    );
  return rows.map((r) => JSON.parse(r.mutation) as Mutation);
}

/** The queued mutations with these ids (the ones a push result names). */
export function outboxByIds(db: StoreDb, mutationIds: readonly string[]): Mutation[] {
  if (mutationIds.length === 0) return [];
  return db
    .all<{ mutation: string }>('SELECT mutation FROM outbox WHERE mutation_id IN (SELECT value FROM json_each(?))', JSON.stringify(mutationIds))
    .map((r) => JSON.parse(r.mutation) as Mutation);
}
