import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unwrap } from '@lantern/core';
import { removeTempDirs, tempDir } from '../testing/temp-dir.ts';
import { WrappedKeyFileSchema, wrappedKeyFileProvider, type KeyWrapper } from './wrapped-key-file.ts';

afterAll(removeTempDirs);

/** Stands in for Electron safeStorage (which cannot run here): a reversible transform. */
const fakeKeychain = (name = 'test-keychain', available = true): KeyWrapper => ({
  name,
  isAvailable: () => available,
  wrap: (k) => Promise.resolve(new Uint8Array([0x4c, ...k.map((b) => b ^ 0xa5)])),
  unwrap: (w) => {
    if (w[0] !== 0x4c) return Promise.reject(new Error('not ours'));
    return Promise.resolve(w.slice(1).map((b) => b ^ 0xa5));
  },
});

describe('wrapped key file', () => {
  it('creates a 0600 lantern-wrapped-key v1 file whose key never appears in it', async () => {
    const path = join(tempDir(), 'store.key.json');
    const provider = wrappedKeyFileProvider({ path, wrapper: fakeKeychain(), createIfMissing: true });
    const key = unwrap(await provider.getKey());
    const text = readFileSync(path, 'utf8');
    expect(WrappedKeyFileSchema.parse(JSON.parse(text))).toMatchObject({ format: 'lantern-wrapped-key', version: 1, wrapper: 'test-keychain' });
    expect(text).not.toContain(Buffer.from(key).toString('base64'));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(unwrap(await provider.getKey())).toEqual(key);
  });

  it('stays locked without the keychain, and refuses another wrapper or loose permissions', async () => {
    const path = join(tempDir(), 'store.key.json');
    unwrap(await wrappedKeyFileProvider({ path, wrapper: fakeKeychain(), createIfMissing: true }).getKey());
    const code = async (w: KeyWrapper): Promise<string> => {
      const r = await wrappedKeyFileProvider({ path, wrapper: w }).getKey();
      return r.ok ? 'ok' : r.error.code;
    };
    expect(await code(fakeKeychain('test-keychain', false))).toBe('STORE_LOCKED');
    expect(await code(fakeKeychain('other-keychain'))).toBe('STORE_KEY_INVALID');
    chmodSync(path, 0o640);
    expect(await code(fakeKeychain())).toBe('STORE_KEY_INVALID');
    chmodSync(path, 0o600);
    writeFileSync(path, '{"format":"lantern-wrapped-key","version":2}');
    expect(await code(fakeKeychain())).toBe('STORE_KEY_INVALID');
    expect(await code(fakeKeychain())).not.toBe('ok');
  });

  it('a missing file without createIfMissing is STORE_LOCKED', async () => {
    const r = await wrappedKeyFileProvider({ path: join(tempDir(), 'absent.json'), wrapper: fakeKeychain() }).getKey();
    expect(r.ok ? 'ok' : r.error.code).toBe('STORE_LOCKED');
  });
});
