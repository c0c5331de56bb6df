/** Users and devices (admin.*, auth.*). Rows are zod-checked where they enter typed code. */
import { ROLES, type Role } from '@lantern/core';
import type { Queryable } from './database.ts';
import { z } from 'zod';

export const UserRowSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    password_hash: z.string(),
    role: z.enum(ROLES),
    practitioner_id: z.string().nullable(),
    active: z.boolean(),
  })
  .transform((r) => ({
    id: r.id, username: r.username, passwordHash: r.password_hash, role: r.role,
    practitionerId: r.practitioner_id, active: r.active,
  }));
export type UserRow = z.output<typeof UserRowSchema>;

const UCOLS = 'id, username, password_hash, role, practitioner_id, active';

export async function findUserByUsername(c: Queryable, username: string): Promise<UserRow | null> {
  const r = await c.query(`SELECT ${UCOLS} FROM users WHERE username = $1`, [username]);
  return r.rows[0] === undefined ? null : UserRowSchema.parse(r.rows[0]);
}

export async function findUserById(c: Queryable, id: string): Promise<UserRow | null> {
  const r = await c.query(`SELECT ${UCOLS} FROM users WHERE id = $1`, [id]);
  return r.rows[0] === undefined ? null : UserRowSchema.parse(r.rows[0]);
}

export async function listUsers(c: Queryable): Promise<Omit<UserRow, 'passwordHash'>[]> {
  const r = await c.query(`SELECT ${UCOLS} FROM users ORDER BY username`);
  return r.rows.map((row) => {
    const { passwordHash: _omit, ...u } = UserRowSchema.parse(row);
    return u;
  });
}

export async function insertUser(
  c: Queryable,
  u: { id: string; username: string; passwordHash: string; role: Role; practitionerId?: string | null },
): Promise<void> {
  await c.query(
    'INSERT INTO users (id, username, password_hash, role, practitioner_id) VALUES ($1, $2, $3, $4, $5)',
    [u.id, u.username, u.passwordHash, u.role, u.practitionerId ?? null],
  );
}

export async function setUserActive(c: Queryable, id: string, active: boolean): Promise<boolean> {
  const r = await c.query('UPDATE users SET active = $2 WHERE id = $1', [id, active]);
  return r.rowCount === 1;
}

export const DeviceRowSchema = z
  .object({
    id: z.string(),
    user_id: z.string().nullable(),
    label: z.string().nullable(),
    active: z.boolean(),
    registered_at: z.date(),
    last_seen_at: z.date().nullable(),
    key_thumbprint: z.string().nullable(),
    enrolled_at: z.date().nullable(),
    revoked_at: z.date().nullable(),
  })
  .transform((r) => ({
    id: r.id, userId: r.user_id, label: r.label, active: r.active,
    registeredAt: r.registered_at.toISOString(), lastSeenAt: r.last_seen_at?.toISOString() ?? null,
    /** RFC 7638 thumbprint of the enrolled device key (null: not enrolled yet). */
    keyThumbprint: r.key_thumbprint, enrolledAt: r.enrolled_at?.toISOString() ?? null, revokedAt: r.revoked_at?.toISOString() ?? null,
  }));
export type DeviceRow = z.output<typeof DeviceRowSchema>;

const DCOLS = 'id, user_id, label, active, registered_at, last_seen_at, key_thumbprint, enrolled_at, revoked_at';

export async function findDevice(c: Queryable, id: string): Promise<DeviceRow | null> {
  const r = await c.query(`SELECT ${DCOLS} FROM devices WHERE id = $1`, [id]);
  return r.rows[0] === undefined ? null : DeviceRowSchema.parse(r.rows[0]);
}

export async function listDevices(c: Queryable): Promise<DeviceRow[]> {
  const r = await c.query(`SELECT ${DCOLS} FROM devices ORDER BY registered_at`);
  return r.rows.map((row) => DeviceRowSchema.parse(row));
}

/** Registers a device on first sight (first sign-in) and records when it was last seen. */
export async function upsertDevice(c: Queryable, d: { id: string; userId: string; label?: string | null; now: Date }): Promise<DeviceRow> {
  const r = await c.query(
    `INSERT INTO devices (id, user_id, label, registered_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)
     ON CONFLICT (id) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at, label = coalesce(EXCLUDED.label, devices.label)
     RETURNING ${DCOLS}`,
    [d.id, d.userId, d.label ?? null, d.now],
  );
  return DeviceRowSchema.parse(r.rows[0]);
}

export async function setDeviceActive(c: Queryable, id: string, active: boolean, now: Date): Promise<boolean> {
  const r = await c.query('UPDATE devices SET active = $2, revoked_at = CASE WHEN $2 THEN NULL ELSE $3::timestamptz END WHERE id = $1', [id, active, now]);
  return r.rowCount === 1;
}
