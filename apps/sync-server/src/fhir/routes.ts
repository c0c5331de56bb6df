/**
 * The routing table of the FHIR API. The plugin registers exactly these routes, and the
 * CapabilityStatement lists exactly their interactions and operations, so the two cannot drift.
 */
import type { FastifyRequest } from 'fastify';
import type { FhirCtx } from './context.ts';
import { createInteraction } from './create.ts';
import { deleteInteraction } from './delete.ts';
import { everythingInteraction } from './everything.ts';
import { instanceHistory, typeHistory } from './history.ts';
import { parseIfMatch, type FhirReply } from './http.ts';
import { badRequest, FhirError, notFound } from './outcome.ts';
import { readInteraction } from './read.ts';
import { FHIR_ID_RE, supports, typeDef, type SystemInteraction, type TypeInteraction } from './registry.ts';
import { searchInteraction } from './search.ts';
import { updateInteraction } from './update.ts';
import { vreadInteraction } from './vread.ts';
import { bundleInteraction } from './transaction.ts';
import { exportKickoff, exportStatus, exportCancel, exportFile } from './export/routes.ts';
import { MATCH_DEFINITION, matchOperation } from '../registration/match-operation.ts';
import { MERGE_DEFINITION, mergeOperation } from '../merge/merge-operation.ts';
import { createSubscription, deleteSubscription, readSubscription, searchSubscriptions } from '../subscriptions/subscription-fhir.ts';

export type Handler = (ctx: FhirCtx, req: FastifyRequest) => Promise<FhirReply>;

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  handle: Handler;
  /** What the route implements, for the CapabilityStatement. */
  kind:
    | { type: 'type'; interaction: TypeInteraction }
    | { type: 'system'; interaction: SystemInteraction[] }
    | { type: 'operation'; name: string; definition: string; resource: string | null }
    | { type: 'internal' };
}

type Params = Record<string, string>;
const params = (req: FastifyRequest): Params => req.params as Params;
/** Search parameters; U+0000 (`%00`) is refused here, as Postgres text cannot hold it. */
const noNul = (q: URLSearchParams): URLSearchParams => {
  for (const [k, v] of q) if (k.includes('\u0000') || v.includes('\u0000')) throw badRequest(k.replaceAll('\u0000', '') || 'query', 'contains a NUL character');
  return q;
};
const query = (req: FastifyRequest): URLSearchParams => noNul(new URLSearchParams(req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : ''));
/** URL parameters and form parameters of POST _search, together. */
const formQuery = (req: FastifyRequest): URLSearchParams => {
  const q = query(req);
  if (typeof req.body === 'string') for (const [k, v] of noNul(new URLSearchParams(req.body))) q.append(k, v);
  else if (req.body !== undefined && req.body !== null) throw badRequest('body', 'POST _search takes application/x-www-form-urlencoded parameters');
  return q;
};
const header = (req: FastifyRequest, name: string): string | undefined => {
  const h = req.headers[name];
  return Array.isArray(h) ? h[0] : h;
};

/** The `:type` (and `:id`) of a type-level route, checked against the registry. */
function target(req: FastifyRequest, interaction: TypeInteraction): { type: string; id: string } {
  const { type = '', id = '' } = params(req);
  if (typeDef(type) === undefined) throw notFound(`Lantern does not serve resource type ${type.slice(0, 64)}`);
  if (!supports(type, interaction)) throw new FhirError('BAD_INPUT', `${interaction} is not supported for ${type}`, { status: 405 });
  if (id !== '' && !FHIR_ID_RE.test(id)) throw badRequest('id', 'not a valid FHIR id');
  return { type, id };
}

const typeRoute = (method: RouteDef['method'], url: string, interaction: TypeInteraction, fn: (ctx: FhirCtx, req: FastifyRequest, t: { type: string; id: string }) => Promise<FhirReply>): RouteDef => ({
  method, url, kind: { type: 'type', interaction }, handle: (ctx, req) => fn(ctx, req, target(req, interaction)),
});

export const EVERYTHING_DEFINITION = 'http://hl7.org/fhir/OperationDefinition/Patient-everything';
export const EXPORT_DEFINITION = 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export';
export const PATIENT_EXPORT_DEFINITION = 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export';
export const GROUP_EXPORT_DEFINITION = 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export';

export const ROUTES: readonly RouteDef[] = [
  { method: 'POST', url: '/', kind: { type: 'system', interaction: ['transaction', 'batch'] }, handle: (ctx, req) => bundleInteraction(ctx, req.body) },
  // Operations first: their static segments win over `:type`/`:id`.
  { method: 'GET', url: '/$export', kind: { type: 'operation', name: 'export', definition: EXPORT_DEFINITION, resource: null }, handle: (ctx, req) => exportKickoff(ctx, req, { level: 'system', groupId: null }) },
  { method: 'GET', url: '/Patient/$export', kind: { type: 'operation', name: 'export', definition: PATIENT_EXPORT_DEFINITION, resource: 'Patient' }, handle: (ctx, req) => exportKickoff(ctx, req, { level: 'patient', groupId: null }) },
  { method: 'GET', url: '/Group/:id/$export', kind: { type: 'operation', name: 'export', definition: GROUP_EXPORT_DEFINITION, resource: 'Group' }, handle: (ctx, req) => exportKickoff(ctx, req, { level: 'group', groupId: params(req)['id'] ?? '' }) },
  { method: 'GET', url: '/$export-status/:job', kind: { type: 'internal' }, handle: (ctx, req) => exportStatus(ctx, params(req)['job'] ?? '') },
  { method: 'DELETE', url: '/$export-status/:job', kind: { type: 'internal' }, handle: (ctx, req) => exportCancel(ctx, params(req)['job'] ?? '') },
  { method: 'GET', url: '/$export-file/:job/:file', kind: { type: 'internal' }, handle: (ctx, req) => exportFile(ctx, params(req)['job'] ?? '', params(req)['file'] ?? '') },
  { method: 'POST', url: '/Patient/$merge', kind: { type: 'operation', name: 'merge', definition: MERGE_DEFINITION, resource: 'Patient' }, handle: (ctx, req) => mergeOperation(ctx, req.body) },
  { method: 'POST', url: '/Patient/$match', kind: { type: 'operation', name: 'match', definition: MATCH_DEFINITION, resource: 'Patient' }, handle: (ctx, req) => matchOperation(ctx, req.body) },
  { method: 'GET', url: '/Patient/:id/$everything', kind: { type: 'operation', name: 'everything', definition: EVERYTHING_DEFINITION, resource: 'Patient' }, handle: (ctx, req) => everythingInteraction(ctx, params(req)['id'] ?? '', query(req)) },
  // Subscription (subscriptions/): a subscriber's own notification channels, not clinical resources.
  { method: 'POST', url: '/Subscription', kind: { type: 'internal' }, handle: (ctx, req) => createSubscription(ctx, req.body) },
  { method: 'GET', url: '/Subscription', kind: { type: 'internal' }, handle: (ctx) => searchSubscriptions(ctx) },
  { method: 'GET', url: '/Subscription/:id', kind: { type: 'internal' }, handle: (ctx, req) => readSubscription(ctx, params(req)['id'] ?? '') },
  { method: 'DELETE', url: '/Subscription/:id', kind: { type: 'internal' }, handle: (ctx, req) => deleteSubscription(ctx, params(req)['id'] ?? '') },

  typeRoute('GET', '/:type', 'search-type', (ctx, req, t) => searchInteraction(ctx, t.type, query(req))),
  typeRoute('POST', '/:type/_search', 'search-type', (ctx, req, t) => searchInteraction(ctx, t.type, formQuery(req))),
  typeRoute('POST', '/:type', 'create', (ctx, req, t) => createInteraction(ctx, t.type, req.body, header(req, 'if-none-exist'))),
  typeRoute('GET', '/:type/_history', 'history-type', (ctx, req, t) => typeHistory(ctx, t.type, query(req))),
  typeRoute('GET', '/:type/:id', 'read', (ctx, _req, t) => readInteraction(ctx, t.type, t.id)),
  typeRoute('PUT', '/:type/:id', 'update', (ctx, req, t) => updateInteraction(ctx, t.type, t.id, req.body, parseIfMatch(req.headers['if-match']))),
  typeRoute('DELETE', '/:type/:id', 'delete', (ctx, req, t) => deleteInteraction(ctx, t.type, t.id, parseIfMatch(req.headers['if-match']))),
  typeRoute('GET', '/:type/:id/_history', 'history-instance', (ctx, req, t) => instanceHistory(ctx, t.type, t.id, query(req))),
  typeRoute('GET', '/:type/:id/_history/:vid', 'vread', (ctx, req, t) => vreadInteraction(ctx, t.type, t.id, params(req)['vid'] ?? '')),
];
