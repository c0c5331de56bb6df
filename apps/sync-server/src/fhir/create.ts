/**
 * create (http://hl7.org/fhir/R4/http.html#create): the server assigns the id (a UUID, as every
 * Lantern id); `If-None-Exist` makes it conditional (http://hl7.org/fhir/R4/http.html#ccreate):
 * no match creates, one match answers 200 with it, several answer 412.
 */
import { randomUUID } from 'node:crypto';
import type { ResourceJson } from '@lantern/core';
import type pg from 'pg';
import { appendAuditEvents } from '../db/audit-log.ts';
import { withTx } from '../db/database.ts';
import { authorize, purpose, relationOf } from './access.ts';
import { fhirEvent, type FhirCtx } from './context.ts';
import { versionHeaders, type FhirReply } from './http.ts';
import { badRequest, FhirError } from './outcome.ts';
import { isSharedType } from './registry.ts';
import { writeReply } from './respond.ts';
import { conditionalMatches } from './search.ts';
import { fhirWrite } from './write.ts';

export function bodyOfType(type: string, body: unknown): ResourceJson {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('body', `must be a ${type} resource (JSON object)`);
  const rt = (body as Record<string, unknown>)['resourceType'];
  if (rt !== type) throw badRequest('resourceType', `must be ${type} (the type in the URL), got ${typeof rt === 'string' ? rt.slice(0, 64) : typeof rt}`);
  return body as ResourceJson;
}

/**
 * One conditional-create check: the existing match, or null to go ahead. A match is answered with
 * the stored resource, so it is a read: decided by the access policy and audited (HIPAA
 * 164.312(b)) before it leaves. Inside a transaction bundle pass its client `c`: the event joins
 * that transaction (the group-commit batcher would wait on the chain lock the bundle may hold).
 */
export async function existingMatch(ctx: FhirCtx, type: string, ifNoneExist: string | undefined, c?: pg.ClientBase) {
  if (ifNoneExist === undefined || ifNoneExist.trim() === '') return null;
  const q = c ?? ctx.deps.services.pool;
  const matches = await conditionalMatches(q, ctx, type, ifNoneExist);
  if (matches.length > 1) throw new FhirError('VERSION_MISMATCH', `If-None-Exist matched ${matches.length > 2 ? 'several' : 'two'} ${type} resources: be more selective`);
  const found = matches[0];
  if (found === undefined) return null;
  const shared = isSharedType(type);
  const patientId = shared ? null : found.patient_id;
  const { flagged } = authorize(ctx, type, 'read', patientId, patientId === null ? null : await relationOf(q, ctx, patientId), found.id);
  const events = [fhirEvent(ctx, {
    action: 'resource-read', outcome: 'success', patientId, resourceType: type, resourceId: found.id, ...purpose(flagged),
    detail: { version: found.version, interaction: 'conditional-create' },
  })];
  if (c === undefined) await ctx.deps.audit.record(events);
  else await appendAuditEvents(c, events);
  return found;
}

export async function createInteraction(ctx: FhirCtx, type: string, body: unknown, ifNoneExist: string | undefined): Promise<FhirReply> {
  const resource = bodyOfType(type, body);
  const found = await existingMatch(ctx, type, ifNoneExist);
  if (found !== null) {
    return { status: 200, headers: { ...versionHeaders(found.version, found.last_updated), location: `${ctx.base}/${type}/${found.id}/_history/${found.version}` }, body: ctx.prefer.return === 'minimal' ? null : found.json };
  }
  const id = randomUUID();
  const out = await withTx(ctx.deps.services.pool, (c) => fhirWrite(c, ctx, { type, id, op: 'create', resource: { ...resource, id }, ifMatch: null }));
  return writeReply(ctx, 201, out, true);
}
