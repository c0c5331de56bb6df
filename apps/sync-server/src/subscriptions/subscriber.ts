/**
 * Subscriber clients: the systems notifications go to, each acting as a service-account user
 * (so the core access policy decides what it may read, as for any user) and registered for a set
 * of resource types. `subscriberMayRead` is the one scope check of the subscription feature:
 * when the SMART client registry (smart/) carries system scopes, this is the function to switch.
 */
import { decideAccess, LanternError, type Role } from '@lantern/core';
import type pg from 'pg';
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import { loadUserScope, relationOf, type UserScope } from '../db/scope.ts';
import { SUBSCRIBABLE_TYPES } from './criteria.ts';

export interface SubscriberClient {
  clientId: string;
  name: string;
  userId: string;
  role: Role;
  allowedTypes: readonly string[];
}

const ClientRow = z.object({
  client_id: z.string(), name: z.string(), user_id: z.string(), role: z.string(), allowed_types: z.array(z.string()),
}).transform((r): SubscriberClient | null => {
  const role = z.enum(['physician', 'nurse', 'billing', 'privacy_officer', 'admin', 'registrar']).safeParse(r.role);
  return role.success ? { clientId: r.client_id, name: r.name, userId: r.user_id, role: role.data, allowedTypes: r.allowed_types } : null;
});

const SELECT = `SELECT c.client_id, c.name, c.user_id, u.role, c.allowed_types FROM subscriber_clients c JOIN users u ON u.id = c.user_id
  WHERE c.active AND u.active`;

export async function subscriberForUser(c: Queryable, userId: string): Promise<SubscriberClient | null> {
  const r = await c.query(`${SELECT} AND c.user_id = $1`, [userId]);
  return r.rows[0] === undefined ? null : ClientRow.parse(r.rows[0]);
}

export async function subscriberById(c: Queryable, clientId: string): Promise<SubscriberClient | null> {
  const r = await c.query(`${SELECT} AND c.client_id = $1`, [clientId]);
  return r.rows[0] === undefined ? null : ClientRow.parse(r.rows[0]);
}

export const RegisterSubscriberInput = z.object({
  clientId: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
  name: z.string().min(1).max(200),
  userId: z.string().uuid(),
  allowedTypes: z.array(z.enum(SUBSCRIBABLE_TYPES)).min(1),
});

/** Registers (or updates) the subscriber client a service account receives notifications as. */
export async function registerSubscriber(pool: pg.Pool, input: z.infer<typeof RegisterSubscriberInput>): Promise<void> {
  const r = await pool.query(
    `INSERT INTO subscriber_clients (client_id, name, user_id, allowed_types) SELECT $1, $2, id, $4 FROM users WHERE id = $3
     ON CONFLICT (client_id) DO UPDATE SET name = EXCLUDED.name, allowed_types = EXCLUDED.allowed_types, active = true`,
    [input.clientId, input.name, input.userId, input.allowedTypes],
  );
  if (r.rowCount === 0) throw new LanternError('NOT_FOUND', 'No such user for the subscriber client');
}

/**
 * Whether `client` may be told about a resource of `resourceType` of `patientId`: the type is one
 * it is registered for AND the core policy lets its user read it under its relation to the
 * patient now (break-glass never counts: a notification is not an emergency access).
 */
export function subscriberMayRead(client: SubscriberClient, scope: UserScope, resourceType: string, patientId: string): boolean {
  if (!client.allowedTypes.includes(resourceType)) return false;
  const { relation } = relationOf(scope, patientId);
  return decideAccess({ role: client.role, resourceType, action: 'read', relation }).allowed;
}

export async function scopeOf(c: Queryable, client: SubscriberClient, now: Date): Promise<UserScope> {
  return loadUserScope(c, client.userId, now);
}
