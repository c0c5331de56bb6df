/**
 * Parses a FHIR search query string (http://hl7.org/fhir/R4/search.html) against the parameter
 * table: `name[:modifier]=v1,v2` (comma: OR; repeated parameter: AND), result parameters, and
 * `_include`/`_revinclude`. Unknown parameters are reported (strict handling: 400) or ignored
 * and listed in an OperationOutcome entry (lenient, the default).
 */
import { badRequest } from '../outcome.ts';
import { isFhirType } from '../registry.ts';
import { parseDateValue, type DateValue } from './date.ts';
import { includeParams, paramDef, SEARCH_PARAMS, type SearchParamDef } from './params.ts';

export interface TokenValue { system: string | null; code: string | null }

export type Criterion =
  | { def: Extract<SearchParamDef, { type: 'token' }>; modifier: 'not' | null; values: TokenValue[] }
  | { def: Extract<SearchParamDef, { type: 'date' }>; values: DateValue[] }
  | { def: Extract<SearchParamDef, { type: 'string' }>; modifier: 'exact' | 'contains' | null; values: string[] }
  | { def: Extract<SearchParamDef, { type: 'reference' }>; values: { type: string | null; id: string }[] }
  | { def: SearchParamDef; missing: boolean };

export interface SortKey { name: string; desc: boolean }
export interface IncludeSpec { sourceType: string; param: Extract<SearchParamDef, { type: 'reference' }>; iterate: boolean }

export interface ParsedSearch {
  type: string;
  criteria: Criterion[];
  count: number;
  offset: number;
  sort: SortKey[];
  include: IncludeSpec[];
  revinclude: IncludeSpec[];
  summaryCount: boolean;
  totalNone: boolean;
  /** Parameters that were not understood (lenient handling ignores them). */
  ignored: string[];
  /** The query as understood, for the self link. */
  canonical: [string, string][];
}

export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 1000;

/** Splits on commas not escaped by a backslash, and unescapes `\,` `\|` `\$` `\\`. */
export function splitValues(raw: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '\\' && i + 1 < raw.length) {
      cur += raw[i + 1];
      i++;
    } else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  out.push(cur);
  return out;
}

function parseToken(raw: string): TokenValue {
  const bar = raw.indexOf('|');
  if (bar < 0) return { system: null, code: raw };
  const system = raw.slice(0, bar);
  const code = raw.slice(bar + 1);
  return { system, code: code === '' ? null : code };
}

function parseReference(param: string, raw: string): { type: string | null; id: string } {
  const parts = raw.split('/').filter((p) => p !== '');
  const hist = parts.indexOf('_history');
  const useful = hist >= 0 ? parts.slice(0, hist) : parts;
  const id = useful[useful.length - 1];
  const type = useful.length >= 2 ? (useful[useful.length - 2] ?? null) : null;
  if (id === undefined || id === '') throw badRequest(param, 'a reference must be [Type/]id');
  return { type, id };
}

function nonNegativeInt(name: string, raw: string, max: number): number {
  if (!/^\d{1,9}$/.test(raw)) throw badRequest(name, 'must be a non-negative integer');
  return Math.min(Number(raw), max);
}

function parseInclude(name: string, raw: string, forRev: boolean, type: string): IncludeSpec {
  const [source, param, target] = raw.split(':');
  if (source === undefined || param === undefined) throw badRequest(name, `'${raw.slice(0, 60)}' must be SourceType:searchParam`);
  if (!isFhirType(source)) throw badRequest(name, `unknown resource type ${source.slice(0, 40)}`);
  const def = includeParams(source).find((p) => p.name === param);
  if (def === undefined) throw badRequest(name, `${source} has no reference parameter '${param.slice(0, 40)}' (supported: ${includeParams(source).map((p) => p.name).join(', ')})`);
  if (target !== undefined && !def.targets.includes(target)) throw badRequest(name, `${source}:${param} does not point at ${target.slice(0, 40)}`);
  if (forRev && !def.targets.includes(type)) throw badRequest(name, `${source}:${param} cannot point at ${type}`);
  if (!forRev && source !== type) throw badRequest(name, `_include must start with the searched type ${type}`);
  return { sourceType: source, param: def, iterate: name.endsWith(':iterate') };
}

export function parseSearch(type: string, query: URLSearchParams, now: Date, opts: { strict: boolean }): ParsedSearch {
  const out: ParsedSearch = {
    type, criteria: [], count: DEFAULT_COUNT, offset: 0, sort: [], include: [], revinclude: [],
    summaryCount: false, totalNone: false, ignored: [], canonical: [],
  };
  for (const [key, raw] of query) {
    const [name = '', modifier = null] = key.split(':', 2) as [string, string | undefined];
    switch (name) {
      case '_count':
        out.count = nonNegativeInt('_count', raw, MAX_COUNT);
        continue;
      case '_offset':
        out.offset = nonNegativeInt('_offset', raw, 1_000_000_000);
        continue;
      case '_format':
        if (!/json/.test(raw)) throw badRequest('_format', 'Lantern speaks JSON only (application/fhir+json)');
        continue;
      case '_total':
        if (!['none', 'estimate', 'accurate'].includes(raw)) throw badRequest('_total', 'must be none, estimate or accurate');
        out.totalNone = raw === 'none';
        out.canonical.push([key, raw]);
        continue;
      case '_summary':
        if (raw !== 'count' && raw !== 'false') throw badRequest('_summary', 'only _summary=count (or false) is supported');
        out.summaryCount = raw === 'count';
        out.canonical.push([key, raw]);
        continue;
      case '_sort':
        for (const k of raw.split(',')) {
          const desc = k.startsWith('-');
          const n = desc ? k.slice(1) : k;
          const def = paramDef(type, n);
          if (def === undefined || !(def.type === 'date' || def.name === '_id' || def.type === 'string' || def.name === 'status')) {
            throw badRequest('_sort', `cannot sort ${type} by '${n.slice(0, 40)}'`);
          }
          out.sort.push({ name: n, desc });
        }
        out.canonical.push([key, raw]);
        continue;
      case '_include':
        out.include.push(parseInclude(key, raw, false, type));
        out.canonical.push([key, raw]);
        continue;
      case '_revinclude':
        out.revinclude.push(parseInclude(key, raw, true, type));
        out.canonical.push([key, raw]);
        continue;
      default:
        break;
    }
    const def = paramDef(type, name);
    if (def === undefined) {
      if (opts.strict) throw badRequest(name.slice(0, 64), `unknown search parameter for ${type} (supported: ${(SEARCH_PARAMS[type] ?? []).map((p) => p.name).join(', ')})`);
      out.ignored.push(name.slice(0, 64));
      continue;
    }
    out.criteria.push(parseCriterion(def, modifier, raw, now, key));
    out.canonical.push([key, raw]);
  }
  return out;
}

function parseCriterion(def: SearchParamDef, modifier: string | null, raw: string, now: Date, key: string): Criterion {
  if (modifier === 'missing') {
    if (raw !== 'true' && raw !== 'false') throw badRequest(key, 'must be true or false');
    return { def, missing: raw === 'true' };
  }
  const values = splitValues(raw);
  if (values.some((v) => v === '')) throw badRequest(key, 'empty value');
  switch (def.type) {
    case 'token':
      if (modifier !== null && modifier !== 'not') throw badRequest(key, `modifier :${modifier.slice(0, 20)} is not supported on a token`);
      return { def, modifier, values: values.map(parseToken) };
    case 'date':
      if (modifier !== null) throw badRequest(key, 'date parameters take no modifier');
      return { def, values: values.map((v) => parseDateValue(key, v, now)) };
    case 'string':
      if (modifier !== null && modifier !== 'exact' && modifier !== 'contains') throw badRequest(key, `modifier :${modifier.slice(0, 20)} is not supported on a string`);
      return { def, modifier, values };
    case 'reference': {
      if (modifier !== null && !def.targets.includes(modifier)) throw badRequest(key, `modifier :${modifier.slice(0, 20)} is not a target of ${def.name}`);
      return { def, values: values.map((v) => { const r = parseReference(key, v); return modifier === null ? r : { type: modifier, id: r.id }; }) };
    }
    default: {
      const never: never = def;
      throw new Error(`unknown parameter type ${String(never)}`);
    }
  }
}
