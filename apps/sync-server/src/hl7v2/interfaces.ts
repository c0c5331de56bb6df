/**
 * Registered HL7 v2 interfaces: a sender (MSH-3 application, MSH-4 facility) is known, or its
 * messages are refused (AR). Each interface acts as its own system account; what that account may
 * do is the core access policy's decision for its role, exactly as for a person:
 *   - lab: `physician`, the one existing role the policy lets create Observation and
 *     DiagnosticReport and update a ServiceRequest's status (the demo lab, lab-simulator/, does the same);
 *   - adt: `registrar`, which registers patients and updates demographics and sees nothing clinical.
 * No role is added for interfaces: roles are shared by every part of the system. The account's
 * password is random and never stored in clear, so nobody can sign in as an interface.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '@lantern/core';
import type pg from 'pg';
import { z } from 'zod';
import { hashPassword, type PasswordCost } from '../auth/passwords.ts';
import type { ServerKeys } from '../auth/keys.ts';
import { signAccessToken } from '../auth/tokens.ts';
import type { Clock } from '../config.ts';

export const INTERFACE_KINDS = ['lab', 'adt'] as const;
export type InterfaceKind = (typeof INTERFACE_KINDS)[number];

export interface Hl7Interface {
  id: string;
  sendingApplication: string;
  sendingFacility: string;
  kind: InterfaceKind;
  userId: string;
  username: string;
  role: Role;
}

export function roleOf(kind: InterfaceKind): Role {
  switch (kind) {
    case 'lab':
      return 'physician';
    case 'adt':
      return 'registrar';
    default: {
      const never: never = kind;
      throw new Error(`unknown interface kind ${String(never)}`);
    }
  }
}

/** Which message types each kind of interface may send (anything else is AR 200). */
export function acceptsMessage(kind: InterfaceKind, messageType: string): boolean {
  switch (kind) {
    case 'lab':
      return messageType === 'ORU';
    case 'adt':
      return messageType === 'ADT';
    default: {
      const never: never = kind;
      throw new Error(`unknown interface kind ${String(never)}`);
    }
  }
}

const Row = z.object({ id: z.string(), sending_application: z.string(), sending_facility: z.string(), kind: z.enum(INTERFACE_KINDS), user_id: z.string(), username: z.string() });
const toInterface = (r: z.infer<typeof Row>): Hl7Interface => ({
  id: r.id, sendingApplication: r.sending_application, sendingFacility: r.sending_facility, kind: r.kind, userId: r.user_id, username: r.username, role: roleOf(r.kind),
});

const usernameFor = (app: string, facility: string) => `hl7.${`${app}.${facility}`.toLowerCase().replace(/[^a-z0-9.]+/g, '-')}`.slice(0, 60);

/** Registers (or returns) the interface for a sender and its system account. */
export async function registerInterface(pool: pg.Pool, i: { sendingApplication: string; sendingFacility: string; kind: InterfaceKind; now: Date; passwordCost?: PasswordCost }): Promise<Hl7Interface> {
  const existing = await findInterface(pool, i.sendingApplication, i.sendingFacility);
  if (existing !== null) return existing;
  const username = usernameFor(i.sendingApplication, i.sendingFacility);
  const hash = await hashPassword(randomBytes(32).toString('base64url'), i.passwordCost);
  await pool.query('INSERT INTO users (id, username, password_hash, role) VALUES ($1, $2, $3, $4) ON CONFLICT (username) DO NOTHING', [randomUUID(), username, hash, roleOf(i.kind)]);
  const user = z.object({ id: z.string() }).parse((await pool.query('SELECT id FROM users WHERE username = $1', [username])).rows[0]);
  await pool.query(
    'INSERT INTO hl7_interfaces (id, sending_application, sending_facility, kind, user_id, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (sending_application, sending_facility) DO NOTHING',
    [randomUUID(), i.sendingApplication, i.sendingFacility, i.kind, user.id, i.now],
  );
  const made = await findInterface(pool, i.sendingApplication, i.sendingFacility);
  if (made === null) throw new Error('interface registration did not persist');
  return made;
}

export async function findInterface(pool: pg.Pool, sendingApplication: string, sendingFacility: string): Promise<Hl7Interface | null> {
  const r = await pool.query(
    `SELECT i.id, i.sending_application, i.sending_facility, i.kind, i.user_id::text AS user_id, u.username
       FROM hl7_interfaces i JOIN users u ON u.id = i.user_id
      WHERE i.sending_application = $1 AND i.sending_facility = $2 AND i.active AND u.active`,
    [sendingApplication, sendingFacility],
  );
  return r.rows[0] === undefined ? null : toInterface(Row.parse(r.rows[0]));
}

export async function listInterfaces(pool: pg.Pool): Promise<Hl7Interface[]> {
  const r = await pool.query(
    'SELECT i.id, i.sending_application, i.sending_facility, i.kind, i.user_id::text AS user_id, u.username FROM hl7_interfaces i JOIN users u ON u.id = i.user_id WHERE i.active ORDER BY 2, 3',
  );
  return r.rows.map((x) => toInterface(Row.parse(x)));
}

/** The device id the interface's writes are audited under. */
export const interfaceDeviceId = (i: Hl7Interface): string => `hl7-${i.id}`;

/** A short-lived access token for the interface's account, minted with the server's key (as the demo lab does). */
export async function interfaceToken(keys: ServerKeys, clock: Clock, i: Hl7Interface): Promise<string> {
  const device = interfaceDeviceId(i);
  const { token } = await signAccessToken(keys.accessTokenKey, { userId: i.userId, username: i.username, role: i.role, deviceId: device, deviceKeyThumbprint: device }, clock.now(), 300);
  return token;
}

/** The interface's account joins a patient's care team: how the policy grants a writer one patient's record. */
export async function joinCareTeam(pool: pg.Pool, i: Hl7Interface, patientId: string): Promise<void> {
  await pool.query('INSERT INTO care_team (patient_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [patientId, i.userId]);
}
