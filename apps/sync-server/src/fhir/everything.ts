/**
 * Patient/{id}/$everything (http://hl7.org/fhir/R4/patient-operation-everything.html): the
 * patient's whole record the caller may read (types the policy denies are left out), plus the
 * practitioners it references, with `_since`, `_type`, `_count` and `_offset`. Postgres assembles
 * the entries from the stored JSON, and the text is reused while the chart is unchanged
 * (everything-cache.ts), so the heavy chart is answered without re-serialising it.
 */
import { decideAccess, isUuid } from '@lantern/core';
import { safeChangeSeq } from '../db/resources.ts';
import { authorize, purpose, relationOf } from './access.ts';
import { bundleText, entryText, pageLinks, type RawEntry } from './bundle.ts';
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

  const readStamp = async (): Promise<string> => ((await pool.query(
    `SELECT (SELECT max(seq) FROM resources WHERE patient_id = $1)::text || '/' || coalesce((SELECT max(seq) FROM resources WHERE patient_id = '${SHARED_PARTITION}'), 0)::text AS s`, [id],
  )).rows[0] as { s: string }).s;
  let stamp = await readStamp();
  const key = [ctx.base, id, readable.join(','), withPractitioners, since, count, offset, params.map((p) => p.join('=')).join('&')].join('|');
  const cached = ctx.deps.everything.get(key, stamp);
  const links = (hasNext: boolean) => pageLinks(`${ctx.base}/Patient/${id}/$everything`, params, offset, count, hasNext);
  if (cached !== null) {
    await audit(ctx, id, flagged, cached.count);
    return { status: 200, body: bundleText({ type: 'searchset', total: cached.total, now: ctx.now, entries: [], rawEntries: cached.entries, links: links(cached.hasNext) }) };
  }
  // Before a body is built for the cache, every writer that drew a change seq so far has finished
  // (safeChangeSeq, db/settled-seq.ts), so no write below the stamp can appear after it.
  await safeChangeSeq(pool);
  stamp = await readStamp();
  const args: unknown[] = [id, readable];
  let where = 'patient_id = $1 AND resource_type = ANY($2::text[]) AND NOT deleted';
  if (since !== null) where += ` AND last_updated >= $${args.push(since)}`;
  const page = `SELECT resource_type, id, resource, seq FROM resources WHERE ${where} AND resource_type <> 'Patient'
    ORDER BY seq LIMIT $${args.length + 1} OFFSET $${args.length + 2}`;
  // Postgres assembles the entries of the page as one JSON text, in change order along the
  // (patient_id, seq) index: no row objects, no re-serialisation of the chart in Node.
  const entrySql = `'{"fullUrl":' || to_json($${args.length + 3}::text || '/' || resource_type || '/' || id)::text || ',"resource":' || resource::text || ',"search":{"mode":"match"}}'`;
  const [countR, patientR, pageR, practR] = await Promise.all([
    pool.query(`SELECT count(*)::int AS n FROM resources WHERE ${where} AND resource_type <> 'Patient'`, args),
    pool.query(`SELECT ${RAW_COLS} FROM resources WHERE ${where} AND resource_type = 'Patient'`, args),
    pool.query(`SELECT count(*)::int AS n, string_agg(${entrySql}, ',') AS entries FROM (${page}) AS p`, [...args, count, offset, ctx.base]),
    withPractitioners && offset === 0
      ? pool.query(`SELECT ${RAW_COLS} FROM resources WHERE patient_id = '${SHARED_PARTITION}' AND resource_type = 'Practitioner' AND NOT deleted AND id IN (${PRACTITIONER_REFS})${since === null ? '' : ' AND last_updated >= $2'}`, since === null ? [id] : [id, since])
      : Promise.resolve(null),
  ]);
  const total = (countR.rows[0] as { n: number }).n;
  const pageRow = pageR.rows[0] as { n: number; entries: string | null };
  const patientRows = parseRows(patientR.rows);
  const patient = offset === 0 ? patientRows : [];
  const practitioners = practR === null ? [] : parseRows(practR.rows);
  const raw = (r: { resource_type: string; id: string; json: string | null }): RawEntry => ({ fullUrl: `${ctx.base}/${r.resource_type}/${r.id}`, json: r.json, search: 'match' });
  const entries: RawEntry[] = patient.map(raw);
  await audit(ctx, id, flagged, pageRow.n + patient.length);
  const rawEntries = [...entries.map(entryText), pageRow.entries ?? '', ...practitioners.map((r) => entryText(raw(r)))].filter((x) => x !== '').join(',');
  const fresh = { stamp, total: total + patientRows.length + practitioners.length, entries: rawEntries, hasNext: offset + pageRow.n < total, count: pageRow.n + patient.length };
  ctx.deps.everything.set(key, fresh);
  return { status: 200, body: bundleText({ type: 'searchset', total: fresh.total, now: ctx.now, entries: [], rawEntries, links: links(fresh.hasNext) }) };
}

function audit(ctx: FhirCtx, id: string, flagged: boolean, count: number): Promise<void> {
  return ctx.deps.audit.record([
    fhirEvent(ctx, { action: 'resource-read', outcome: 'success', patientId: id, resourceType: 'Patient', resourceId: id, ...purpose(flagged), detail: { operation: 'everything', count } }),
  ]);
}
