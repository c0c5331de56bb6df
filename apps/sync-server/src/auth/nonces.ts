/**
 * Challenges for proof of possession: 256-bit random, bound to one device id, valid for a short
 * time and usable once. They live in Postgres so any app server behind the load balancer can
 * check (and spend) a nonce another one issued; spending is a single DELETE, so two concurrent
 * uses of one nonce cannot both succeed.
 */
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.ts';

/** Long enough for a slow link to answer, short enough that a captured nonce is soon worthless. */
export const NONCE_TTL_SECONDS = 120;
/** Outstanding nonces kept per device; older ones are dropped, so the table cannot be flooded. */
const MAX_OUTSTANDING_PER_DEVICE = 8;

export async function issueNonce(c: Queryable, deviceId: string, now: Date): Promise<{ nonce: string; expiresAt: string }> {
  const nonce = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + NONCE_TTL_SECONDS * 1000);
  // One round trip: drop expired nonces (all devices) and this device's surplus, then insert.
  await c.query(
    `WITH expired AS (DELETE FROM device_nonces WHERE expires_at <= $4),
     surplus AS (DELETE FROM device_nonces WHERE nonce IN (
       SELECT nonce FROM device_nonces WHERE device_id = $2 ORDER BY expires_at DESC OFFSET $5))
     INSERT INTO device_nonces (nonce, device_id, expires_at) VALUES ($1, $2, $3)`,
    [nonce, deviceId, expiresAt, now, MAX_OUTSTANDING_PER_DEVICE - 1],
  );
  return { nonce, expiresAt: expiresAt.toISOString() };
}

/** Spends a nonce: true only if it was issued for this device, has not expired and was not spent. */
export async function consumeNonce(c: Queryable, deviceId: string, nonce: string, now: Date): Promise<boolean> {
  const r = await c.query('DELETE FROM device_nonces WHERE nonce = $1 RETURNING device_id, expires_at', [nonce]);
  const row = r.rows[0] as { device_id?: unknown; expires_at?: unknown } | undefined;
  return row !== undefined && row.device_id === deviceId && row.expires_at instanceof Date && row.expires_at > now;
}

export async function dropDeviceNonces(c: Queryable, deviceId: string): Promise<void> {
  await c.query('DELETE FROM device_nonces WHERE device_id = $1', [deviceId]);
}
