/**
 * create (http://hl7.org/fhir/R4/http.html#create): the server assigns the id (a UUID, as every
 * Lantern id); `If-None-Exist` makes it conditional (http://hl7.org/fhir/R4/http.html#ccreate):
 * no match creates, one match answers 200 with it, several answer 412.
 */
import { randomUUID } from 'node:crypto';
import type { ResourceJson } from '@lantern/core';
import { withTx } from '../db/database.ts';
import type { FhirCtx } from './context.ts';
import { versionHeaders, type FhirReply } from './http.ts';
import { badRequest, FhirError } from './outcome.ts';
import { writeReply } from './respond.ts';
import { conditionalMatches } from './search.ts';
import { fhirWrite } from './write.ts';

export function bodyOfType(type: string, body: unknown): ResourceJson {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('body', `must be a ${type} resource (JSON object)`);
  const rt = (body as Record<string, unknown>)['resourceType'];
  if (rt !== type) throw badRequest('resourceType', `must be ${type} (the type in the URL), got ${typeof rt === 'string' ? rt.slice(0, 64) : typeof rt}`);
  return body as ResourceJson;
}

/** One conditional-create check: the existing match, or null to go ahead. */
export async function existingMatch(ctx: FhirCtx, type: string, ifNoneExist: string | undefined) {
  if (ifNoneExist === undefined || ifNoneExist.trim() === '') return null;
  const matches = await conditionalMatches(ctx.deps.services.pool, ctx, type, ifNoneExist);
  if (matches.length > 1) throw new FhirError('VERSION_MISMATCH', `If-None-Exist matched ${matches.length > 2 ? 'several' : 'two'} ${type} resources: be more selective`);
  return matches[0] ?? null;
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
