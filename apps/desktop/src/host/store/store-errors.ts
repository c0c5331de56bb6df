/**
 * Maps SQLite/SQLCipher failures to LanternError codes. SQLite messages carry no row data, but we
 * still replace them with fixed text so nothing from the file can reach a user or a log.
 */
import { LanternError, toLanternError } from '@lantern/core';

const sqliteCode = (e: unknown): string | null =>
  typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : null;

/** `opening`: during the first read a NOTADB means the key does not decrypt the file. */
export function toStoreError(e: unknown, opening = false): LanternError {
  if (e instanceof LanternError) return e;
  const code = sqliteCode(e) ?? '';
  if (code === 'SQLITE_NOTADB') {
    return opening
      ? new LanternError('STORE_KEY_INVALID', 'The key does not open the local store', { cause: e })
      : new LanternError('STORE_CORRUPT', 'The local store file is damaged', { cause: e });
  }
  if (code.startsWith('SQLITE_CORRUPT')) return new LanternError('STORE_CORRUPT', 'The local store file is damaged', { cause: e });
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return new LanternError('UNAVAILABLE', 'The local store is busy; try again', { cause: e });
  if (code === 'SQLITE_FULL') return new LanternError('UNAVAILABLE', 'The disk is full; the local store cannot save', { cause: e });
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN') return new LanternError('UNAVAILABLE', 'The local store cannot read or write its file', { cause: e });
  if (code.startsWith('SQLITE_READONLY')) return new LanternError('FORBIDDEN', 'The local store is open read-only', { cause: e });
  return toLanternError(e);
}
