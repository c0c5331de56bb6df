/**
 * history (http://hl7.org/fhir/R4/http.html#history), instance and type level: every version,
 * newest first, deletes included (an entry without a resource, request DELETE). `_since` and
 * `_count`/`_offset` paging. Writes from sync.push and from FHIR share the one version table.
 */
import { authorize, purpose, readableScope, relationOf } from './access.ts';
import { bundleText, pageLinks, type RawEntry } from './bundle.ts';
import { fhirEvent, type FhirCtx } from './context.ts';
import { etag, type FhirReply } from './http.ts';
import { badRequest, notFound } from './outcome.ts';
import { isSharedType, SHARED_PARTITION } from './registry.ts';
import { parseRows, type RawRow } from './rows.ts';
import { parseDateValue } from './search/date.ts';
import { DEFAULT_COUNT, MAX_COUNT } from './search/parse.ts';

interface HistoryQuery { since: string | null; count: number; offset: number; params: [string, string][] }

function parseHistoryQuery(q: URLSearchParams, now: Date): HistoryQuery {
  const out: HistoryQuery = { since: null, count: DEFAULT_COUNT, offset: 0, params: [] };
  for (const [k, v] of q) {
    if (k === '_since') {
      out.since = parseDateValue('_since', v, now).low;
      out.params.push([k, v]);
    } else if (k === '_count' || k === '_offset') {
      if (!/^\d{1,9}$/.test(v)) throw badRequest(k, 'must be a non-negative integer');
      if (k === '_count') out.count = Math.min(Number(v), MAX_COUNT);
      else out.offset = Number(v);
    } else if (k !== '_format') {
      throw badRequest(k.slice(0, 64), 'not supported on _history (supported: _since, _count)');
    }
  }
  return out;
}

function historyEntry(base: string, r: RawRow): RawEntry {
  const method = r.deleted ? 'DELETE' : r.version === 1 ? 'POST' : 'PUT';
  return {
    fullUrl: `${base}/${r.resource_type}/${r.id}`,
    json: r.deleted ? null : r.json,
    request: { method, url: method === 'POST' ? r.resource_type : `${r.resource_type}/${r.id}` },
    response: { status: r.deleted ? '204' : r.version === 1 ? '201' : '200', etag: etag(r.version), lastModified: r.last_updated },
  };
}

async function page(ctx: FhirCtx, where: string, args: unknown[], h: HistoryQuery, url: string): Promise<{ body: string; rows: RawRow[] }> {
  const pool = ctx.deps.services.pool;
  const n = args.length;
  const [count, rows] = await Promise.all([
    pool.query(`SELECT count(*)::int AS n FROM resource_versions WHERE ${where}`, args),
    pool.query(
      `SELECT resource_type, id, patient_id, version, deleted, last_updated, resource::text AS json FROM resource_versions
       WHERE ${where} ORDER BY last_updated DESC, version DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...args, h.count, h.offset],
    ),
  ]);
  const total = (count.rows[0] as { n: number }).n;
  const parsed = parseRows(rows.rows);
  const body = bundleText({
    type: 'history', total, now: ctx.now,
    links: pageLinks(url, h.params, h.offset, h.count, h.offset + parsed.length < total),
    entries: parsed.map((r) => historyEntry(ctx.base, r)),
  });
  return { body, rows: parsed };
}

export async function instanceHistory(ctx: FhirCtx, type: string, id: string, query: URLSearchParams): Promise<FhirReply> {
  const h = parseHistoryQuery(query, ctx.now);
  const cur = await ctx.deps.services.pool.query('SELECT patient_id FROM resources WHERE resource_type = $1 AND id = $2', [type, id]);
  const patientId = (cur.rows[0] as { patient_id: string } | undefined)?.patient_id;
  if (patientId === undefined) throw notFound(`${type}/${id} is not known`);
  const shared = isSharedType(type);
  const { flagged } = authorize(ctx, type, 'read', shared ? null : patientId, shared ? null : await relationOf(ctx.deps.services.pool, ctx, patientId), id);
  const args: unknown[] = [type, id];
  let where = 'resource_type = $1 AND id = $2';
  if (h.since !== null) where += ` AND last_updated >= $${args.push(h.since)}`;
  const { body, rows } = await page(ctx, where, args, h, `${ctx.base}/${type}/${id}/_history`);
  await ctx.deps.audit.record([
    fhirEvent(ctx, { action: 'resource-read', outcome: 'success', patientId: shared ? null : patientId, resourceType: type, resourceId: id, ...purpose(flagged), detail: { interaction: 'history-instance', count: rows.length } }),
  ]);
  return { status: 200, body };
}

export async function typeHistory(ctx: FhirCtx, type: string, query: URLSearchParams): Promise<FhirReply> {
  const h = parseHistoryQuery(query, ctx.now);
  const scope = await readableScope(ctx.deps.services.pool, ctx, type);
  const args: unknown[] = [type];
  let where = 'resource_type = $1';
  if (scope.patients === null) where += ` AND patient_id = '${SHARED_PARTITION}'`;
  else where += ` AND patient_id = ANY($${args.push(scope.patients)}::uuid[])`;
  if (h.since !== null) where += ` AND last_updated >= $${args.push(h.since)}`;
  const { body, rows } = await page(ctx, where, args, h, `${ctx.base}/${type}/_history`);
  await ctx.deps.audit.record(searchEvents(ctx, type, rows, scope.flagged, 'history-type'));
  return { status: 200, body };
}

/** One `search` audit event per patient whose records are in the answer (one without a patient if none). */
export function searchEvents(ctx: FhirCtx, type: string, rows: readonly { patient_id: string }[], flagged: ReadonlySet<string>, interaction: string) {
  const per = new Map<string, number>();
  for (const r of rows) if (r.patient_id !== SHARED_PARTITION) per.set(r.patient_id, (per.get(r.patient_id) ?? 0) + 1);
  if (per.size === 0) return [fhirEvent(ctx, { action: 'search', outcome: 'success', resourceType: type, detail: { interaction, count: rows.length } })];
  return [...per].map(([patientId, count]) =>
    fhirEvent(ctx, { action: 'search', outcome: 'success', patientId, resourceType: type, ...purpose(flagged.has(patientId)), detail: { interaction, count } }));
}
