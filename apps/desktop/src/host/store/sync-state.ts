/** Sync cursors (an opaque server sequence per stream) and other small sync state. */
import type { StoreDb } from './store-db.ts';

export const PULL_CURSOR = 'pull';

export const getState = (db: StoreDb, key: string): string | null => db.get<{ value: string }>('SELECT value FROM sync_state WHERE key = ?', key)?.value ?? null;

export function setState(db: StoreDb, key: string, value: string): void {
  db.run('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', key, value);
}

export function deleteState(db: StoreDb, key: string): void {
  db.run('DELETE FROM sync_state WHERE key = ?', key);
}
