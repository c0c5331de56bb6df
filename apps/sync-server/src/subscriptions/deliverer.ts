/**
 * Delivery of queued notifications to rest-hook endpoints (http://hl7.org/fhir/R4/subscription.html
 * #rest-hook): `POST` with `Content-Type: application/fhir+json`, the resource itself when the
 * subscription's `channel.payload` is `application/fhir+json`, otherwise an id-only notification
 * Bundle. A 2xx answer is delivered; anything else (or no answer within the timeout) is retried with
 * exponential back-off and jitter (backoff.ts) until `maxAttempts`, then dead-lettered for the admin.
 *
 * Due rows are claimed with `FOR UPDATE SKIP LOCKED` and a lease, so several app servers share the
 * work and a server that dies mid-attempt only delays it. The subscriber's right to read the
 * resource is checked again at each attempt (its care team may have changed). Each delivery is
 * audited as a disclosure under the subscriber's account. Errors recorded are status codes and
 * error kinds, never response bodies or resource content.
 */
import { assertNever } from '@lantern/core';
import type pg from 'pg';
import { z } from 'zod';
import { appendAuditEvents, serverEvent } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { afterAttempt, type DeliveryPolicy } from './backoff.ts';
import { FHIR_JSON_PAYLOAD } from './subscription-resource.ts';
import { scopeOf, subscriberById, subscriberMayRead } from './subscriber.ts';

const LEASE_MS = 60_000;

const DueRow = z.object({
  id: z.coerce.string(), subscription_id: z.string(), patient_id: z.string(), resource_type: z.string(), resource_id: z.string(),
  version: z.coerce.number().int(), attempts: z.coerce.number().int(),
  client_id: z.string(), endpoint: z.string(), payload: z.string().nullable(), headers: z.array(z.string()), sub_status: z.string(),
});
type Due = z.infer<typeof DueRow>;

export interface DelivererDeps {
  pool: pg.Pool;
  policy: DeliveryPolicy;
  /** e.g. http://127.0.0.1:4000/fhir/R4: the fullUrl of notified resources. */
  fhirBase: string;
  random: () => number;
}

async function claimDue(pool: pg.Pool, now: Date, limit: number): Promise<Due[]> {
  const r = await pool.query(
    `WITH due AS (
       SELECT id FROM subscription_deliveries WHERE status IN ('pending', 'failed') AND next_attempt_at <= $1
       ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
     UPDATE subscription_deliveries d SET next_attempt_at = $1::timestamptz + make_interval(secs => $3)
     FROM due, subscriptions s WHERE d.id = due.id AND s.id = d.subscription_id
     RETURNING d.id, d.subscription_id, d.patient_id, d.resource_type, d.resource_id, d.version, d.attempts,
               s.client_id, s.endpoint, s.payload, s.headers, s.status AS sub_status`,
    [now, limit, LEASE_MS / 1000],
  );
  return z.array(DueRow).parse(r.rows);
}

const ResourceRow = z.object({ resource: z.record(z.string(), z.unknown()).nullable(), version: z.coerce.number().int() });

/** The body of one notification; null when the resource is gone (deleted since). */
async function body(deps: DelivererDeps, d: Due, now: Date): Promise<string | null> {
  const r = await deps.pool.query('SELECT resource, version FROM resources WHERE patient_id = $1 AND resource_type = $2 AND id = $3', [d.patient_id, d.resource_type, d.resource_id]);
  const row = r.rows[0] === undefined ? null : ResourceRow.parse(r.rows[0]);
  if (row === null || row.resource === null) return null;
  if (d.payload === FHIR_JSON_PAYLOAD) return JSON.stringify(row.resource);
  // id-only: which resource changed, to be read through the FHIR API with the subscriber's own token.
  return JSON.stringify({
    resourceType: 'Bundle', type: 'history', timestamp: now.toISOString(),
    entry: [{
      fullUrl: `${deps.fhirBase}/${d.resource_type}/${d.resource_id}`,
      request: { method: row.version === 1 ? 'POST' : 'PUT', url: `${d.resource_type}/${d.resource_id}` },
      response: { status: row.version === 1 ? '201' : '200', etag: `W/"${row.version}"` },
    }],
  });
}

/** The socket error code (ECONNREFUSED, ENOTFOUND...) somewhere in fetch's cause chain. */
function socketCode(e: unknown, depth = 0): string | null {
  if (depth > 4 || typeof e !== 'object' || e === null) return null;
  const { code, cause, errors } = e as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && /^E[A-Z_]{2,30}$/.test(code)) return code;
  return socketCode(cause, depth + 1) ?? (Array.isArray(errors) ? socketCode(errors[0], depth + 1) : null);
}

/** One POST; the error is a status or an error kind, never the receiver's body. */
async function post(deps: DelivererDeps, d: Due, payload: string): Promise<{ ok: true } | { ok: false; error: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/fhir+json', 'x-lantern-subscription': d.subscription_id };
  for (const h of d.headers) {
    const i = h.indexOf(':');
    headers[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
  }
  try {
    const res = await fetch(d.endpoint, { method: 'POST', headers, body: payload, redirect: 'manual', signal: AbortSignal.timeout(deps.policy.timeoutMs) });
    await res.body?.cancel();
    return res.status >= 200 && res.status < 300 ? { ok: true } : { ok: false, error: `HTTP ${res.status}` };
  } catch (e) {
    const name = e instanceof Error ? e.name : 'Error';
    return { ok: false, error: name === 'TimeoutError' ? 'timeout' : socketCode(e) ?? 'network error' };
  }
}

async function settle(deps: DelivererDeps, d: Due, now: Date, result: { ok: true } | { ok: false; error: string }): Promise<void> {
  const attempts = d.attempts + 1;
  const next = afterAttempt(deps.policy, result.ok, attempts, deps.random());
  const error = result.ok ? null : result.error.slice(0, 200);
  switch (next.kind) {
    case 'delivered':
      await withTx(deps.pool, async (c) => {
        await c.query("UPDATE subscription_deliveries SET status = 'delivered', attempts = $2, last_attempt_at = $3, delivered_at = $3, next_attempt_at = NULL WHERE id = $1", [d.id, attempts, now]);
        const client = await subscriberById(c, d.client_id);
        if (client === null) return;
        // A notification discloses the record (or its existence) to the subscriber: audited as its read.
        await appendAuditEvents(c, [serverEvent({ userId: client.userId, role: client.role, deviceId: `subscriber:${client.clientId}`.slice(0, 128), clientAddress: 'server' }, {
          action: 'resource-read', outcome: 'success', patientId: d.patient_id, resourceType: d.resource_type, resourceId: d.resource_id,
          purposeOfUse: 'TREAT', detail: { via: 'subscription', subscription: d.subscription_id, version: d.version, payload: d.payload === null ? 'id-only' : 'full-resource' },
        }, now)]);
      });
      return;
    case 'retry':
      await deps.pool.query(
        "UPDATE subscription_deliveries SET status = 'failed', attempts = $2, last_attempt_at = $3, last_error = $4, next_attempt_at = $3::timestamptz + make_interval(secs => $5) WHERE id = $1",
        [d.id, attempts, now, error, next.delayMs / 1000],
      );
      return;
    case 'dead-letter':
      await deps.pool.query(
        "UPDATE subscription_deliveries SET status = 'dead-lettered', attempts = $2, last_attempt_at = $3, last_error = $4, next_attempt_at = NULL WHERE id = $1",
        [d.id, attempts, now, error],
      );
      return;
    default:
      assertNever(next, 'delivery outcome');
  }
}

/** Ends a delivery without an attempt: the subscription is off, or the subscriber may no longer read it. */
async function drop(pool: pg.Pool, d: Due, now: Date, why: string): Promise<void> {
  await pool.query("UPDATE subscription_deliveries SET status = 'dead-lettered', last_error = $2, last_attempt_at = $3, next_attempt_at = NULL WHERE id = $1", [d.id, why, now]);
}

/** Attempts every due delivery once (concurrently, at most `limit`); returns how many were attempted. */
export async function deliverDue(deps: DelivererDeps, now: () => Date, limit = 20): Promise<number> {
  const due = await claimDue(deps.pool, now(), limit);
  await Promise.all(due.map(async (d) => {
    if (d.sub_status !== 'active') return drop(deps.pool, d, now(), 'subscription is no longer active');
    const client = await subscriberById(deps.pool, d.client_id);
    if (client === null || !subscriberMayRead(client, await scopeOf(deps.pool, client, now()), d.resource_type, d.patient_id)) {
      return drop(deps.pool, d, now(), 'subscriber may no longer read this resource');
    }
    const payload = await body(deps, d, now());
    if (payload === null) return drop(deps.pool, d, now(), 'resource was deleted');
    return settle(deps, d, now(), await post(deps, d, payload));
  }));
  return due.length;
}
