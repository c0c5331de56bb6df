/**
 * Which users signed in on which device, and until when the server vouches for it. A sign-in
 * (online, or later offline under the grant issued with it) lets the device record audit events
 * in that user's name from the first sign-in until the later of the offline grant's and the
 * refresh token's expiry; every login and refresh extends the window. Audit ingest checks each
 * batch's users against this table in one query.
 */
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';

export async function recordSignIn(c: Queryable, s: { deviceId: string; userId: string; now: Date; validUntil: Date }): Promise<void> {
  await c.query(
    `INSERT INTO device_sign_ins (device_id, user_id, first_at, last_at, valid_until) VALUES ($1, $2, $3, $3, $4)
     ON CONFLICT (device_id, user_id) DO UPDATE SET last_at = EXCLUDED.last_at,
       valid_until = greatest(device_sign_ins.valid_until, EXCLUDED.valid_until)`,
    [s.deviceId, s.userId, s.now, s.validUntil],
  );
}

export interface SignInWindow {
  firstAt: Date;
  validUntil: Date;
}

const WindowRow = z.object({ user_id: z.string(), first_at: z.date(), valid_until: z.date() });

/** The sign-in windows of the given users on a device (users never signed in there are absent). */
export async function signInWindows(c: Queryable, deviceId: string, userIds: readonly string[]): Promise<Map<string, SignInWindow>> {
  // Compared as text: an event may name a user id that is not even a UUID.
  const r = await c.query('SELECT user_id::text AS user_id, first_at, valid_until FROM device_sign_ins WHERE device_id = $1 AND user_id::text = ANY($2::text[])', [deviceId, [...userIds]]);
  return new Map(r.rows.map((row) => {
    const w = WindowRow.parse(row);
    return [w.user_id, { firstAt: w.first_at, validUntil: w.valid_until }];
  }));
}
