/**
 * Offline grants: what lets a clinician sign in on a workstation while the network is down.
 *
 * Design. At each online sign-in the server issues, for that user on that device, a compact JWS
 * (RFC 7515) signed with Ed25519 (EdDSA, RFC 8037) whose claims are:
 *   sub  user id           uname  username        role  the user's role
 *   did  device id         iat/exp  issue time and expiry (default 72 h)
 *   pwv  a password verifier: scrypt (RFC 7914) of the password with a fresh random salt,
 *        as `scrypt$N$r$p$<salt b64url>$<hash b64url>` (N=2^15, r=8, p=1, 32-byte key)
 * The workstation keeps the grant in its encrypted store and pins the server's public key
 * (`offlinePublicKey`, SPKI PEM) at its first online sign-in. Offline, it accepts a sign-in only
 * if: the signature verifies with the pinned key, `did` is this device, `exp` is in the future
 * (by the local clock, bounded by the grant), `uname` matches, and scrypt of the typed password
 * with the salt equals the verifier. The verifier is not the server's argon2id hash, and it is
 * salted per grant, so a stolen workstation database leaks no reusable credential; the role comes
 * from the signed claims, so a local edit cannot raise it. The private key never leaves the server.
 */
import { randomBytes, scrypt as scryptCb, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Role } from '@lantern/core';

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEYLEN = 32;

function scrypt(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((res, rej) => {
    scryptCb(password, salt, KEYLEN, { N, r: R, p: P, maxmem: 64 * 1024 * 1024 }, (e, key) => (e ? rej(e) : res(key)));
  });
}

export async function makePasswordVerifier(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export const OFFLINE_GRANT_ISSUER = 'lantern-sync-server';
export const OFFLINE_GRANT_AUDIENCE = 'lantern-workstation-offline';

export async function signOfflineGrant(
  key: KeyObject,
  g: { userId: string; username: string; role: Role; deviceId: string; password: string; now: Date; hours: number },
): Promise<{ grant: string; expiresAt: string }> {
  const iat = Math.floor(g.now.getTime() / 1000);
  const exp = iat + Math.round(g.hours * 3600);
  const grant = await new SignJWT({ uname: g.username, role: g.role, did: g.deviceId, pwv: await makePasswordVerifier(g.password) })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'lantern-offline-grant+jwt' })
    .setSubject(g.userId)
    .setIssuer(OFFLINE_GRANT_ISSUER)
    .setAudience(OFFLINE_GRANT_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key);
  return { grant, expiresAt: new Date(exp * 1000).toISOString() };
}
