/**
 * Verifies the server's offline grant, a compact JWS (RFC 7515) signed with Ed25519 (RFC 8037),
 * with the public key pinned at the first online sign-in. Offline sign-in is accepted only when the
 * signature verifies, the grant names this device and this username, and it has not expired; the
 * role comes from the signed claims, so editing the local store cannot raise it.
 */
import { createPublicKey, verify } from 'node:crypto';
import { z } from 'zod';
import { ROLES, type Role } from '@lantern/core';

const ClaimsSchema = z.object({
  sub: z.string(),
  uname: z.string(),
  role: z.enum(ROLES),
  did: z.string(),
  exp: z.number(),
  iat: z.number().optional(),
  aud: z.union([z.string(), z.array(z.string())]).optional(),
});

export interface GrantClaims {
  userId: string;
  username: string;
  role: Role;
  expiresAt: Date;
  /** When the server issued it (null for a grant without `iat`). */
  issuedAt: Date | null;
}

const b64url = (s: string): Buffer => Buffer.from(s, 'base64url');

export function verifyOfflineGrant(grant: string, publicKeyPem: string, expect: { deviceId: string; username: string; now: Date }): GrantClaims | null {
  const parts = grant.split('.');
  if (parts.length !== 3) return null;
  const [h, p, sig] = parts as [string, string, string];
  try {
    const header = JSON.parse(b64url(h).toString('utf8')) as { alg?: unknown };
    if (header.alg !== 'EdDSA') return null;
    const ok = verify(null, Buffer.from(`${h}.${p}`), createPublicKey(publicKeyPem), b64url(sig));
    if (!ok) return null;
    const claims = ClaimsSchema.parse(JSON.parse(b64url(p).toString('utf8')));
    if (claims.did !== expect.deviceId || claims.uname !== expect.username) return null;
    const expiresAt = new Date(claims.exp * 1000);
    if (expiresAt.getTime() <= expect.now.getTime()) return null;
    return { userId: claims.sub, username: claims.uname, role: claims.role, expiresAt, issuedAt: claims.iat === undefined ? null : new Date(claims.iat * 1000) };
  } catch {
    return null;
  }
}
