/**
 * read (http://hl7.org/fhir/R4/http.html#read): one query fetches the resource and the caller's
 * relation to its patient; the access policy decides; the read is audited (group commit) before
 * the body leaves. 410 for a deleted resource, 404 for an unknown one.
 */
import { withSignatureStatusText } from '../note-signatures/read-status.ts';
import { authorize, purpose, relationColumns, relationFromRow } from './access.ts';
import { fhirEvent, type FhirCtx } from './context.ts';
import { versionHeaders, type FhirReply } from './http.ts';
import { FhirError, notFound } from './outcome.ts';
import { isSharedType } from './registry.ts';
import { parseRows, RAW_COLS } from './rows.ts';

const READ_SQL = `SELECT ${RAW_COLS}, ${relationColumns('$3', 'patient_id', '$4')} FROM resources WHERE resource_type = $1 AND id = $2`;

export async function readInteraction(ctx: FhirCtx, type: string, id: string): Promise<FhirReply> {
  // A named (prepared) statement: the hot path is planned once per connection.
  const r = await ctx.deps.services.pool.query({ name: 'fhir-read', text: READ_SQL, values: [type, id, ctx.user.claims.userId, ctx.now] });
  const raw = r.rows[0] as unknown;
  if (raw === undefined) throw notFound(`${type}/${id} is not known`);
  const [row] = parseRows([raw]);
  if (row === undefined) throw notFound(`${type}/${id} is not known`);
  const shared = isSharedType(type);
  const { flagged } = authorize(ctx, type, 'read', shared ? null : row.patient_id, shared ? null : relationFromRow(raw), id);
  await ctx.deps.audit.record([
    fhirEvent(ctx, { action: 'resource-read', outcome: 'success', patientId: shared ? null : row.patient_id, resourceType: type, resourceId: id, ...purpose(flagged), detail: { version: row.version } }),
  ]);
  if (row.deleted || row.json === null) throw new FhirError('GONE', `${type}/${id} was deleted (version ${row.version})`);
  // A Provenance or signed note carries the server's verdict on its signature (note-signatures/read-status.ts).
  const body = await withSignatureStatusText(ctx.deps.services.pool, type, shared ? null : row.patient_id, row.json);
  return { status: 200, headers: versionHeaders(row.version, row.last_updated), body };
}
