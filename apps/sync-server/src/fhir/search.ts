/**
 * search (http://hl7.org/fhir/R4/search.html) at type level: the caller sees only the records the
 * access policy lets them read (an explicit `patient` they may not read is a 403), matches come
 * back in a searchset Bundle with `total` and self/first/previous/next links, `_include` and
 * `_revinclude` add the referenced and referencing resources the caller may read.
 */
import { isUuid } from '@lantern/core';
import type { Queryable } from '../db/database.ts';
import { authorize, readableScope, relationOf, type ReadableScope } from './access.ts';
import { bundleText, pageLinks, type RawEntry } from './bundle.ts';
import type { FhirCtx } from './context.ts';
import { searchEvents } from './history.ts';
import type { FhirReply } from './http.ts';
import { SHARED_PARTITION } from './registry.ts';
import { parseRows, RAW_COLS, type RawRow } from './rows.ts';
import { includedEvents, includeRows, revIncludeRows } from './search/include.ts';
import { SEARCH_PARAMS } from './search/params.ts';
import { parseSearch, type ParsedSearch } from './search/parse.ts';
import { criterionSql, orderBySql, SqlArgs } from './search/sql.ts';

/** Explicit patients named by `patient`/`subject` must each be readable (else 403, audited). */
async function checkNamedPatients(q: Queryable, ctx: FhirCtx, p: ParsedSearch): Promise<void> {
  for (const c of p.criteria) {
    if (!('values' in c) || c.def.type !== 'reference' || c.def.target.kind !== 'patient') continue;
    for (const v of c.values as { type: string | null; id: string }[]) {
      if (!isUuid(v.id)) continue;
      authorize(ctx, p.type, 'search', v.id, await relationOf(q, ctx, v.id));
    }
  }
}

export function whereFor(p: ParsedSearch, scope: ReadableScope, a: SqlArgs): string {
  const where = [`resource_type = ${a.add(p.type)}`, 'NOT deleted'];
  // A record retired by a merge (inactive, link replaced-by) is read as a tombstone, never found by search (merge/).
  if (p.type === 'Patient') where.push(`NOT (resource @> '{"active": false, "link": [{"type": "replaced-by"}]}'::jsonb)`);
  if (scope.patients === null) where.push(`patient_id = '${SHARED_PARTITION}'`);
  else where.push(`patient_id = ANY(${a.add(scope.patients)}::uuid[])`);
  for (const c of p.criteria) where.push(criterionSql(c, a));
  return where.join(' AND ');
}

/** Matches of a conditional create's query (If-None-Exist), within what the caller may read. */
export async function conditionalMatches(q: Queryable, ctx: FhirCtx, type: string, query: string): Promise<RawRow[]> {
  const p = parseSearch(type, new URLSearchParams(query.replace(/^\?/, '')), ctx.now, { strict: true });
  await checkNamedPatients(q, ctx, p);
  const scope = await readableScope(q, ctx, type);
  const a = new SqlArgs();
  const r = await q.query(`SELECT ${RAW_COLS} FROM resources WHERE ${whereFor(p, scope, a)} LIMIT 2`, a.values);
  return parseRows(r.rows);
}

export async function searchInteraction(ctx: FhirCtx, type: string, query: URLSearchParams): Promise<FhirReply> {
  const pool = ctx.deps.services.pool;
  const p = parseSearch(type, query, ctx.now, { strict: ctx.prefer.strict });
  await checkNamedPatients(pool, ctx, p);
  const scope = await readableScope(pool, ctx, type);
  const a = new SqlArgs();
  const where = whereFor(p, scope, a);
  const countSql = `SELECT count(*)::int AS n FROM resources WHERE ${where}`;
  const countArgs = [...a.values];
  const order = orderBySql(p.sort, SEARCH_PARAMS[type] ?? [], a);
  const pageSql = `SELECT ${RAW_COLS} FROM resources WHERE ${where} ${order} LIMIT ${a.add(p.summaryCount ? 0 : p.count + 1)} OFFSET ${a.add(p.offset)}`;
  const [countR, pageR] = await Promise.all([
    p.totalNone && !p.summaryCount ? Promise.resolve(null) : pool.query(countSql, countArgs),
    pool.query(pageSql, a.values),
  ]);
  const total = countR === null ? undefined : (countR.rows[0] as { n: number }).n;
  const all = parseRows(pageR.rows);
  const matches = all.slice(0, p.count);
  const included = [...await includeRows(pool, ctx, p.include, matches), ...await revIncludeRows(pool, ctx, p.revinclude, matches)];
  const entries: RawEntry[] = [
    ...matches.map((r) => ({ fullUrl: `${ctx.base}/${r.resource_type}/${r.id}`, json: r.json, search: 'match' as const })),
    ...included.map((r) => ({ fullUrl: `${ctx.base}/${r.resource_type}/${r.id}`, json: r.json, search: 'include' as const })),
  ];
  if (p.ignored.length > 0) {
    entries.push({
      json: JSON.stringify({ resourceType: 'OperationOutcome', issue: p.ignored.map((n) => ({ severity: 'warning', code: 'not-supported', diagnostics: `Unknown search parameter '${n}' was ignored` })) }),
      search: 'outcome',
    });
  }
  const flagged = scope.flagged;
  await ctx.deps.audit.record([...searchEvents(ctx, type, matches, flagged, 'search-type'), ...includedEvents(ctx, included)]);
  const body = bundleText({
    type: 'searchset', now: ctx.now, entries,
    ...(total === undefined ? {} : { total }),
    links: pageLinks(`${ctx.base}/${type}`, p.canonical, p.offset, p.count, all.length > p.count),
  });
  return { status: 200, body };
}
