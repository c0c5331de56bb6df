/**
 * For `pnpm bench` only, never for charts: an UNENCRYPTED copy of a store, so the benchmark can
 * show what encryption costs by running the same queries on the same pages without SQLCipher.
 */
import { copyFileSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { err, ok, type LanternError, type Result } from '@lantern/core';
import { LocalStore, type ReadableStore } from './local-store.ts';
import { tune, unlock } from './open-store.ts';
import { StoreDb } from './store-db.ts';

/** Copies `src` to `dest` and decrypts the copy in place (`PRAGMA rekey = ''`). */
export function decryptedCopyForBenchmark(src: string, key: Uint8Array, dest: string): Result<void, LanternError> {
  for (const s of ['', '-wal', '-shm']) rmSync(dest + s, { force: true });
  copyFileSync(src, dest);
  const db = new Database(dest);
  try {
    const u = unlock(db, key);
    if (!u.ok) return err(u.error);
    db.pragma('journal_mode = DELETE');
    db.pragma(`rekey=''`);
    return ok(undefined);
  } finally {
    db.close();
  }
}

/** Opens a plaintext copy read-only with the same connection settings as the real store. */
export function openPlainStoreForBenchmark(path: string, cacheKiB = 65_536): ReadableStore {
  const raw = new Database(path, { readonly: true, fileMustExist: true });
  tune(raw, cacheKiB, false);
  return new LocalStore(new StoreDb(raw, true), () => new Date());
}
