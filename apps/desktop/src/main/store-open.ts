/**
 * Deciding how the Electron workstation opens its encrypted store, as pure functions (Electron cannot
 * run on the build machines, so what it would decide is tested here). Every failure is a value the
 * main process shows on screen (error-screen.ts) before any window content, and none of them writes
 * to the store file: a missing key never makes a new one over an existing store, and a wrong key or
 * a damaged file is found by a read-only open.
 */
import type { LanternError } from '@lantern/core';

/** What the OS keychain behind safeStorage offers. */
export type KeychainStatus =
  | { kind: 'available' }
  | { kind: 'unavailable' }
  /** Linux with no secret service: safeStorage falls back to a password built into Chromium. */
  | { kind: 'basic-text' };

/**
 * On Linux, safeStorage may pick its `basic_text` backend (no GNOME Keyring or KWallet): it still
 * "encrypts", with a password built into Chromium, so isEncryptionAvailable() alone says nothing.
 * https://www.electronjs.org/docs/latest/api/safe-storage#safestoragegetselectedstoragebackend-linux
 */
export function keychainStatusOf(s: { encryptionAvailable: boolean; platform: string; linuxBackend: string | null }): KeychainStatus {
  if (!s.encryptionAvailable) return { kind: 'unavailable' };
  if (s.platform === 'linux' && (s.linuxBackend === 'basic_text' || s.linuxBackend === 'unknown')) return { kind: 'basic-text' };
  return { kind: 'available' };
}

export type StoreOpenFailure =
  | { kind: 'keychain-unavailable' }
  | { kind: 'keychain-insecure' }
  | { kind: 'missing-key' }
  | { kind: 'wrong-key' }
  | { kind: 'corrupt' }
  | { kind: 'unavailable'; message: string };

export type StoreOpenPlan =
  /** Nothing on disk yet: make a key, wrap it, create the store. */
  | { kind: 'first-run' }
  /** Unwrap the key and open the store that is there (or create it beside a key that exists). */
  | { kind: 'open'; probe: boolean }
  | { kind: 'refuse'; failure: StoreOpenFailure };

export interface StoreOpenFacts {
  storeExists: boolean;
  keyFileExists: boolean;
  keychain: KeychainStatus;
  /** IT's choice (main/env.ts) to accept the basic_text fallback on Linux. */
  allowBasicText: boolean;
}

export function planStoreOpen(f: StoreOpenFacts): StoreOpenPlan {
  switch (f.keychain.kind) {
    case 'unavailable':
      return { kind: 'refuse', failure: { kind: 'keychain-unavailable' } };
    case 'basic-text':
      if (!f.allowBasicText) return { kind: 'refuse', failure: { kind: 'keychain-insecure' } };
      break;
    case 'available':
      break;
  }
  if (f.storeExists && !f.keyFileExists) return { kind: 'refuse', failure: { kind: 'missing-key' } };
  if (!f.storeExists && !f.keyFileExists) return { kind: 'first-run' };
  return { kind: 'open', probe: f.storeExists };
}

/** A store or key error as what the clinician and IT are told. */
export function failureOf(e: LanternError): StoreOpenFailure {
  switch (e.code) {
    case 'STORE_KEY_INVALID':
      return { kind: 'wrong-key' };
    case 'STORE_CORRUPT':
      return { kind: 'corrupt' };
    case 'STORE_LOCKED':
      return { kind: 'missing-key' };
    default:
      return { kind: 'unavailable', message: e.message };
  }
}
