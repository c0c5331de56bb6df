/**
 * Turns parsed search criteria into SQL over `resources` (one row per current resource). The
 * extracted columns (patient_id, codes, status, last_updated) carry the common parameters; the
 * rest use SQL/JSON path on the stored resource in lax mode, so one path matches an element
 * whether it holds one value or an array (http://hl7.org/fhir/R4/search.html).
 */
import { isUuid } from '@lantern/core';
import { dateCondition } from './date.ts';
import type { DateTarget, SearchParamDef } from './params.ts';
import type { Criterion, SortKey } from './parse.ts';

export class SqlArgs {
  readonly values: unknown[] = [];
  constructor(initial: unknown[] = []) {
    this.values.push(...initial);
  }
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/** The lower and upper bound expressions of a date target (a missing period end is open). */
export function dateExprs(target: DateTarget | 'lastUpdated'): { low: string; high: string } {
  if (target === 'lastUpdated') return { low: 'last_updated', high: "(last_updated + interval '1 millisecond')" };
  const lows: string[] = [];
  const highs: string[] = [];
  for (const p of target.points) {
    lows.push(`fhir_date_low(resource->>'${p}')`);
    highs.push(`fhir_date_high(resource->>'${p}')`);
  }
  for (const p of target.periods) {
    lows.push(`CASE WHEN resource ? '${p}' THEN coalesce(fhir_date_low(resource#>>'{${p},start}'), '-infinity') END`);
    highs.push(`CASE WHEN resource ? '${p}' THEN coalesce(fhir_date_high(resource#>>'{${p},end}'), 'infinity') END`);
  }
  const one = (xs: string[]) => (xs.length === 1 ? (xs[0] as string) : `coalesce(${xs.join(', ')})`);
  return { low: one(lows), high: one(highs) };
}

const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function jsonPathFor(def: Extract<SearchParamDef, { type: 'token' }>, hasSystem: boolean, hasCode: boolean): string | null {
  const t = def.target;
  const cond = (valueField: string) => [hasCode ? `@.${valueField} == $c` : null, hasSystem ? '@.system == $s' : null].filter((x) => x !== null).join(' && ');
  switch (t.kind) {
    case 'concept':
      return `$.${t.path}.coding ? (${cond('code')})`;
    case 'coding':
      return `$.${t.path} ? (${cond('code')})`;
    case 'identifier':
      return `$.${t.path} ? (${cond('value')})`;
    case 'code':
      return `$.${t.path} ? (@ == $c)`;
    case 'codes':
    case 'status':
    case 'id':
      return null;
    default: {
      const never: never = t;
      throw new Error(`unknown token target ${String(never)}`);
    }
  }
}

function tokenSql(c: Extract<Criterion, { modifier: 'not' | null; values: { system: string | null; code: string | null }[] }>, a: SqlArgs): string {
  const def = c.def as Extract<SearchParamDef, { type: 'token' }>;
  const ors = c.values.map(({ system, code }) => {
    switch (def.target.kind) {
      case 'id':
        return `id = ${a.add(code ?? '')}`;
      case 'status':
        return `status = ${a.add(code ?? '')}`;
      case 'codes':
        if (system === null) return `EXISTS (SELECT 1 FROM unnest(codes) AS x WHERE split_part(x, '|', 2) = ${a.add(code ?? '')})`;
        if (code === null) return `EXISTS (SELECT 1 FROM unnest(codes) AS x WHERE x LIKE ${a.add(`${likeEscape(system)}|%`)})`;
        return `codes @> ARRAY[${a.add(`${system}|${code}`)}]::text[]`;
      default: {
        const path = jsonPathFor(def, system !== null && system !== '', code !== null);
        const vars: Record<string, string> = {};
        if (code !== null) vars['c'] = code;
        if (system !== null && system !== '') vars['s'] = system;
        return `jsonb_path_exists(resource, ${a.add(path)}::jsonpath, ${a.add(JSON.stringify(vars))}::jsonb)`;
      }
    }
  });
  const any = `(${ors.join(' OR ')})`;
  return c.modifier === 'not' ? `NOT ${any}` : any;
}

function missingSql(def: SearchParamDef, missing: boolean, a: SqlArgs): string {
  let present: string;
  switch (def.type) {
    case 'date': {
      present = `${dateExprs(def.target).low} IS NOT NULL`;
      break;
    }
    case 'string':
      present = `cardinality(fhir_name_parts(resource->'name', ${a.add(def.part)})) > 0`;
      break;
    case 'reference':
      present = def.target.kind === 'patient' ? 'true' : `jsonb_path_exists(resource, ${a.add(`$.${def.target.path.join('.')}`)}::jsonpath)`;
      break;
    case 'token':
      switch (def.target.kind) {
        case 'id':
          present = 'true';
          break;
        case 'status':
          present = 'status IS NOT NULL';
          break;
        case 'codes':
          present = "codes <> '{}'";
          break;
        default:
          present = `jsonb_path_exists(resource, ${a.add(`$.${def.target.path}`)}::jsonpath)`;
      }
      break;
    default: {
      const never: never = def;
      throw new Error(`unknown parameter ${String(never)}`);
    }
  }
  return missing ? `NOT (${present})` : `(${present})`;
}

export function criterionSql(c: Criterion, a: SqlArgs): string {
  if ('missing' in c) return missingSql(c.def, c.missing, a);
  const def = c.def;
  switch (def.type) {
    case 'token':
      return tokenSql(c as Parameters<typeof tokenSql>[0], a);
    case 'date': {
      const { low, high } = dateExprs(def.target);
      const values = (c as Extract<Criterion, { values: { prefix: string }[] }>).values;
      // Only the bounds a prefix uses become parameters (Postgres cannot type an unused one).
      return `(${values.map((v) => dateCondition(v.prefix, low, high, '@PL@', '@PH@')
        .replace(/@PL@/g, () => `${a.add(v.low)}::timestamptz`).replace(/@PH@/g, () => `${a.add(v.high)}::timestamptz`)).join(' OR ')})`;
    }
    case 'string': {
      const sc = c as Extract<Criterion, { modifier: 'exact' | 'contains' | null; values: string[] }>;
      const parts = `fhir_name_parts(resource->'name', ${a.add(def.part)})`;
      return `(${sc.values.map((v) => {
        const lower = v.toLowerCase();
        if (sc.modifier === 'exact') return `${a.add(lower)} = ANY(${parts})`;
        const pattern = sc.modifier === 'contains' ? `%${likeEscape(lower)}%` : `${likeEscape(lower)}%`;
        return `EXISTS (SELECT 1 FROM unnest(${parts}) AS s WHERE s LIKE ${a.add(pattern)})`;
      }).join(' OR ')})`;
    }
    case 'reference': {
      const values = (c as Extract<Criterion, { values: { type: string | null; id: string }[] }>).values;
      if (def.target.kind === 'patient') {
        const ids = values.filter((v) => (v.type === null || v.type === 'Patient') && isUuid(v.id)).map((v) => v.id);
        return ids.length === 0 ? 'false' : `patient_id = ANY(${a.add(ids)}::uuid[])`;
      }
      const refs = values.flatMap((v) => (v.type === null ? def.targets.map((t) => `${t}/${v.id}`) : [`${v.type}/${v.id}`]));
      return `jsonb_path_exists(resource, ${a.add(`$.${def.target.path.join('.')} ? (${refs.map((_, i) => `@ == $r${i}`).join(' || ')})`)}::jsonpath, ${a.add(JSON.stringify(Object.fromEntries(refs.map((r, i) => [`r${i}`, r]))))}::jsonb)`;
    }
    default: {
      const never: never = def;
      throw new Error(`unknown parameter ${String(never)}`);
    }
  }
}

/** ORDER BY for `_sort` (ties broken by id so paging is stable); default: last updated first. */
export function orderBySql(sort: readonly SortKey[], defs: readonly SearchParamDef[], a: SqlArgs): string {
  if (sort.length === 0) return 'ORDER BY last_updated DESC, id';
  const keys = sort.map(({ name, desc }) => {
    const def = defs.find((d) => d.name === name);
    let expr = 'id';
    if (def?.type === 'date') expr = dateExprs(def.target).low;
    else if (def?.type === 'string') expr = `(fhir_name_parts(resource->'name', ${a.add(def.part === 'name' ? 'family' : def.part)}))[1]`;
    else if (def?.name === 'status') expr = 'status';
    return `${expr} ${desc ? 'DESC' : 'ASC'} NULLS LAST`;
  });
  return `ORDER BY ${keys.join(', ')}, id`;
}
