/**
 * update (http://hl7.org/fhir/R4/http.html#update): a new version. An update of a clinical record
 * names the version it was made on (`If-Match`, else `meta.versionId`; neither: 428); a stale one
 * is merged as sync does, a conflict is 409 (versioned-write.ts). Update-as-create is allowed for a
 * client-chosen UUID, the way workstations create records.
 */
import { isUuid } from '@lantern/core';
import { withTx } from '../db/database.ts';
import type { FhirCtx } from './context.ts';
import type { FhirReply } from './http.ts';
import { badRequest } from './outcome.ts';
import { bodyOfType } from './create.ts';
import { writeReply } from './respond.ts';
import { fhirWrite } from './write.ts';

export async function updateInteraction(ctx: FhirCtx, type: string, id: string, body: unknown, ifMatch: number | null): Promise<FhirReply> {
  const resource = bodyOfType(type, body);
  if (resource['id'] !== id) throw badRequest(`${type}.id`, `must equal the id in the URL (${id})`);
  if (!isUuid(id)) throw badRequest(`${type}.id`, 'Lantern resource ids are UUIDs');
  const out = await withTx(ctx.deps.services.pool, (c) => fhirWrite(c, ctx, { type, id, op: 'update', resource, ifMatch }));
  return writeReply(ctx, out.created ? 201 : 200, out, out.created);
}
