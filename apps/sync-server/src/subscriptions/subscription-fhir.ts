/**
 * Subscription over the FHIR API (http://hl7.org/fhir/R4/subscription.html): create, read, search
 * (a subscriber's own) and delete. Who may subscribe to what is decided here, with the core policy:
 * the caller must be a registered subscriber client (subscriber.ts) registered for the criteria's
 * type, its role must be able to read that type for a care-team patient, a `patient=` filter needs
 * the caller to be able to read that patient's record now, and `patient.care-team=` may name only
 * the caller's own care team. Each notification is checked again when it is dispatched.
 */
import { randomUUID } from 'node:crypto';
import { decideAccess } from '@lantern/core';
import { z } from 'zod';
import { safeChangeSeq } from '../db/resources.ts';
import { loadUserScope, relationOf } from '../db/scope.ts';
import { fhirEvent, type FhirCtx } from '../fhir/context.ts';
import type { FhirReply } from '../fhir/http.ts';
import { FhirError, notFound } from '../fhir/outcome.ts';
import { parseSubscription, subscriptionResource } from './subscription-resource.ts';
import { subscriberForUser, type SubscriberClient } from './subscriber.ts';

const forbidden = (message: string): FhirError => new FhirError('FORBIDDEN', message);

async function callerClient(ctx: FhirCtx): Promise<SubscriberClient> {
  const client = await subscriberForUser(ctx.deps.services.pool, ctx.user.claims.userId);
  if (client === null) throw forbidden('Only a registered subscriber client may manage subscriptions');
  return client;
}

async function audit(ctx: FhirCtx, action: 'resource-create' | 'resource-read' | 'resource-delete' | 'search', outcome: 'success' | 'denied', id: string | null, client: string | null): Promise<void> {
  await ctx.deps.audit.record([fhirEvent(ctx, { action, outcome, resourceType: 'Subscription', resourceId: id, detail: { subscriber: client } })]);
}

export async function createSubscription(ctx: FhirCtx, body: unknown): Promise<FhirReply> {
  const req = parseSubscription(body);
  let client: SubscriberClient;
  try {
    client = await callerClient(ctx);
    const type = req.criteria.resourceType;
    if (!client.allowedTypes.includes(type)) throw forbidden(`This subscriber is not registered for ${type}`);
    if (!decideAccess({ role: client.role, resourceType: type, action: 'read', relation: 'care-team' }).allowed) throw forbidden(`${client.role} may not read ${type}`);
    const scope = await loadUserScope(ctx.deps.services.pool, client.userId, ctx.now);
    for (const f of req.criteria.filters) {
      if (f.kind === 'care-team' && f.userId !== client.userId) throw forbidden('patient.care-team may name only the subscriber\'s own care team');
      if (f.kind === 'patient' && !decideAccess({ role: client.role, resourceType: type, action: 'read', relation: relationOf(scope, f.patientId).relation }).allowed) {
        throw forbidden(`This subscriber may not read ${type} of that patient`);
      }
    }
  } catch (e) {
    if (e instanceof FhirError && e.code === 'FORBIDDEN') await audit(ctx, 'resource-create', 'denied', null, null);
    throw e;
  }
  const id = randomUUID();
  const now = ctx.now.toISOString();
  const resource = subscriptionResource(id, req, 'active', now);
  // Starts at the settled point of the change feed: every write at or below it has committed, so a
  // write still in flight now (holding a lower seq) is not skipped by the dispatcher later.
  const start = await safeChangeSeq(ctx.deps.services.pool);
  await ctx.deps.services.pool.query(
    `INSERT INTO subscriptions (id, client_id, status, criteria, resource_type, endpoint, payload, headers, resource, created_by, created_at, start_seq)
     VALUES ($1, $2, 'active', $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [id, client.clientId, req.criteriaText, req.criteria.resourceType, req.endpoint, req.payload, req.headers, resource, ctx.user.claims.userId, ctx.now, start],
  );
  await audit(ctx, 'resource-create', 'success', id, client.clientId);
  return { status: 201, headers: { location: `${ctx.base}/Subscription/${id}/_history/1`, etag: 'W/"1"' }, body: resource };
}

const Row = z.object({ id: z.string(), client_id: z.string(), status: z.string(), resource: z.record(z.string(), z.unknown()) });

/** A subscriber sees its own subscriptions only; another's is "not known" (no existence leak). */
async function ownRow(ctx: FhirCtx, id: string): Promise<z.infer<typeof Row>> {
  const client = await callerClient(ctx);
  if (!z.string().uuid().safeParse(id).success) throw notFound(`Subscription/${id.slice(0, 64)} is not known`);
  const r = await ctx.deps.services.pool.query('SELECT id, client_id, status, resource FROM subscriptions WHERE id = $1 AND client_id = $2', [id, client.clientId]);
  if (r.rows[0] === undefined) throw notFound(`Subscription/${id} is not known`);
  return Row.parse(r.rows[0]);
}

export async function readSubscription(ctx: FhirCtx, id: string): Promise<FhirReply> {
  const row = await ownRow(ctx, id);
  await audit(ctx, 'resource-read', 'success', id, row.client_id);
  return { status: 200, body: { ...row.resource, status: row.status } };
}

export async function searchSubscriptions(ctx: FhirCtx): Promise<FhirReply> {
  const client = await callerClient(ctx);
  const r = await ctx.deps.services.pool.query('SELECT id, client_id, status, resource FROM subscriptions WHERE client_id = $1 ORDER BY created_at', [client.clientId]);
  const rows = z.array(Row).parse(r.rows);
  await audit(ctx, 'search', 'success', null, client.clientId);
  return {
    status: 200,
    body: {
      resourceType: 'Bundle', type: 'searchset', total: rows.length,
      entry: rows.map((x) => ({ fullUrl: `${ctx.base}/Subscription/${x.id}`, resource: { ...x.resource, status: x.status }, search: { mode: 'match' } })),
    },
  };
}

/** Deleting stops notifications at once; pending deliveries go with it (they hold ids only). */
export async function deleteSubscription(ctx: FhirCtx, id: string): Promise<FhirReply> {
  const row = await ownRow(ctx, id);
  await ctx.deps.services.pool.query('DELETE FROM subscriptions WHERE id = $1', [row.id]);
  await audit(ctx, 'resource-delete', 'success', id, row.client_id);
  return { status: 204, body: null };
}
