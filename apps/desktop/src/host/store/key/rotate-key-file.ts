/**
 * Key rotation for a store whose key lives in a key file. Order matters so that no crash can
 * leave the store encrypted under a key nobody has:
 *   1. the new key is written durably beside the old one (`<keyfile>.next`, 0600);
 *   2. the store is re-keyed (one transaction: after a crash it is wholly old-key or new-key);
 *   3. `<keyfile>.next` is renamed over the key file.
 * If a crash interrupts this, the next open tries the old key, then the `.next` key, and finishes
 * or abandons the rotation (open-store.ts, `pendingRotation`).
 */
import { LanternError, err, ok, type Result } from '@lantern/core';
import type { WritableStore } from '../local-store.ts';
import { keyToHex, randomKey } from './key-provider.ts';
import { commitNextKey, nextKeyPath, writeSecretFile } from './key-file.ts';

export function rotateStoreKeyFile(store: WritableStore, keyFilePath: string, newKey: Uint8Array = randomKey()): Result<void, LanternError> {
  try {
    writeSecretFile(nextKeyPath(keyFilePath), `${keyToHex(newKey)}\n`, false);
  } catch (e) {
    return err(new LanternError('UNAVAILABLE', 'The new key file cannot be written; the key was not rotated', { cause: e }));
  }
  const rekeyed = store.rekey(newKey);
  if (!rekeyed.ok) return rekeyed;
  commitNextKey(keyFilePath);
  return ok(undefined);
}
