/**
 * `_include` and `_revinclude` (http://hl7.org/fhir/R4/search.html#include): the referenced or
 * referencing resources of a page of matches, each filtered through the access policy like any
 * other read (a resource the caller may not read is left out, not an error). Each included
 * resource is a disclosure of its own type: `includedEvents` audits it per patient and type
 * (HIPAA 164.312(b)), flagged when only break-glass lets the caller read that type.
 */
import type { AuditEventInput } from '@lantern/core';
import type { Queryable } from '../../db/database.ts';
import { purpose, readableScope, type ReadableScope } from '../access.ts';
import { fhirEvent, type FhirCtx } from '../context.ts';
import { RELATIVE_REF } from '../references.ts';
import { isFhirType, SHARED_PARTITION } from '../registry.ts';
import { parseRows, RAW_COLS, type RawRow } from '../rows.ts';
import type { IncludeSpec } from './parse.ts';

const MAX_INCLUDED = 1000;

/** An included row, with whether reading it relied on break-glass. */
export type IncludedRow = RawRow & { flagged: boolean };

const included = (scope: ReadableScope | null, row: RawRow): IncludedRow => ({ ...row, flagged: scope?.flagged.has(row.patient_id) ?? false });

/** One `search` event per patient and included type (`interaction: search-include`); shared types carry no PHI. */
export function includedEvents(ctx: FhirCtx, rows: readonly IncludedRow[]): AuditEventInput[] {
  const per = new Map<string, { patientId: string; type: string; count: number; flagged: boolean }>();
  for (const r of rows) {
    if (r.patient_id === SHARED_PARTITION) continue;
    const k = `${r.patient_id}/${r.resource_type}`;
    const g = per.get(k) ?? { patientId: r.patient_id, type: r.resource_type, count: 0, flagged: false };
    per.set(k, { ...g, count: g.count + 1, flagged: g.flagged || r.flagged });
  }
  return [...per.values()].map((g) =>
    fhirEvent(ctx, { action: 'search', outcome: 'success', patientId: g.patientId, resourceType: g.type, ...purpose(g.flagged), detail: { interaction: 'search-include', count: g.count } }));
}

/** Values at a lax path: arrays unwrap at every step, as in SQL/JSON path lax mode. */
export function laxValues(v: unknown, path: readonly string[]): unknown[] {
  if (Array.isArray(v)) return v.flatMap((x) => laxValues(x, path));
  if (path.length === 0) return [v];
  if (typeof v !== 'object' || v === null) return [];
  const [head, ...rest] = path;
  return laxValues((v as Record<string, unknown>)[head as string], rest);
}

async function scopeFor(cache: Map<string, ReadableScope | null>, q: Queryable, ctx: FhirCtx, type: string): Promise<ReadableScope | null> {
  if (!cache.has(type)) cache.set(type, await readableScope(q, ctx, type).catch(() => null));
  return cache.get(type) ?? null;
}

const readable = (scope: ReadableScope | null, r: RawRow): boolean =>
  scope !== null && (scope.patients === null ? r.patient_id === SHARED_PARTITION : scope.patients.includes(r.patient_id));

export async function includeRows(q: Queryable, ctx: FhirCtx, specs: readonly IncludeSpec[], matches: readonly RawRow[]): Promise<IncludedRow[]> {
  if (specs.length === 0 || matches.length === 0) return [];
  const wanted = new Map<string, Set<string>>();
  for (const m of matches) {
    const resource = JSON.parse(m.json ?? 'null') as unknown;
    for (const s of specs) {
      if (s.param.target.kind === 'patient') {
        if (m.patient_id !== SHARED_PARTITION) (wanted.get('Patient') ?? wanted.set('Patient', new Set()).get('Patient'))?.add(m.patient_id);
        continue;
      }
      for (const ref of laxValues(resource, s.param.target.path)) {
        const x = typeof ref === 'string' ? RELATIVE_REF.exec(ref) : null;
        if (x === null || !isFhirType(x[1] as string)) continue;
        (wanted.get(x[1] as string) ?? wanted.set(x[1] as string, new Set()).get(x[1] as string))?.add(x[2] as string);
      }
    }
  }
  const seen = new Set(matches.map((m) => `${m.resource_type}/${m.id}`));
  const cache = new Map<string, ReadableScope | null>();
  const out: IncludedRow[] = [];
  for (const [type, ids] of wanted) {
    const r = await q.query(`SELECT ${RAW_COLS} FROM resources WHERE resource_type = $1 AND id = ANY($2::text[]) AND NOT deleted LIMIT ${MAX_INCLUDED}`, [type, [...ids]]);
    const scope = await scopeFor(cache, q, ctx, type);
    for (const row of parseRows(r.rows)) {
      const k = `${row.resource_type}/${row.id}`;
      if (!seen.has(k) && readable(scope, row)) {
        seen.add(k);
        out.push(included(scope, row));
      }
    }
  }
  return out;
}

export async function revIncludeRows(q: Queryable, ctx: FhirCtx, specs: readonly IncludeSpec[], matches: readonly RawRow[]): Promise<IncludedRow[]> {
  if (specs.length === 0 || matches.length === 0) return [];
  const seen = new Set(matches.map((m) => `${m.resource_type}/${m.id}`));
  const cache = new Map<string, ReadableScope | null>();
  const out: IncludedRow[] = [];
  for (const s of specs) {
    const scope = await scopeFor(cache, q, ctx, s.sourceType);
    if (scope === null) continue;
    const patients = scope.patients ?? [SHARED_PARTITION];
    let r;
    if (s.param.target.kind === 'patient') {
      const ids = matches.filter((m) => m.resource_type === 'Patient').map((m) => m.id);
      r = await q.query(
        `SELECT ${RAW_COLS} FROM resources WHERE resource_type = $1 AND patient_id = ANY($2::uuid[]) AND patient_id = ANY($3::uuid[]) AND NOT deleted LIMIT ${MAX_INCLUDED}`,
        [s.sourceType, ids, patients],
      );
    } else {
      const refs = matches.map((m) => `${m.resource_type}/${m.id}`);
      r = await q.query(
        `SELECT ${RAW_COLS} FROM resources WHERE resource_type = $1 AND patient_id = ANY($2::uuid[]) AND NOT deleted
           AND jsonb_path_exists(resource, $3::jsonpath, jsonb_build_object('refs', $4::jsonb))
         LIMIT ${MAX_INCLUDED}`,
        [s.sourceType, patients, `$.${s.param.target.path.join('.')} ? (@ == $refs[*])`, JSON.stringify(refs)],
      );
    }
    for (const row of parseRows(r.rows)) {
      const k = `${row.resource_type}/${row.id}`;
      if (!seen.has(k) && readable(scope, row)) {
        seen.add(k);
        out.push(included(scope, row));
      }
    }
  }
  return out;
}
