/**
 * Proof that a request comes from the workstation that enrolled a device id: an Ed25519 (RFC 8032)
 * signature, made with the device's private key, over a canonical string. The public key travels
 * as an OKP JWK (RFC 8037) and is named by its RFC 7638 thumbprint, the value access tokens carry
 * in `cnf.jkt` (RFC 7800 confirmation claim, as DPoP does in RFC 9449 section 6).
 *
 * Canonical strings (UTF-8, fields joined with '\n', no trailing newline):
 *   sign-in / refresh:  lantern-device-proof/v1, purpose ('login' | 'refresh'), deviceId, nonce, subject
 *     subject = the username for 'login', base64url(SHA-256(refresh token)) for 'refresh'
 *   audit batch:        lantern-audit-batch/v1, deviceId, event count, base64url(SHA-256(lines))
 *     lines = one `${seq}:${hash}` per event, in batch order, joined with '\n'
 * The workstation builds the same strings (apps/desktop/src/host/session/device-key.ts).
 */
import { createHash, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';

/** An Ed25519 public key as an OKP JWK (RFC 8037 section 2); only the fields that name the key. */
export const DevicePublicKeySchema = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'x: base64url of the 32-byte public key'),
}).strip();
export type DevicePublicKey = z.output<typeof DevicePublicKeySchema>;

/** A base64url Ed25519 signature (64 bytes). */
export const ProofSchema = z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'a base64url Ed25519 signature');

export type ProofPurpose = 'login' | 'refresh';

const b64u = (b: Buffer): string => b.toString('base64url');
export const sha256B64u = (s: string): string => b64u(createHash('sha256').update(s).digest());

export function proofString(p: { purpose: ProofPurpose; deviceId: string; nonce: string; subject: string }): string {
  return ['lantern-device-proof/v1', p.purpose, p.deviceId, p.nonce, p.subject].join('\n');
}

/** The subject a refresh proof signs: the refresh token it spends, hashed (never the token itself). */
export const refreshSubject = (refreshToken: string): string => sha256B64u(refreshToken);

export function batchString(deviceId: string, events: readonly { seq: number; hash: string }[]): string {
  return ['lantern-audit-batch/v1', deviceId, String(events.length), sha256B64u(events.map((e) => `${e.seq}:${e.hash}`).join('\n'))].join('\n');
}

/** RFC 7638 thumbprint of an OKP key: SHA-256 of the required members in lexical order. */
export function thumbprint(k: DevicePublicKey): string {
  return sha256B64u(JSON.stringify({ crv: k.crv, kty: k.kty, x: k.x }));
}

/** Parsed keys by `x`: ingest verifies one batch signature per request, and parsing costs as much as verifying. */
const parsed = new Map<string, KeyObject>();
const PARSED_MAX = 4096;

function keyObject(k: DevicePublicKey): KeyObject | null {
  const hit = parsed.get(k.x);
  if (hit !== undefined) return hit;
  try {
    const key = createPublicKey({ key: { kty: k.kty, crv: k.crv, x: k.x }, format: 'jwk' });
    if (parsed.size >= PARSED_MAX) parsed.clear();
    parsed.set(k.x, key);
    return key;
  } catch {
    return null;
  }
}

/** True only for a valid signature by `key` over `message`; any malformed input is simply false. */
export function verifyDeviceSignature(key: DevicePublicKey, message: string, signature: string): boolean {
  const pub = keyObject(key);
  if (pub === null || !ProofSchema.safeParse(signature).success) return false;
  try {
    return verify(null, Buffer.from(message, 'utf8'), pub, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

/** A device key pair the way a workstation makes one: for tests, benches and tools. */
export interface DeviceKeyPair {
  publicKey: DevicePublicKey;
  sign(message: string): string;
}

export function generateDeviceKeyPair(): DeviceKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = DevicePublicKeySchema.parse(publicKey.export({ format: 'jwk' }));
  return { publicKey: jwk, sign: (message) => b64u(sign(null, Buffer.from(message, 'utf8'), privateKey)) };
}
