/** vread (http://hl7.org/fhir/R4/http.html#vread): one stored version; 410 if that version is a delete. */
import { withSignatureStatusText } from '../note-signatures/read-status.ts';
import { authorize, purpose, relationColumns, relationFromRow } from './access.ts';
import { fhirEvent, type FhirCtx } from './context.ts';
import { versionHeaders, type FhirReply } from './http.ts';
import { badRequest, FhirError, notFound } from './outcome.ts';
import { isSharedType } from './registry.ts';
import { parseRows } from './rows.ts';

export async function vreadInteraction(ctx: FhirCtx, type: string, id: string, vid: string): Promise<FhirReply> {
  if (!/^\d{1,9}$/.test(vid)) throw badRequest('vid', 'a version id is a positive integer');
  const r = await ctx.deps.services.pool.query(
    `SELECT resource_type, id, patient_id, version, deleted, last_updated, resource::text AS json, ${relationColumns('$4', 'patient_id', '$5')}
     FROM resource_versions WHERE resource_type = $1 AND id = $2 AND version = $3`,
    [type, id, Number(vid), ctx.user.claims.userId, ctx.now],
  );
  const raw = r.rows[0] as unknown;
  const row = raw === undefined ? undefined : parseRows([raw])[0];
  if (row === undefined) throw notFound(`${type}/${id} has no version ${vid}`);
  const shared = isSharedType(type);
  const { flagged } = authorize(ctx, type, 'read', shared ? null : row.patient_id, shared ? null : relationFromRow(raw), id);
  await ctx.deps.audit.record([
    fhirEvent(ctx, { action: 'resource-read', outcome: 'success', patientId: shared ? null : row.patient_id, resourceType: type, resourceId: id, ...purpose(flagged), detail: { version: row.version } }),
  ]);
  if (row.deleted || row.json === null) throw new FhirError('GONE', `${type}/${id} version ${vid} is a deletion`);
  const body = await withSignatureStatusText(ctx.deps.services.pool, type, shared ? null : row.patient_id, row.json);
  return { status: 200, headers: versionHeaders(row.version, row.last_updated), body };
}
