import { describe, expect, it } from 'vitest';
import { LanternError } from '@lantern/core';
import { failureOf, keychainStatusOf, planStoreOpen, type StoreOpenFacts } from './store-open.ts';

const facts = (f: Partial<StoreOpenFacts>): StoreOpenFacts => ({ storeExists: true, keyFileExists: true, keychain: { kind: 'available' }, allowBasicText: false, ...f });

describe('planStoreOpen', () => {
  it('first run makes a key only when neither the store nor a key is there', () => {
    expect(planStoreOpen(facts({ storeExists: false, keyFileExists: false }))).toEqual({ kind: 'first-run' });
    expect(planStoreOpen(facts({}))).toEqual({ kind: 'open', probe: true });
    expect(planStoreOpen(facts({ storeExists: false }))).toEqual({ kind: 'open', probe: false });
  });

  it('a store whose key file is gone is refused: a new key would never open it', () => {
    expect(planStoreOpen(facts({ keyFileExists: false }))).toEqual({ kind: 'refuse', failure: { kind: 'missing-key' } });
  });

  it('no keychain, or Linux basic_text without IT allowing it, is refused before any key is read', () => {
    expect(planStoreOpen(facts({ keychain: { kind: 'unavailable' } }))).toEqual({ kind: 'refuse', failure: { kind: 'keychain-unavailable' } });
    expect(planStoreOpen(facts({ keychain: { kind: 'basic-text' } }))).toEqual({ kind: 'refuse', failure: { kind: 'keychain-insecure' } });
    expect(planStoreOpen(facts({ keychain: { kind: 'basic-text' }, allowBasicText: true }))).toEqual({ kind: 'open', probe: true });
  });
});

describe('keychainStatusOf', () => {
  it("on Linux, safeStorage's basic_text fallback (or an unknown backend) is not a keychain", () => {
    expect(keychainStatusOf({ encryptionAvailable: true, platform: 'linux', linuxBackend: 'basic_text' })).toEqual({ kind: 'basic-text' });
    expect(keychainStatusOf({ encryptionAvailable: true, platform: 'linux', linuxBackend: 'unknown' })).toEqual({ kind: 'basic-text' });
    expect(keychainStatusOf({ encryptionAvailable: true, platform: 'linux', linuxBackend: 'gnome_libsecret' })).toEqual({ kind: 'available' });
    expect(keychainStatusOf({ encryptionAvailable: true, platform: 'win32', linuxBackend: null })).toEqual({ kind: 'available' });
    expect(keychainStatusOf({ encryptionAvailable: false, platform: 'darwin', linuxBackend: null })).toEqual({ kind: 'unavailable' });
  });
});

describe('failureOf', () => {
  it('maps the store errors to the screen to show', () => {
    expect(failureOf(new LanternError('STORE_KEY_INVALID', 'x'))).toEqual({ kind: 'wrong-key' });
    expect(failureOf(new LanternError('STORE_CORRUPT', 'x'))).toEqual({ kind: 'corrupt' });
    expect(failureOf(new LanternError('STORE_LOCKED', 'x'))).toEqual({ kind: 'missing-key' });
    expect(failureOf(new LanternError('UNAVAILABLE', 'The disk is full'))).toEqual({ kind: 'unavailable', message: 'The disk is full' });
  });
});
