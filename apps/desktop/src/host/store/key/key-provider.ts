/**
 * Where the store's 256-bit key comes from (ARCHITECTURE.md, Local store). In Electron the key is
 * wrapped by the OS keychain (safeStorage, src/main); outside it a 0600 key file or, in tests, an
 * explicit key. The key never reaches the renderer.
 */
import { randomBytes } from 'node:crypto';
import { LanternError, err, ok, type Result } from '@lantern/core';

export const KEY_BYTES = 32;

export interface KeyProvider {
  /** A short description for errors and logs (never the key). */
  readonly description: string;
  /** STORE_LOCKED when no key is available yet, STORE_KEY_INVALID when the key material is bad. */
  getKey(): Promise<Result<Uint8Array, LanternError>>;
  /**
   * A key rotation that was interrupted (the new key saved aside, the store maybe re-keyed):
   * opening tries this key when `getKey`'s does not open the store, then commits or discards it.
   */
  pendingRotation?(): Result<PendingRotation | null, LanternError>;
}

export interface PendingRotation {
  readonly key: Uint8Array;
  /** The store opened with the new key: make it the key. */
  commit(): void;
  /** The store still opens with the old key: the rotation never reached the store. */
  discard(): void;
}

export const randomKey = (): Uint8Array => new Uint8Array(randomBytes(KEY_BYTES));

export function checkKey(key: Uint8Array, where: string): Result<Uint8Array, LanternError> {
  if (key.length !== KEY_BYTES) return err(new LanternError('STORE_KEY_INVALID', `${where} must be a ${KEY_BYTES * 8}-bit key (${KEY_BYTES} bytes), got ${key.length} bytes`));
  return ok(key);
}

export const keyToHex = (key: Uint8Array): string => Buffer.from(key).toString('hex');

/** A raw key as SQLCipher's blob-literal key, `"x'<64 hex>'"`: no KDF, so opening is fast
 *  (https://www.zetetic.net/sqlcipher/sqlcipher-api/#key, "Raw key data"). */
export const keyToPragmaLiteral = (key: Uint8Array): string => `"x'${keyToHex(key)}'"`;

export function parseHexKey(text: string, where: string): Result<Uint8Array, LanternError> {
  const hex = text.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return err(new LanternError('STORE_KEY_INVALID', `${where} does not hold a 256-bit hex key`));
  return ok(new Uint8Array(Buffer.from(hex, 'hex')));
}

/** For tests and tools that already hold the key. */
export function explicitKeyProvider(key: Uint8Array): KeyProvider {
  const copy = new Uint8Array(key);
  return {
    description: 'explicit key',
    getKey: () => Promise.resolve(checkKey(copy, 'The explicit key')),
  };
}

/** A provider with no key: opening fails with STORE_LOCKED (e.g. before the user signs in). */
export const noKeyProvider: KeyProvider = {
  description: 'no key',
  getKey: () => Promise.resolve(err(new LanternError('STORE_LOCKED', 'The local store is locked: no key is available'))),
};
