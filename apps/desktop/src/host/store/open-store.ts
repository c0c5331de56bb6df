/**
 * Opening the encrypted local store (ARCHITECTURE.md, Local store). SQLCipher 4 format through
 * SQLite3 Multiple Ciphers (`cipher=sqlcipher`, `legacy=4`,
 * https://utelle.github.io/SQLite3MultipleCiphers/docs/ciphers/cipher_sqlcipher/) so a stock
 * SQLCipher 4 opens the file with the same key.
 *
 * A wrong key or a locked key provider returns a typed error and never writes to the file: the key
 * is checked with a read of the schema before anything (WAL setup, migrations) may write.
 */
import { closeSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { LanternError, err, ok, type Result } from '@lantern/core';
import { keyToPragmaLiteral, type KeyProvider } from './key/key-provider.ts';
import { migrate } from './migrate.ts';
import { StoreDb } from './store-db.ts';
import { toStoreError } from './store-errors.ts';
import { LocalStore, type ReadableStore, type WritableStore } from './local-store.ts';

export interface OpenStoreOptions {
  path: string;
  keyProvider: KeyProvider;
  /** Wall clock for "as of" dates (ages); injected so tests are deterministic. */
  now?: () => Date;
  /** Page cache per connection, KiB. A whole heavy chart fits in the default (64 MiB). */
  cacheKiB?: number;
}

const SQLITE_PLAIN_HEADER = 'SQLite format 3\0';
/** SQLCipher 4's page size (https://www.zetetic.net/sqlcipher/sqlcipher-api/#cipher_page_size). */
export const PAGE_SIZE = 4096;

type FileState = { kind: 'missing' } | { kind: 'empty' } | { kind: 'present' };

/** Catches files that cannot be a SQLCipher store before any key is tried on them. */
function inspectFile(path: string): Result<FileState, LanternError> {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) return err(new LanternError('STORE_CORRUPT', 'The local store path is not a file'));
    size = st.size;
  } catch {
    return ok({ kind: 'missing' });
  }
  if (size === 0) return ok({ kind: 'empty' });
  const head = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  // A plaintext SQLite header means the file was never encrypted (or was replaced): refuse it.
  if (head.toString('latin1') === SQLITE_PLAIN_HEADER) return err(new LanternError('STORE_CORRUPT', 'The local store file is not encrypted; refusing to use it'));
  // Every SQLCipher file is whole pages; anything else was truncated or is not a store at all.
  if (size % PAGE_SIZE !== 0) return err(new LanternError('STORE_CORRUPT', 'The local store file is damaged (truncated)'));
  return ok({ kind: 'present' });
}

/** Applies the cipher settings and key, then proves the key by reading the schema. */
export function unlock(db: Database.Database, key: Uint8Array): Result<void, LanternError> {
  try {
    db.pragma(`cipher='sqlcipher'`);
    db.pragma('legacy=4');
    db.pragma(`key=${keyToPragmaLiteral(key)}`);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return ok(undefined);
  } catch (e) {
    return err(toStoreError(e, true));
  }
}

/** Connection settings shared by encrypted and (benchmark-only) plain connections. */
export function tune(db: Database.Database, cacheKiB: number, writable: boolean): void {
  if (writable) {
    db.pragma('journal_mode = WAL');
    // WAL + synchronous=FULL: a commit returns only after its WAL frames are fsync'd. NORMAL would
    // survive a killed process (the frames are already in the OS page cache) but can lose the last
    // commits on power loss or an OS crash; a bedside PC can lose power, and "saved" must mean
    // saved. The cost is one fsync per transaction, and sync pulls write a page per transaction.
    db.pragma('synchronous = FULL');
    // A checkpoint copies every page the WAL holds back into the file, decrypting and re-encrypting
    // each (about 27 us a page here). At SQLite's default of 1,000 pages a catch-up push's acks (about
    // 1,700 pages a batch of 500) checkpointed on every batch and spent half their CPU on it (92 ms
    // a batch; 61 ms at 10,000). Pages rewritten batch after batch are copied once per checkpoint,
    // not once per batch; the WAL stays under about 40 MB and is truncated on close and backup.
    db.pragma('wal_autocheckpoint = 10000');
  }
  db.pragma(`cache_size = -${cacheKiB}`);
  db.pragma('temp_store = MEMORY');
  db.pragma('foreign_keys = ON');
}

function connect(path: string, key: Uint8Array, readonly: boolean): Result<Database.Database, LanternError> {
  let raw: Database.Database;
  try {
    raw = new Database(path, { readonly, fileMustExist: readonly });
  } catch (e) {
    return err(toStoreError(e, true));
  }
  const unlocked = unlock(raw, key);
  if (!unlocked.ok) {
    raw.close();
    return unlocked;
  }
  return ok(raw);
}

async function openWith(options: OpenStoreOptions, readonly: boolean): Promise<Result<LocalStore, LanternError>> {
  const file = inspectFile(options.path);
  if (!file.ok) return file;
  if (readonly && file.value.kind !== 'present') return err(new LanternError('NOT_FOUND', 'There is no local store to open read-only'));
  const key = await options.keyProvider.getKey();
  if (!key.ok) return key;
  // Encrypted or not, the chart file is this user's alone; SQLite gives -wal/-shm the same mode.
  if (file.value.kind === 'missing') {
    try {
      writeFileSync(options.path, '', { flag: 'wx', mode: 0o600 });
    } catch {
      // Created by someone else meanwhile, or not creatable: the open below reports it.
    }
  }
  const pending = options.keyProvider.pendingRotation?.() ?? ok(null);
  if (!pending.ok) return pending;
  let opened = connect(options.path, key.value, readonly);
  if (opened.ok) {
    pending.value?.discard();
  } else if (opened.error.code === 'STORE_KEY_INVALID' && pending.value !== null) {
    // An interrupted rotation re-keyed the store but did not get to replace the key file.
    opened = connect(options.path, pending.value.key, readonly);
    if (opened.ok) pending.value.commit();
  }
  if (!opened.ok) return opened;
  const raw = opened.value;
  try {
    tune(raw, options.cacheKiB ?? 65_536, !readonly);
    if (!readonly) {
      const migrated = migrate(raw);
      if (!migrated.ok) {
        raw.close();
        return migrated;
      }
    }
  } catch (e) {
    raw.close();
    return err(toStoreError(e));
  }
  return ok(new LocalStore(new StoreDb(raw, readonly), options.now ?? (() => new Date())));
}

/** Opens (creating on first use) the store for reading and writing. */
export const openStore = (options: OpenStoreOptions): Promise<Result<WritableStore, LanternError>> => openWith(options, false);

/** Opens an existing store through a read-only connection: the handle has no write methods, and
 *  SQLite itself refuses writes on it (CONVENTIONS.md #7). */
export const openReadonlyStore = (options: OpenStoreOptions): Promise<Result<ReadableStore, LanternError>> => openWith(options, true);
