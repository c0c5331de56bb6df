/**
 * delete (http://hl7.org/fhir/R4/http.html#delete): a logical delete — a new version that is a
 * tombstone, so history keeps every earlier version and workstations purge it on their next pull.
 * A read afterwards is 410 Gone. Deleting what is already deleted is a no-op (204). A delete of a
 * clinical record needs `If-Match` (428 without; a stale one is merged, so a changed record is 409).
 */
import { withTx } from '../db/database.ts';
import type { FhirCtx } from './context.ts';
import { etag, type FhirReply } from './http.ts';
import { informational } from './outcome.ts';
import { fhirWrite } from './write.ts';

export async function deleteInteraction(ctx: FhirCtx, type: string, id: string, ifMatch: number | null): Promise<FhirReply> {
  const out = await withTx(ctx.deps.services.pool, (c) => fhirWrite(c, ctx, { type, id, op: 'delete', resource: null, ifMatch }));
  const headers = out.noop ? {} : { etag: etag(out.version) };
  if (ctx.prefer.return === 'OperationOutcome') return { status: 200, headers, body: informational(out.noop ? `${type}/${id} was already deleted` : `${type}/${id} deleted (version ${out.version})`) };
  return { status: 204, headers, body: null };
}
