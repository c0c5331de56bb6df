/**
 * The Subscription resource as a client sends it (FHIR R4, http://hl7.org/fhir/R4/subscription.html):
 * zod at the trust boundary, then Lantern's limits: rest-hook channel only, an endpoint that is
 * HTTPS (plain HTTP only on loopback, as for the server itself), the small criteria language of
 * criteria.ts, and `channel.payload` either absent (an id-only notification bundle) or
 * `application/fhir+json` (the resource itself).
 */
import { z } from 'zod';
import { isLoopbackHost } from '../config.ts';
import { unprocessable } from '../fhir/outcome.ts';
import { parseCriteria, type Criteria } from './criteria.ts';

export const FHIR_JSON_PAYLOAD = 'application/fhir+json';

const SubscriptionInput = z.object({
  resourceType: z.literal('Subscription'),
  id: z.string().optional(),
  status: z.enum(['requested', 'active']),
  reason: z.string().min(1).max(500),
  criteria: z.string().min(1).max(1000),
  end: z.string().optional(),
  channel: z.object({
    type: z.string(),
    endpoint: z.string().url().max(2000),
    payload: z.string().max(100).optional(),
    header: z.array(z.string().max(500)).max(10).optional(),
  }),
}).passthrough();

export interface SubscriptionRequest {
  criteria: Criteria;
  criteriaText: string;
  endpoint: string;
  payload: typeof FHIR_JSON_PAYLOAD | null;
  headers: string[];
  reason: string;
}

/** Only headers a receiver needs to accept the POST (its own credential, a correlation id). */
const HEADER = /^[A-Za-z][A-Za-z0-9-]{0,63}:\s?[\x20-\x7e]{1,400}$/;
const FORBIDDEN_HEADERS = new Set(['host', 'content-length', 'content-type', 'transfer-encoding', 'connection']);

export function parseSubscription(body: unknown): SubscriptionRequest {
  const p = SubscriptionInput.safeParse(body);
  if (!p.success) {
    const i = p.error.issues[0];
    throw unprocessable(i === undefined ? 'Subscription' : `Subscription.${i.path.join('.')}`, i?.message ?? 'not a valid Subscription');
  }
  const s = p.data;
  if (s.channel.type !== 'rest-hook') throw unprocessable('Subscription.channel.type', 'Lantern delivers rest-hook channels only');
  const url = new URL(s.channel.endpoint);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw unprocessable('Subscription.channel.endpoint', 'must be https (plain http only on loopback)');
  }
  if (url.username !== '' || url.password !== '') throw unprocessable('Subscription.channel.endpoint', 'credentials go in channel.header, not the URL');
  const payload = s.channel.payload === undefined ? null : s.channel.payload.split(';')[0]?.trim() === FHIR_JSON_PAYLOAD ? FHIR_JSON_PAYLOAD : undefined;
  if (payload === undefined) throw unprocessable('Subscription.channel.payload', `absent (id-only notification) or ${FHIR_JSON_PAYLOAD}`);
  const headers = s.channel.header ?? [];
  for (const h of headers) {
    if (!HEADER.test(h) || FORBIDDEN_HEADERS.has(h.split(':')[0]?.toLowerCase() ?? '')) throw unprocessable('Subscription.channel.header', 'expected "Name: value" (not Host, Content-Type or framing headers)');
  }
  const c = parseCriteria(s.criteria);
  if (!c.ok) throw unprocessable('Subscription.criteria', c.error.replace(/^criteria: /, ''));
  return { criteria: c.value, criteriaText: s.criteria, endpoint: url.toString(), payload, headers, reason: s.reason };
}

/**
 * The stored resource the FHIR API answers with: the client's fields, the server's id, status and
 * meta. Header values (a receiver's credential) are never echoed back: only their names.
 */
export function subscriptionResource(id: string, r: SubscriptionRequest, status: 'active' | 'off' | 'error', lastUpdated: string): Record<string, unknown> {
  return {
    resourceType: 'Subscription', id, meta: { versionId: '1', lastUpdated },
    status, reason: r.reason, criteria: r.criteriaText,
    channel: { type: 'rest-hook', endpoint: r.endpoint, ...(r.payload === null ? {} : { payload: r.payload }), ...(r.headers.length === 0 ? {} : { header: r.headers.map((h) => `${h.split(':')[0] ?? ''}: (hidden)`) }) },
  };
}
