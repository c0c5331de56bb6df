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
