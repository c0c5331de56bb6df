/**
 * Patient/{id}/$everything (http://hl7.org/fhir/R4/patient-operation-everything.html): the
 * patient's whole record the caller may read (types the policy denies are left out), plus the
 * practitioners it references, with `_since`, `_type`, `_count` and `_offset`. The bundle is
 * assembled from stored JSON text, so the heavy chart is answered without re-serialising it.
 */
import { decideAccess, isUuid } from '@lantern/core';
import { authorize, purpose, relationOf } from './access.ts';
import { bundleText, pageLinks, type RawEntry } from './bundle.ts';
import { fhirEvent, type FhirCtx } from './context.ts';
import type { FhirReply } from './http.ts';
import { badRequest, notFound } from './outcome.ts';
import { FHIR_TYPES, isFhirType, isSharedType, SHARED_PARTITION } from './registry.ts';
import { parseRows, RAW_COLS } from './rows.ts';
import { parseDateValue } from './search/date.ts';

/** Everything on one page unless the client pages. */
const MAX_PAGE = 20_000;

/** Where the chart names practitioners (scanned only in these small resource types). */
const PRACTITIONER_REFS = `
  SELECT DISTINCT split_part(ref #>> '{}', '/', 2) FROM resources r,
    jsonb_path_query(r.resource, 'lax $.**.reference ? (@ starts with "Practitioner/")') AS ref
  WHERE r.patient_id = $1 AND NOT r.deleted AND r.resource_type = ANY(ARRAY['Patient', 'Encounter', 'MedicationRequest', 'ServiceRequest', 'Condition', 'AllergyIntolerance'])`;

export async function everythingInteraction(ctx: FhirCtx, id: string, query: URLSearchParams): Promise<FhirReply> {
  const pool = ctx.deps.services.pool;
  let since: string | null = null;
  let types: string[] | null = null;
  let count = MAX_PAGE;
  let offset = 0;
  const params: [string, string][] = [];
  for (const [k, v] of query) {
    if (k === '_since') since = parseDateValue('_since', v, ctx.now).low;
    else if (k === '_type') {
      types = v.split(',');
      const bad = types.find((t) => !isFhirType(t));
      if (bad !== undefined) throw badRequest('_type', `unknown resource type ${bad.slice(0, 40)}`);
    } else if (k === '_count' || k === '_offset') {
      if (!/^\d{1,9}$/.test(v)) throw badRequest(k, 'must be a non-negative integer');
      if (k === '_count') count = Math.min(Math.max(1, Number(v)), MAX_PAGE);
      else offset = Number(v);
      continue;
    } else if (k !== '_format') throw badRequest(k.slice(0, 64), 'not supported by $everything (supported: _since, _type, _count)');
    params.push([k, v]);
  }
  if (!isUuid(id)) throw notFound(`Patient/${id.slice(0, 64)} is not known`);
  const exists = await pool.query("SELECT 1 FROM resources WHERE patient_id = $1 AND resource_type = 'Patient' AND id = $2", [id, id]);
  if (exists.rowCount === 0) throw notFound(`Patient/${id} is not known`);
  const rel = await relationOf(pool, ctx, id);
  const { flagged } = authorize(ctx, 'Patient', 'read', id, rel, id);
  const role = ctx.user.claims.role;
  const readable = FHIR_TYPES.map((t) => t.type).filter((t) => !isSharedType(t) && (types === null || types.includes(t))
    && decideAccess({ role, resourceType: t, action: 'read', relation: rel.relation, breakGlass: rel.breakGlass }).allowed);
  const withPractitioners = (types === null || types.includes('Practitioner')) && decideAccess({ role, resourceType: 'Practitioner', action: 'read', relation: 'none' }).allowed;

  const args: unknown[] = [id, readable];
  let where = 'patient_id = $1 AND resource_type = ANY($2::text[]) AND NOT deleted';
  if (since !== null) where += ` AND last_updated >= $${args.push(since)}`;
  const [countR, pageR, practR] = await Promise.all([
    pool.query(`SELECT count(*)::int AS n FROM resources WHERE ${where}`, args),
    pool.query(`SELECT ${RAW_COLS} FROM resources WHERE ${where} ORDER BY (resource_type <> 'Patient'), resource_type, seq LIMIT $${args.length + 1} OFFSET $${args.length + 2}`, [...args, count, offset]),
    withPractitioners && offset === 0
      ? pool.query(`SELECT ${RAW_COLS} FROM resources WHERE patient_id = '${SHARED_PARTITION}' AND resource_type = 'Practitioner' AND NOT deleted AND id IN (${PRACTITIONER_REFS})${since === null ? '' : ' AND last_updated >= $2'}`, since === null ? [id] : [id, since])
      : Promise.resolve(null),
  ]);
  const total = (countR.rows[0] as { n: number }).n;
  const rows = parseRows(pageR.rows);
  const practitioners = practR === null ? [] : parseRows(practR.rows);
  const entries: RawEntry[] = [...rows, ...practitioners].map((r) => ({ fullUrl: `${ctx.base}/${r.resource_type}/${r.id}`, json: r.json, search: 'match' }));
  await ctx.deps.audit.record([
    fhirEvent(ctx, { action: 'resource-read', outcome: 'success', patientId: id, resourceType: 'Patient', resourceId: id, ...purpose(flagged), detail: { operation: 'everything', count: rows.length } }),
  ]);
  const body = bundleText({
    type: 'searchset', total: total + practitioners.length, now: ctx.now, entries,
    links: pageLinks(`${ctx.base}/Patient/${id}/$everything`, params, offset, count, offset + rows.length < total),
  });
  return { status: 200, body };
}
