/**
 * Wraps the store key with the OS keychain through Electron's safeStorage (DPAPI, Keychain,
 * libsecret/kwallet): the key file on disk is useless without the logged-in OS user.
 * https://www.electronjs.org/docs/latest/api/safe-storage
 */
import { safeStorage } from 'electron';
import type { KeyWrapper } from '../host/store/key/wrapped-key-file.ts';
import { keychainStatusOf, type KeychainStatus } from './store-open.ts';

/** What the keychain offers on this machine; on Linux, whether safeStorage fell back to basic_text. */
export const keychainStatus = (): KeychainStatus => keychainStatusOf({
  encryptionAvailable: safeStorage.isEncryptionAvailable(),
  platform: process.platform,
  linuxBackend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null,
});

export const safeStorageWrapper: KeyWrapper = {
  name: 'electron-safeStorage',
  isAvailable: () => safeStorage.isEncryptionAvailable(),
  // safeStorage encrypts strings: the key travels as hex and never leaves the main process.
  wrap: (key) => Promise.resolve(new Uint8Array(safeStorage.encryptString(Buffer.from(key).toString('hex')))),
  unwrap: (wrapped) => Promise.resolve(new Uint8Array(Buffer.from(safeStorage.decryptString(Buffer.from(wrapped)), 'hex'))),
};
