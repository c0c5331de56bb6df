/**
 * A seeded generator of hostile HTTP requests for the fuzz test: request `i` of a seed is always
 * the same, so a failure is reproduced by its index. Covers malformed JSON, wrong types, huge and
 * deeply nested values, unicode, wrong methods and content types, forged tokens, across every tRPC
 * procedure, every FHIR route of the registry and the CDS Hooks endpoints.
 */

/** mulberry32: a small, well-known 32-bit PRNG (deterministic, not for secrets). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** What kind of request this is (for the report). */
  kind: string;
}

export interface FuzzTargets {
  procedures: { path: string; type: string }[];
  fhirTypes: string[];
  /** Ids that exist (patients and other resources), so some requests reach real rows. */
  knownIds: string[];
  cdsServices: string[];
  /** Authorization header values by name: valid tokens and forged ones. */
  tokens: { weight: number; value: string | null }[];
  /** Known-good bodies to mutate: tRPC inputs by procedure, FHIR resources. */
  trpcSamples: Record<string, unknown>;
  fhirSamples: Record<string, unknown>[];
}

type R = () => number;
/** encodeURIComponent, except that a lone surrogate becomes an invalid UTF-8 escape (itself a good probe). */
const enc = (s: string): string => {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
};
/** A UUID from the seeded generator (request `i` stays reproducible). */
const uuid = (r: R): string => {
  const h = Array.from({ length: 32 }, () => Math.floor(r() * 16).toString(16)).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
};
const pick = <T>(r: R, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const chance = (r: R, p: number): boolean => r() < p;

const STRINGS = [
  '', ' ', 'a', 'é', '\u0000', '\uffff', '\ud800', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '👩‍⚕️💊', 'مرحبا', 'שלום', '\u202eevil', 'Ω≈ç√∫', '漢字テスト',
  '<script>alert(1)</script>', "' OR 1=1 --", '"; DROP TABLE resources; --', '../../etc/passwd', '%00', '%2e%2e%2f', '${jndi:ldap://x}', '{{7*7}}',
  '__proto__', 'constructor', 'prototype', 'null', 'undefined', 'NaN', '-1', '1e309', 'true', '2026-13-45', '2026-02-30T25:61:00Z',
  '00000000-0000-0000-0000-000000000000', 'Patient/../../x', 'urn:uuid:', 'http://evil.example/Patient/1', 'a'.repeat(300), '\n\r\t', '\\', '"',
];
const KEYS = [
  'resourceType', 'id', 'meta', 'patientId', 'resourceId', 'mutations', 'mutationId', 'cursor', 'username', 'password', 'deviceId', 'events', 'input',
  'subject', 'reference', 'status', 'code', 'value', 'entry', 'request', 'resource', 'extension', 'url', '__proto__', 'constructor', 'op', 'baseVersion',
  'limit', 'since', 'reason', 'role', 'userId', 'active', 'nonce', 'proof', 'refreshToken', 'hook', 'context', 'prefetch', 'fhirServer', '',
];
const NUMBERS = [0, -0, 1, -1, 0.5, 2 ** 31, -(2 ** 31), 2 ** 53 + 1, -(2 ** 63), 1e308, -1e308, 5e-324, 123456789.125];

export function value(r: R, depth = 0, ctx?: { knownIds: readonly string[] }): unknown {
  const k = r();
  if (depth > 4 || k < 0.15) return pick(r, [null, true, false]);
  if (k < 0.3) return pick(r, NUMBERS);
  if (k < 0.55) return ctx !== undefined && chance(r, 0.2) ? pick(r, ctx.knownIds) : pick(r, STRINGS);
  if (k < 0.75) return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1, ctx));
  const o: Record<string, unknown> = {};
  for (let i = Math.floor(r() * 5); i > 0; i--) o[pick(r, KEYS)] = value(r, depth + 1, ctx);
  return o;
}

/** A known-good value with one hostile change: a leaf replaced, a key dropped or added, a type swapped. */
export function mutate(r: R, v: unknown, ctx: { knownIds: readonly string[] }, depth = 0): unknown {
  if (Array.isArray(v)) {
    if (v.length === 0 || chance(r, 0.2)) return chance(r, 0.5) ? [...v, value(r, 0, ctx)] : value(r, 0, ctx);
    const i = Math.floor(r() * v.length);
    return v.map((x, j) => (j === i ? mutate(r, x, ctx, depth + 1) : x));
  }
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v);
    const roll = r();
    if (entries.length === 0 || roll < 0.15) return { ...v, [pick(r, KEYS)]: value(r, 0, ctx) };
    const [key] = pick(r, entries);
    if (roll < 0.3) {
      const { [key]: _dropped, ...rest } = v as Record<string, unknown>;
      return rest;
    }
    return { ...v, [key]: mutate(r, (v as Record<string, unknown>)[key], ctx, depth + 1) };
  }
  return depth > 0 && chance(r, 0.5) ? value(r, 0, ctx) : pick(r, [value(r, 2, ctx), pick(r, STRINGS), pick(r, NUMBERS), null, [], {}]);
}

function malformedJson(r: R): string {
  return pick(r, [
    '{', '}', '[', '{"a":}', '{"a":1,}', "{'a':1}", '{"a":1}{"b":2}', '\ufeff{"a":1}', 'nul', 'tru', '"unterminated', '{"a":"\\u12"}',
    '{"a":1e99999}', '[1,2,,3]', '\u0000', '<xml/>', 'undefined', '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"x":1}}}',
    JSON.stringify(value(r)).slice(0, -1), String.fromCharCode(...Array.from({ length: 64 }, () => Math.floor(r() * 256))),
  ]);
}

function deep(r: R): string {
  const d = pick(r, [64, 500, 5_000, 20_000]);
  return chance(r, 0.5) ? '['.repeat(d) + ']'.repeat(d) : `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`;
}

function huge(r: R): string {
  const n = pick(r, [50_000, 300_000, 1_000_000]);
  return JSON.stringify({ username: 'x'.repeat(n), resourceType: 'Observation', text: pick(r, ['é', 'a', '👩‍⚕️']).repeat(Math.floor(n / 4)) });
}

/** A body: mostly JSON, sometimes malformed, huge or deep. */
function body(r: R, sample: unknown, ctx: { knownIds: readonly string[] }): { text: string; kind: string } {
  const k = r();
  if (k < 0.4 && sample !== undefined) return { text: JSON.stringify(mutate(r, sample, ctx)), kind: 'mutated' };
  if (k < 0.65) return { text: JSON.stringify(value(r, 0, ctx)), kind: 'random-json' };
  if (k < 0.82) return { text: malformedJson(r), kind: 'malformed-json' };
  if (k < 0.9) return { text: deep(r), kind: 'deep' };
  if (k < 0.915) return { text: huge(r), kind: 'huge' };
  return { text: '', kind: 'empty' };
}

function token(r: R, t: FuzzTargets): string | null {
  const total = t.tokens.reduce((n, x) => n + x.weight, 0);
  let x = r() * total;
  for (const tk of t.tokens) {
    x -= tk.weight;
    if (x <= 0) return tk.value;
  }
  return null;
}

const CONTENT_TYPES = ['application/json', 'application/fhir+json', 'text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16'];

function trpcRequest(r: R, t: FuzzTargets): FuzzRequest {
  const p = chance(r, 0.95) ? pick(r, t.procedures) : { path: pick(r, ['nope', 'auth', 'auth.nope', '__proto__', 'auth.login/x', 'a'.repeat(200), '%00']), type: 'mutation' };
  const b = body(r, t.trpcSamples[p.path], t);
  const headers: Record<string, string> = { 'content-type': chance(r, 0.9) ? 'application/json' : pick(r, CONTENT_TYPES) };
  const roll = r();
  if (roll < 0.08) {
    // A wrong method: GET on a mutation, PUT/DELETE/PATCH on anything; HEAD and OPTIONS.
    return { method: pick(r, ['GET', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']), path: `/trpc/${p.path}?input=${enc(b.text.slice(0, 2000))}`, headers, kind: `trpc-method-${b.kind}` };
  }
  if (roll < 0.16 && p.type === 'query') {
    return { method: 'GET', path: `/trpc/${p.path}?input=${enc(b.text.slice(0, 4000))}`, headers, kind: `trpc-get-${b.kind}` };
  }
  if (roll < 0.22) {
    const q = pick(r, t.procedures);
    return { method: 'POST', path: `/trpc/${p.path},${q.path}?batch=1`, headers, body: JSON.stringify({ 0: value(r, 0, t), 1: t.trpcSamples[q.path] ?? null }), kind: 'trpc-batch' };
  }
  return { method: 'POST', path: `/trpc/${p.path}`, headers, ...(b.text === '' ? {} : { body: b.text }), kind: `trpc-${b.kind}` };
}

const SEARCH_PARAMS = ['_count', '_offset', 'patient', 'subject', 'date', 'code', '_include', '_revinclude', '_sort', '_summary', '_total', '_id', '_lastUpdated', 'identifier', 'name', 'birthdate', 'status', '_elements', '_format', 'category', 'gender', '_since', 'type', '_type', 'x-unknown'];
const SEARCH_VALUES = ['1', '0', '-1', '99999999', 'abc', 'ge2026-01-01', 'lt', 'eq2026-13-01', 'Observation:patient', '*', 'Patient:link', '-date', 'true', 'count', 'none', 'http://loinc.org|8867-4', '|', ',,,', 'sa2026', 'ap2026-01'];

function fhirQuery(r: R, t: FuzzTargets): string {
  const n = Math.floor(r() * 4);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = chance(r, 0.85) ? pick(r, SEARCH_PARAMS) : pick(r, STRINGS);
    const v = chance(r, 0.5) ? pick(r, SEARCH_VALUES) : chance(r, 0.5) ? pick(r, t.knownIds) : pick(r, STRINGS);
    parts.push(`${enc(k)}=${enc(v)}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

function fhirRequest(r: R, t: FuzzTargets): FuzzRequest {
  const type = chance(r, 0.85) ? pick(r, t.fhirTypes) : pick(r, ['Nope', 'patient', 'Patient%00', 'Bundle', 'AuditEvent', '$export', '_history', 'metadata']);
  const id = chance(r, 0.5) ? pick(r, t.knownIds) : chance(r, 0.5) ? uuid(r) : enc(pick(r, STRINGS)) || 'x';
  const sample = t.fhirSamples.find((s) => (s as { resourceType?: string }).resourceType === type) ?? pick(r, t.fhirSamples);
  const b = body(r, sample, t);
  const headers: Record<string, string> = { 'content-type': chance(r, 0.85) ? 'application/fhir+json' : pick(r, CONTENT_TYPES) };
  if (chance(r, 0.1)) headers['if-match'] = pick(r, ['W/"1"', 'W/"999"', '"1"', 'garbage', 'W/""', '*']);
  if (chance(r, 0.1)) headers['if-none-exist'] = fhirQuery(r, t).slice(1) || pick(r, STRINGS) || 'x';
  if (chance(r, 0.1)) headers['prefer'] = pick(r, ['return=minimal', 'return=representation', 'return=OperationOutcome', 'handling=strict', 'respond-async', 'garbage=1']);
  if (chance(r, 0.05)) headers['accept'] = pick(r, ['application/xml', 'text/html', '*/*', 'application/fhir+json;fhirVersion=4.0']);
  const shapes: [string, string, boolean][] = [
    ['GET', `/${type}${fhirQuery(r, t)}`, false],
    ['GET', `/${type}/${id}`, false],
    ['GET', `/${type}/${id}/_history${fhirQuery(r, t)}`, false],
    ['GET', `/${type}/${id}/_history/${pick(r, ['1', '2', '0', '-1', 'x', '99999999999999999999'])}`, false],
    ['GET', `/${type}/_history${fhirQuery(r, t)}`, false],
    ['POST', `/${type}`, true],
    ['POST', `/${type}/_search`, true],
    ['PUT', `/${type}/${id}`, true],
    ['DELETE', `/${type}/${id}`, false],
    ['GET', `/Patient/${id}/$everything${fhirQuery(r, t)}`, false],
    ['POST', '/', true],
    ['GET', `/$export${fhirQuery(r, t)}`, false],
    ['GET', `/$export-status/${id}`, false],
    ['GET', `/$export-file/${id}/${pick(r, ['Patient.ndjson', '..%2f..%2fsecret', 'x'])}`, false],
    ['GET', '/metadata', false],
    [pick(r, ['PATCH', 'OPTIONS', 'HEAD', 'TRACE']), `/${type}/${id}`, false],
  ];
  const [method, path, withBody] = pick(r, shapes);
  let text = b.text;
  if (path === '/' && chance(r, 0.5)) {
    text = JSON.stringify({ resourceType: 'Bundle', type: pick(r, ['transaction', 'batch', 'collection', 'x']), entry: Array.from({ length: Math.floor(r() * 4) }, () => ({
      fullUrl: chance(r, 0.5) ? `urn:uuid:${uuid(r)}` : pick(r, STRINGS),
      resource: chance(r, 0.7) ? mutate(r, pick(r, t.fhirSamples), t) : value(r, 0, t),
      request: { method: pick(r, ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'x']), url: `${pick(r, t.fhirTypes)}${chance(r, 0.5) ? `/${pick(r, t.knownIds)}` : ''}${fhirQuery(r, t)}` },
    })) });
  }
  if (method === 'POST' && path.endsWith('/_search') && chance(r, 0.6)) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    text = fhirQuery(r, t).slice(1);
  }
  return { method, path: `/fhir/R4${path}`, headers, ...(withBody && text !== '' ? { body: text } : {}), kind: `fhir-${method}-${b.kind}` };
}

function cdsRequest(r: R, t: FuzzTargets): FuzzRequest {
  const service = chance(r, 0.8) ? pick(r, t.cdsServices) : enc(pick(r, STRINGS)) || 'x';
  const b = body(r, { hookInstance: uuid(r), hook: 'order-sign', context: { userId: 'Practitioner/x', patientId: pick(r, t.knownIds), draftOrders: { resourceType: 'Bundle', entry: [] } }, prefetch: {} }, t);
  const [method, path] = pick(r, [['GET', '/cds-services'], ['POST', `/cds-services/${service}`], ['POST', `/cds-services/${service}/feedback`], [pick(r, ['PUT', 'DELETE', 'PATCH']), `/cds-services/${service}`]] as const);
  return { method, path, headers: { 'content-type': chance(r, 0.9) ? 'application/json' : pick(r, CONTENT_TYPES) }, ...(method === 'POST' && b.text !== '' ? { body: b.text } : {}), kind: `cds-${b.kind}` };
}

function otherRequest(r: R): FuzzRequest {
  const path = pick(r, ['/health', '/', '/trpc', '/fhir', '/fhir/R4', '/fhir/R5/Patient', `/${enc(pick(r, STRINGS))}`, '/..%2f..%2fetc%2fpasswd', '/%zz', '/trpc/%', `/fhir/R4/${'a/'.repeat(200)}`]);
  return { method: pick(r, ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']), path, headers: { 'content-type': 'application/json' }, kind: 'other' };
}

/** Request number `i` of `seed`. */
export function fuzzRequest(seed: number, i: number, t: FuzzTargets): FuzzRequest {
  const r = rng((seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0);
  const k = r();
  const req = k < 0.5 ? trpcRequest(r, t) : k < 0.88 ? fhirRequest(r, t) : k < 0.96 ? cdsRequest(r, t) : otherRequest(r);
  const auth = token(r, t);
  if (auth !== null) req.headers['authorization'] = auth;
  return req;
}
