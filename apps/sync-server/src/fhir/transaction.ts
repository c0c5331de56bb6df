/**
 * transaction and batch Bundles (http://hl7.org/fhir/R4/http.html#transaction). Entries are
 * processed in FHIR's order (DELETE, POST, PUT, GET); `urn:uuid:` fullUrls of new resources get
 * their server ids first and every reference to them is rewritten. A transaction runs in ONE
 * database transaction: any failure rolls back every write (and their audit events) and answers
 * with the failing entry's OperationOutcome. A batch runs each entry on its own.
 */
import { randomUUID } from 'node:crypto';
import { isUuid, type ResourceJson } from '@lantern/core';
import type pg from 'pg';
import { withTx } from '../db/database.ts';
import { bundleText, type RawEntry } from './bundle.ts';
import type { FhirCtx } from './context.ts';
import { existingMatch } from './create.ts';
import { etag, parseIfMatch, type FhirReply } from './http.ts';
import { badRequest, DeniedError, FhirError, outcomeOf, statusOf } from './outcome.ts';
import { readInteraction } from './read.ts';
import { assertPatientExists, rewriteUrnReferences } from './references.ts';
import { FHIR_ID_RE, isFhirType } from './registry.ts';
import { searchInteraction } from './search.ts';
import { vreadInteraction } from './vread.ts';
import { fhirWrite, type FhirWriteResult } from './write.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
const ORDER: Record<Method, number> = { DELETE: 0, POST: 1, PUT: 2, GET: 3 };

interface Entry {
  index: number;
  method: Method;
  type: string;
  id: string | null;
  vid: string | null;
  query: string | null;
  fullUrl: string | null;
  resource: ResourceJson | null;
  ifMatch: number | null;
  ifNoneExist: string | undefined;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseEntry(raw: unknown, index: number): Entry {
  const at = `Bundle.entry[${index}]`;
  if (!isObj(raw) || !isObj(raw['request'])) throw badRequest(`${at}.request`, 'every entry needs a request');
  const req = raw['request'];
  const method = req['method'];
  if (method !== 'GET' && method !== 'POST' && method !== 'PUT' && method !== 'DELETE') throw badRequest(`${at}.request.method`, 'must be GET, POST, PUT or DELETE');
  const url = typeof req['url'] === 'string' ? req['url'] : '';
  const [path = '', query = null] = url.split('?', 2) as [string, string | undefined];
  const parts = path.replace(/^\//, '').split('/');
  const type = parts[0] ?? '';
  if (!isFhirType(type)) throw badRequest(`${at}.request.url`, `unsupported resource type in '${url.slice(0, 80)}'`);
  const id = parts[1] ?? null;
  if (id !== null && !FHIR_ID_RE.test(id)) throw badRequest(`${at}.request.url`, 'not a valid id');
  const vid = parts[2] === '_history' ? (parts[3] ?? null) : null;
  if ((method === 'PUT' || method === 'DELETE') && (id === null || query !== null)) throw badRequest(`${at}.request.url`, `${method} needs Type/id (conditional ${method === 'PUT' ? 'update' : 'delete'} is not supported)`);
  if (method === 'POST' && id !== null) throw badRequest(`${at}.request.url`, 'POST takes the type only');
  const resource = raw['resource'];
  if (method === 'POST' || method === 'PUT') {
    if (!isObj(resource) || resource['resourceType'] !== type) throw badRequest(`${at}.resource`, `must be a ${type}`);
  }
  const fullUrl = typeof raw['fullUrl'] === 'string' ? raw['fullUrl'] : null;
  let ifMatch: number | null = null;
  try {
    ifMatch = parseIfMatch(typeof req['ifMatch'] === 'string' ? req['ifMatch'] : undefined);
  } catch {
    throw badRequest(`${at}.request.ifMatch`, 'must be a version ETag such as W/"3"');
  }
  return {
    index, method, type, id, vid, query, fullUrl, ifMatch,
    resource: isObj(resource) ? structuredClone(resource) as ResourceJson : null,
    ifNoneExist: typeof req['ifNoneExist'] === 'string' ? req['ifNoneExist'] : undefined,
  };
}

/** Prefixes an error with the entry it came from, keeping its status (and its audit events). */
function atEntry(e: unknown, index: number): unknown {
  if (e instanceof DeniedError) return new DeniedError(`Bundle.entry[${index}]: ${e.message}`, e.events);
  if (e instanceof FhirError || (e instanceof Error && 'code' in e && 'issues' in e)) {
    const le = e as FhirError;
    return new FhirError(le.code, `Bundle.entry[${index}]: ${le.message}`, { status: statusOf(e), issues: le.issues.map((i) => ({ path: `Bundle.entry[${index}].resource.${i.path}`, message: i.message })) });
  }
  return e;
}

interface Done { entry: RawEntry }

function writeEntry(ctx: FhirCtx, e: Entry, out: FhirWriteResult): Done {
  const location = `${e.type}/${out.id}/_history/${out.version}`;
  const status = e.method === 'DELETE' ? '204 No Content' : out.created ? '201 Created' : '200 OK';
  return {
    entry: {
      fullUrl: `${ctx.base}/${e.type}/${out.id}`,
      json: e.method === 'DELETE' || ctx.prefer.return === 'minimal' || out.resource === null ? null : JSON.stringify(out.resource),
      response: { status, ...(e.method === 'DELETE' ? {} : { location }), etag: etag(out.version), lastModified: out.lastUpdated },
    },
  };
}

async function writeOne(c: pg.ClientBase, ctx: FhirCtx, e: Entry, ids: Map<number, string>, known: Map<string, string>, deferred: Set<string>): Promise<Done> {
  if (e.method === 'POST') {
    const found = await existingMatch(ctx, e.type, e.ifNoneExist, c);
    if (found !== null) {
      return { entry: { fullUrl: `${ctx.base}/${e.type}/${found.id}`, json: ctx.prefer.return === 'minimal' ? null : found.json, response: { status: '200 OK', location: `${e.type}/${found.id}/_history/${found.version}`, etag: etag(found.version), lastModified: found.last_updated } } };
    }
  }
  const id = e.method === 'POST' ? (ids.get(e.index) as string) : (e.id as string);
  if (e.method === 'PUT' && !isUuid(id)) throw badRequest(`${e.type}.id`, 'Lantern resource ids are UUIDs');
  if (e.method === 'PUT' && e.resource?.['id'] !== id) throw badRequest(`${e.type}.id`, `must equal the id in the request url (${id})`);
  const out = await fhirWrite(c, ctx, {
    type: e.type, id, op: e.method === 'DELETE' ? 'delete' : e.method === 'POST' ? 'create' : 'update',
    resource: e.resource === null ? null : { ...e.resource, id }, ifMatch: e.ifMatch, known, deferPatientCheck: true,
  });
  if (e.method !== 'DELETE') deferred.add(`${e.type}\u0000${out.patientId}`);
  return writeEntry(ctx, e, out);
}

async function readOne(ctx: FhirCtx, e: Entry): Promise<Done> {
  const r = e.id === null ? await searchInteraction(ctx, e.type, new URLSearchParams(e.query ?? ''))
    : e.vid !== null ? await vreadInteraction(ctx, e.type, e.id, e.vid) : await readInteraction(ctx, e.type, e.id);
  return { entry: { json: typeof r.body === 'string' ? r.body : null, response: { status: String(r.status), ...(r.headers?.['etag'] === undefined ? {} : { etag: r.headers['etag'] }) } } };
}

async function checkDeferred(c: pg.ClientBase, deferred: Set<string>): Promise<void> {
  for (const k of deferred) {
    const [type = '', patientId = ''] = k.split('\u0000');
    await assertPatientExists(c, type, patientId);
  }
}

export async function bundleInteraction(ctx: FhirCtx, body: unknown): Promise<FhirReply> {
  if (!isObj(body) || body['resourceType'] !== 'Bundle') throw badRequest('resourceType', 'POST to the base takes a Bundle');
  const kind = body['type'];
  if (kind !== 'transaction' && kind !== 'batch') throw badRequest('Bundle.type', 'must be transaction or batch');
  const rawEntries = Array.isArray(body['entry']) ? body['entry'] : [];
  if (rawEntries.length > 1000) throw badRequest('Bundle.entry', 'at most 1000 entries');
  const entries = rawEntries.map(parseEntry);

  // New ids for POSTs, then every urn:uuid reference rewritten to Type/id.
  const ids = new Map<number, string>();
  const urls = new Map<string, string>();
  for (const e of entries) {
    const id = e.method === 'POST' ? randomUUID() : e.id;
    if (e.method === 'POST') ids.set(e.index, id as string);
    if (e.fullUrl !== null && id !== null && (e.method === 'POST' || e.method === 'PUT')) {
      if (urls.has(e.fullUrl)) throw badRequest(`Bundle.entry[${e.index}].fullUrl`, 'appears twice');
      urls.set(e.fullUrl, `${e.type}/${id}`);
    }
  }
  const targets = new Set<string>();
  for (const e of entries) {
    if (e.resource !== null) {
      const missing = rewriteUrnReferences(e.resource, urls);
      if (missing.length > 0 && kind === 'transaction') throw badRequest(`Bundle.entry[${e.index}].resource`, `reference ${missing[0]?.slice(0, 80)} matches no fullUrl in the Bundle`);
    }
    if (kind === 'transaction' && e.method !== 'GET' && e.method !== 'POST') {
      const k = `${e.type}/${e.id}`;
      if (targets.has(k)) throw badRequest(`Bundle.entry[${e.index}].request.url`, `${k} is changed by two entries of one transaction`);
      targets.add(k);
    }
  }
  const order = [...entries].sort((a, b) => ORDER[a.method] - ORDER[b.method] || a.index - b.index);
  const results = new Map<number, RawEntry>();
  const known = new Map<string, string>();

  if (kind === 'transaction') {
    await withTx(ctx.deps.services.pool, async (c) => {
      const deferred = new Set<string>();
      for (const e of order) {
        if (e.method === 'GET') continue;
        try {
          results.set(e.index, (await writeOne(c, ctx, e, ids, known, deferred)).entry);
        } catch (err) {
          throw atEntry(err, e.index);
        }
      }
      await checkDeferred(c, deferred);
    });
    // Reads run after the commit, so they see the transaction's writes.
    for (const e of order) {
      if (e.method !== 'GET') continue;
      try {
        results.set(e.index, (await readOne(ctx, e)).entry);
      } catch (err) {
        throw atEntry(err, e.index);
      }
    }
  } else {
    for (const e of order) {
      try {
        const done = e.method === 'GET' ? await readOne(ctx, e) : await withTx(ctx.deps.services.pool, async (c) => {
          const deferred = new Set<string>();
          const d = await writeOne(c, ctx, e, ids, known, deferred);
          await checkDeferred(c, deferred);
          return d;
        });
        results.set(e.index, done.entry);
      } catch (err) {
        if (err instanceof DeniedError) await ctx.deps.audit.record(err.events);
        results.set(e.index, { json: null, response: { status: String(statusOf(err)), outcome: outcomeOf(err) } });
      }
    }
  }
  const text = bundleText({ type: `${kind}-response`, now: ctx.now, entries: entries.map((e) => results.get(e.index) ?? { json: null, response: { status: '500' } }) });
  return { status: 200, body: text };
}
