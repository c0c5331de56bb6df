/** Tests and the draft-typist child reach the connection through LocalStore until the store exposes drafts itself. */
import { LocalStore, type WritableStore } from '../../store/local-store.ts';
import type { StoreDb } from '../../store/store-db.ts';

export function storeDbOf(store: WritableStore): StoreDb {
  if (!(store instanceof LocalStore)) throw new Error('expected an in-process LocalStore');
  return store.db;
}
