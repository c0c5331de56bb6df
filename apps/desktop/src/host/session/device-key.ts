/**
 * The workstation's device key: an Ed25519 (RFC 8032) key pair made once per device and kept in
 * the encrypted store (store migration 0005). The sync server enrols its public key at the first
 * sign-in on this device id; afterwards sign-in, refresh and audit ingest are accepted from this
 * device id only with a signature by it. The private key never leaves the host: callers get a
 * `DeviceSigner` that signs the canonical strings below, nothing else.
 *
 * The canonical strings are the server's (apps/sync-server/src/auth/device-proof.ts), fields
 * joined with '\n':
 *   sign-in / refresh: lantern-device-proof/v1, purpose, deviceId, nonce, subject
 *     (subject = the username for 'login', base64url(SHA-256(refresh token)) for 'refresh')
 *   audit batch:       lantern-audit-batch/v1, deviceId, count, base64url(SHA-256(`${seq}:${hash}` lines))
 */
import { createHash, createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { StoreDb } from '../store/store-db.ts';

/** An Ed25519 public key as an OKP JWK (RFC 8037 section 2). */
export interface DevicePublicKey {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
}

export type ProofPurpose = 'login' | 'refresh';

export interface DeviceSigner {
  readonly deviceId: string;
  readonly publicKey: DevicePublicKey;
  /** Signs the proof for a server nonce (base64url signature). */
  proof(p: { purpose: ProofPurpose; nonce: string; subject: string }): string;
  /** Signs an audit batch (base64url signature). */
  signBatch(events: readonly { seq: number; hash: string }[]): string;
}

const sha256B64u = (s: string): string => createHash('sha256').update(s).digest('base64url');

/** The subject of a refresh proof: the refresh token it spends, hashed. */
export const refreshSubject = (refreshToken: string): string => sha256B64u(refreshToken);

export function signerFor(deviceId: string, privateKey: KeyObject, publicKey: DevicePublicKey): DeviceSigner {
  const signText = (text: string) => sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64url');
  return {
    deviceId,
    publicKey,
    proof: (p) => signText(['lantern-device-proof/v1', p.purpose, deviceId, p.nonce, p.subject].join('\n')),
    signBatch: (events) => signText(['lantern-audit-batch/v1', deviceId, String(events.length), sha256B64u(events.map((e) => `${e.seq}:${e.hash}`).join('\n'))].join('\n')),
  };
}

function publicJwk(privateKey: KeyObject): DevicePublicKey {
  const jwk = privateKey.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('Ed25519 key without x');
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x };
}

/** Loads this device's key from the store, making (and saving) it the first time. */
export function loadOrCreateDeviceKey(db: StoreDb, deviceId: string, now: () => Date = () => new Date()): DeviceSigner {
  const row = db.get<{ public_x: string; private_der: string }>('SELECT public_x, private_der FROM device_key WHERE device_id = ?', deviceId);
  if (row !== undefined) {
    const privateKey = createPrivateKey({ key: Buffer.from(row.private_der, 'base64'), format: 'der', type: 'pkcs8' });
    const pub = publicJwk(privateKey);
    // A row whose halves disagree was edited: refuse rather than sign with a key the server never enrolled.
    if (pub.x !== row.public_x) throw new Error('The device key in the local store is inconsistent');
    return signerFor(deviceId, privateKey, pub);
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  const pub = publicJwk(privateKey);
  const der = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  db.write(() => db.run('INSERT INTO device_key (device_id, public_x, private_der, created_at) VALUES (?, ?, ?, ?)', deviceId, pub.x, der, now().toISOString()));
  return signerFor(deviceId, privateKey, pub);
}

/** A key held only in memory: for tests and tools that have no store. */
export function ephemeralDeviceKey(deviceId: string): DeviceSigner {
  const { privateKey } = generateKeyPairSync('ed25519');
  return signerFor(deviceId, privateKey, publicJwk(privateKey));
}
