/** The sync loop's pushes register the user's note-signing key before any Provenance signed with it. */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unwrap, type Mutation, type PushOutput } from '@lantern/core';
import { openStore } from '../store/open-store.ts';
import { keyFileProvider } from '../store/key/key-file.ts';
import { removeTempDirs, tempDir } from '../store/testing/temp-dir.ts';
import type { ServerApi } from '../sync/server-api.ts';
import { SigningKeys, withSigningKeyRegistration } from './signing-keys.ts';
import { storeDbOf } from './testing/store-db-of.ts';

afterAll(removeTempDirs);

const mutationOf = (resourceType: string): Mutation => ({ resourceType, userId: 'u-1' }) as unknown as Mutation;

describe('signing key registration on push', () => {
  it('registers the pushing user\'s keys once, before the first push carrying a Provenance', async () => {
    const dir = tempDir('lantern-keyreg-');
    const store = unwrap(await openStore({ path: join(dir, 's.db'), keyProvider: keyFileProvider({ path: join(dir, 's.key'), createIfMissing: true }) }));
    const keys = new SigningKeys(storeDbOf(store));
    const { publicKey } = unwrap(keys.signerFor('u-1', 'correct horse', new Date()));
    const calls: string[] = [];
    const fake = {
      baseUrl: 'http://127.0.0.1:1',
      push: (_t: string, input: { mutations: Mutation[] }) => {
        calls.push(`push:${input.mutations.map((m) => m.resourceType).join(',')}`);
        return Promise.resolve({ results: [] } as unknown as PushOutput);
      },
      registerSigningKey: (_t: string, k: { keyId: string; spki: string }) => {
        calls.push(`register:${k.keyId}`);
        expect(k.spki).toBe(publicKey.spki);
        return Promise.resolve({ created: true });
      },
    } as unknown as ServerApi;
    const api = withSigningKeyRegistration(fake, keys);
    await api.push('t', { deviceId: 'd', mutations: [mutationOf('Observation')] });
    await api.push('t', { deviceId: 'd', mutations: [mutationOf('DocumentReference'), mutationOf('Provenance')] });
    await api.push('t', { deviceId: 'd', mutations: [mutationOf('Provenance')] });
    expect(calls).toEqual(['push:Observation', `register:${publicKey.keyId}`, 'push:DocumentReference,Provenance', 'push:Provenance']);
    store.close();
  });
});
