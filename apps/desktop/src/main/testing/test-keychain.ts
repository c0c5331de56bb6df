/**
 * What stands in for Electron's safeStorage in tests (the binary cannot run on the build machines):
 * a reversible wrapper with the same contract and a name, like the real one, and a user provisioned
 * for offline sign-in in a store made through it, so the host answers as a signed-in workstation does
 * without a sync server.
 */
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { createHost } from '../../host/serve/create-host.ts';
import { explicitKeyProvider } from '../../host/store/key/key-provider.ts';
import { wrappedKeyFileProvider, type KeyWrapper } from '../../host/store/key/wrapped-key-file.ts';
import { provisionOfflineUser } from '../../host/session/provision-offline-user.ts';
import { storePaths } from '../open-workstation.ts';

export const testKeychain: KeyWrapper = {
  name: 'test-keychain',
  isAvailable: () => true,
  wrap: (k) => Promise.resolve(new Uint8Array([...k].reverse())),
  unwrap: (w) => Promise.resolve(new Uint8Array([...w].reverse())),
};

const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64url');

/** A nurse who can sign in offline, in the (closed) store of dataDir that testKeychain's key opens. */
export async function provisionTestNurse(dataDir: string): Promise<{ username: string; password: string }> {
  const key = await wrappedKeyFileProvider({ path: storePaths(dataDir).keyPath, wrapper: testKeychain }).getKey();
  if (!key.ok) throw key.error;
  const host = await createHost({ dataDir, serverUrl: 'http://127.0.0.1:9', keyProvider: explicitKeyProvider(key.value), syncIntervalMs: 3_600_000 });
  try {
    const signer = generateKeyPairSync('ed25519');
    const userId = randomUUID();
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const h = b64(JSON.stringify({ alg: 'EdDSA', typ: 'lantern-offline-grant+jwt' }));
    const p = b64(JSON.stringify({ sub: userId, uname: 'nurse.kim', role: 'nurse', did: host.services.deviceId, exp }));
    await provisionOfflineUser(host.services, {
      userId, username: 'nurse.kim', displayName: 'Nurse Kim', role: 'nurse', password: 'correct horse',
      grant: `${h}.${p}.${b64(sign(null, Buffer.from(`${h}.${p}`), signer.privateKey))}`,
      grantPublicKey: signer.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
      expiresAt: new Date(exp * 1000).toISOString(), scope: { careTeam: [], unit: [] },
    });
  } finally {
    await host.close();
  }
  return { username: 'nurse.kim', password: 'correct horse' };
}
