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

const mutationOf = (resourceType: string, userId = 'u-1'): Mutation => ({ resourceType, userId }) as unknown as Mutation;
/** An access token's shape; only its subject matters here (the server verifies tokens). */
const tokenFor = (sub: string): string => `h.${Buffer.from(JSON.stringify({ sub })).toString('base64url')}.s`;

describe('signing key registration on push', () => {
  it('registers the signed-in user\'s keys once, before the first push carrying their Provenance', async () => {
    const dir = tempDir('lantern-keyreg-');
    const store = unwrap(await openStore({ path: join(dir, 's.db'), keyProvider: keyFileProvider({ path: join(dir, 's.key'), createIfMissing: true }) }));
    const keys = new SigningKeys(storeDbOf(store));
    const { publicKey } = unwrap(keys.signerFor('u-1', 'correct horse', new Date()));
    unwrap(keys.signerFor('u-2', 'other horse', new Date()));
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
    // Another user's queued signature is never registered under the signed-in user's session.
    await api.push(tokenFor('u-1'), { deviceId: 'd', mutations: [mutationOf('Provenance', 'u-2')] });
    await api.push(tokenFor('u-1'), { deviceId: 'd', mutations: [mutationOf('Observation')] });
    await api.push(tokenFor('u-1'), { deviceId: 'd', mutations: [mutationOf('DocumentReference'), mutationOf('Provenance')] });
    await api.push(tokenFor('u-1'), { deviceId: 'd', mutations: [mutationOf('Provenance')] });
    expect(calls).toEqual(['push:Provenance', 'push:Observation', `register:${publicKey.keyId}`, 'push:DocumentReference,Provenance', 'push:Provenance']);
    store.close();
  });
});
