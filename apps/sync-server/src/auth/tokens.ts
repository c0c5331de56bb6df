/**
 * Access tokens: short-lived (default 15 min) HS256 JWTs (RFC 7519) carrying user, role and
 * device, bound to the device's enrolled key by its RFC 7638 thumbprint in `cnf.jkt` (RFC 7800
 * confirmation, as RFC 9449 section 6 does for DPoP). Refresh tokens: 256-bit random opaque strings, stored only as SHA-256, rotated on every
 * use; presenting a rotated (already used) token revokes its whole family, the standard defence
 * against a stolen refresh token (OAuth 2.0 Security BCP, RFC 9700 section 4.14.2).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { LanternError, ROLES, type Role } from '@lantern/core';
import type pg from 'pg';
import { z } from 'zod';

const ISSUER = 'lantern-sync-server';
const AUDIENCE = 'lantern-api';

export interface AccessClaims {
  userId: string;
  username: string;
  role: Role;
  deviceId: string;
  /** RFC 7638 thumbprint of the device key the token was issued to. */
  deviceKeyThumbprint: string;
  /** When the token was issued (whole seconds); absent only in claims built by hand. */
  issuedAt?: Date;
}

const ClaimsSchema = z.object({
  sub: z.string(),
  uname: z.string(),
  role: z.enum(ROLES),
  did: z.string(),
  cnf: z.object({ jkt: z.string().min(1) }),
  iat: z.number().optional(),
});

export async function signAccessToken(key: Uint8Array, c: AccessClaims, now: Date, ttlSeconds: number): Promise<{ token: string; expiresAt: string }> {
  const iat = Math.floor(now.getTime() / 1000);
  const token = await new SignJWT({ uname: c.username, role: c.role, did: c.deviceId, cnf: { jkt: c.deviceKeyThumbprint } })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(c.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .setJti(randomUUID())
    .sign(key);
  return { token, expiresAt: new Date((iat + ttlSeconds) * 1000).toISOString() };
}

export async function verifyAccessToken(key: Uint8Array, token: string, now: Date): Promise<AccessClaims> {
  try {
    const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'], currentDate: now });
    const c = ClaimsSchema.parse(payload);
    return { userId: c.sub, username: c.uname, role: c.role, deviceId: c.did, deviceKeyThumbprint: c.cnf.jkt, ...(c.iat === undefined ? {} : { issuedAt: new Date(c.iat * 1000) }) };
  } catch (e) {
    const expired = e instanceof joseErrors.JWTExpired;
    throw new LanternError('UNAUTHENTICATED', expired ? 'Access token expired: refresh it' : 'Invalid access token');
  }
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Issues a new refresh token in `familyId` (a new family at sign-in). */
export async function issueRefreshToken(
  c: pg.ClientBase,
  r: { userId: string; deviceId: string; familyId?: string; now: Date; ttlHours: number },
): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(r.now.getTime() + r.ttlHours * 3_600_000);
  await c.query(
    'INSERT INTO refresh_tokens (token_hash, family_id, user_id, device_id, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [sha256(token), r.familyId ?? randomUUID(), r.userId, r.deviceId, expiresAt, r.now],
  );
  return { token, expiresAt: expiresAt.toISOString() };
}

const RefreshRow = z.object({
  family_id: z.string(),
  user_id: z.string(),
  device_id: z.string(),
  expires_at: z.date(),
  revoked_at: z.date().nullable(),
});

/**
 * Consumes a refresh token (must run in a transaction): returns its user and device and revokes
 * it. A token already revoked revokes its whole family; that revocation must be committed, so
 * failures are returned as values and the caller throws after the transaction.
 */
export async function consumeRefreshToken(
  c: pg.ClientBase,
  token: string,
  now: Date,
): Promise<{ ok: true; userId: string; deviceId: string; familyId: string } | { ok: false; error: LanternError }> {
  const r = await c.query('SELECT family_id, user_id, device_id, expires_at, revoked_at FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE', [sha256(token)]);
  if (r.rows[0] === undefined) return { ok: false, error: new LanternError('UNAUTHENTICATED', 'Unknown refresh token: sign in again') };
  const row = RefreshRow.parse(r.rows[0]);
  if (row.revoked_at !== null) {
    await c.query('UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL', [row.family_id, now]);
    return { ok: false, error: new LanternError('UNAUTHENTICATED', 'Refresh token already used: this sign-in was revoked, sign in again') };
  }
  if (row.expires_at <= now) return { ok: false, error: new LanternError('UNAUTHENTICATED', 'Refresh token expired: sign in again') };
  await c.query('UPDATE refresh_tokens SET revoked_at = $2 WHERE token_hash = $1', [sha256(token), now]);
  return { ok: true, userId: row.user_id, deviceId: row.device_id, familyId: row.family_id };
}

/**
 * Logout: revokes every refresh token of this user on this device made up to the moment the
 * presented access token was issued (its own sign-in and any older one). A logout that arrives late,
 * after the same user signed in again on the same workstation, must not end that newer sign-in: the
 * workstation sends its logout without waiting (signing out must not block offline), so the order
 * on the wire is not guaranteed. The logged-out sign-in's later rotations are its family's, revoked
 * with the family.
 */
export async function revokeDeviceTokens(c: pg.ClientBase, userId: string, deviceId: string, now: Date, issuedAt?: Date): Promise<number> {
  // iat has whole seconds: a token made within the second the access token was issued counts as before it.
  const before = issuedAt === undefined ? now : new Date(issuedAt.getTime() + 1000);
  const r = await c.query('UPDATE refresh_tokens SET revoked_at = $3 WHERE user_id = $1 AND device_id = $2 AND revoked_at IS NULL AND created_at < $4', [userId, deviceId, now, before]);
  return r.rowCount ?? 0;
}

/**
 * Logout: revokes the whole family of a refresh token (every rotation of one sign-in), so no
 * token of that sign-in, used or not, can be refreshed again (RFC 9700 section 4.14.2). Returns
 * the sign-in's user and device, or null for an unknown token.
 */
export async function revokeRefreshFamily(c: pg.ClientBase, token: string, now: Date): Promise<{ userId: string; deviceId: string; revoked: number } | null> {
  const r = await c.query('SELECT family_id, user_id, device_id, expires_at, revoked_at FROM refresh_tokens WHERE token_hash = $1', [sha256(token)]);
  if (r.rows[0] === undefined) return null;
  const row = RefreshRow.parse(r.rows[0]);
  const u = await c.query('UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL', [row.family_id, now]);
  return { userId: row.user_id, deviceId: row.device_id, revoked: u.rowCount ?? 0 };
}
