/**
 * What the administrator sees of subscriptions: each subscription with its delivery counts, and
 * the deliveries themselves (state, attempts, last error, next attempt). Ids only: no resource
 * content and no patient, so the integration admin (who may read no chart) can run the interface.
 */
import type pg from 'pg';
import { z } from 'zod';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'dead-lettered'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

const iso = z.union([z.date(), z.string()]).transform((v) => new Date(v).toISOString());

const SubscriptionRow = z.object({
  id: z.string(), client_id: z.string(), client_name: z.string(), status: z.string(), criteria: z.string(), endpoint: z.string(),
  payload: z.string().nullable(), created_at: iso,
  pending: z.coerce.number(), delivered: z.coerce.number(), failed: z.coerce.number(), dead: z.coerce.number(),
}).transform((r) => ({
  id: r.id, clientId: r.client_id, clientName: r.client_name, status: r.status, criteria: r.criteria,
  // The endpoint's origin only: a path or query may carry a receiver's token.
  endpoint: new URL(r.endpoint).origin, payload: r.payload === null ? 'id-only' : 'full-resource', createdAt: r.created_at,
  counts: { pending: r.pending, delivered: r.delivered, failed: r.failed, deadLettered: r.dead },
}));
export type SubscriptionSummary = z.output<typeof SubscriptionRow>;

export async function listSubscriptions(pool: pg.Pool): Promise<SubscriptionSummary[]> {
  const r = await pool.query(`
    SELECT s.id, s.client_id, c.name AS client_name, s.status, s.criteria, s.endpoint, s.payload, s.created_at,
      count(d.id) FILTER (WHERE d.status = 'pending') AS pending, count(d.id) FILTER (WHERE d.status = 'delivered') AS delivered,
      count(d.id) FILTER (WHERE d.status = 'failed') AS failed, count(d.id) FILTER (WHERE d.status = 'dead-lettered') AS dead
    FROM subscriptions s JOIN subscriber_clients c ON c.client_id = s.client_id
    LEFT JOIN subscription_deliveries d ON d.subscription_id = s.id
    GROUP BY s.id, c.name ORDER BY s.created_at`);
  return z.array(SubscriptionRow).parse(r.rows);
}

const DeliveryRow = z.object({
  id: z.coerce.string(), subscription_id: z.string(), resource_type: z.string(), resource_id: z.string(), version: z.coerce.number(),
  status: z.enum(DELIVERY_STATUSES), attempts: z.coerce.number(), last_error: z.string().nullable(),
  created_at: iso, last_attempt_at: iso.nullable(), next_attempt_at: iso.nullable(), delivered_at: iso.nullable(),
}).transform((r) => ({
  id: r.id, subscriptionId: r.subscription_id, resource: `${r.resource_type}/${r.resource_id}`, version: r.version, status: r.status,
  attempts: r.attempts, lastError: r.last_error, createdAt: r.created_at, lastAttemptAt: r.last_attempt_at, nextAttemptAt: r.next_attempt_at, deliveredAt: r.delivered_at,
}));
export type DeliveryView = z.output<typeof DeliveryRow>;

export const DeliveriesInput = z.object({
  status: z.enum(DELIVERY_STATUSES).optional(),
  subscriptionId: z.string().uuid().optional(),
  limit: z.number().int().min(1).max(500).default(100),
});

export async function listDeliveries(pool: pg.Pool, input: z.output<typeof DeliveriesInput>): Promise<DeliveryView[]> {
  const r = await pool.query(
    `SELECT id, subscription_id, resource_type, resource_id, version, status, attempts, last_error, created_at, last_attempt_at, next_attempt_at, delivered_at
     FROM subscription_deliveries WHERE ($1::text IS NULL OR status = $1) AND ($2::uuid IS NULL OR subscription_id = $2)
     ORDER BY id DESC LIMIT $3`,
    [input.status ?? null, input.subscriptionId ?? null, input.limit],
  );
  return z.array(DeliveryRow).parse(r.rows);
}

/** Sends a dead letter again from the first attempt (after the receiver was fixed). */
export async function retryDeadLetter(pool: pg.Pool, id: string, now: Date): Promise<boolean> {
  const r = await pool.query(
    "UPDATE subscription_deliveries SET status = 'pending', attempts = 0, next_attempt_at = $2, last_error = NULL WHERE id = $1 AND status = 'dead-lettered'",
    [id, now],
  );
  return (r.rowCount ?? 0) > 0;
}
