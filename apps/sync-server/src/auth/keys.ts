/**
 * Every server key derives from one root secret (LANTERN_TOKEN_SECRET, or a random one generated
 * once and kept 0600 under the data dir), so any number of stateless app servers behind a load
 * balancer agree on them by sharing that one value:
 * - HS256 key for short-lived access tokens,
 * - an Ed25519 key pair for offline grants: the workstation verifies grants with the public key
 *   alone, so it never holds anything that could mint one,
 * - the password of the application's database role.
 */
import { createHmac, createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ServerKeys {
  accessTokenKey: Uint8Array;
  offlineGrantPrivateKey: KeyObject;
  offlineGrantPublicKey: KeyObject;
  /** SPKI PEM of the offline grant key: workstations pin it at their first online sign-in. */
  offlineGrantPublicKeyPem: string;
  dbAppPassword: string;
}

function derive(secret: string, label: string): Buffer {
  return createHmac('sha256', secret).update(`lantern:${label}`).digest();
}

/** PKCS#8 DER prefix for a raw 32-byte Ed25519 seed (RFC 8410 section 7). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function deriveKeys(secret: string): ServerKeys {
  const seed = derive(secret, 'offline-grant-ed25519');
  const offlineGrantPrivateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const offlineGrantPublicKey = createPublicKey(offlineGrantPrivateKey);
  return {
    accessTokenKey: new Uint8Array(derive(secret, 'access-token-hs256')),
    offlineGrantPrivateKey,
    offlineGrantPublicKey,
    offlineGrantPublicKeyPem: offlineGrantPublicKey.export({ format: 'pem', type: 'spki' }).toString(),
    dbAppPassword: derive(secret, 'db-app-role').toString('base64url'),
  };
}

/** Returns the configured secret, or the one stored under the data dir (made on first start). */
export async function loadOrCreateSecret(dataDir: string, configured: string | null): Promise<string> {
  if (configured !== null) return configured;
  const dir = join(dataDir, 'secrets');
  const file = join(dir, 'token-secret');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return secret;
}
