/**
 * The label a request is counted under: its route FAMILY, never its URL. A family is built only
 * from the matched route pattern (`/fhir/R4/:type/:id`, never `/fhir/R4/Patient/123`), a tRPC
 * procedure name from the router's own list, and a FHIR resource type from the server's own
 * registry, so a label can never carry an id, an MRN, a name or anything a caller typed.
 */
import { isFhirType } from '../fhir/registry.ts';

const FHIR_INTERACTIONS: Record<string, string> = {
  'GET /:type': 'search-type',
  'POST /:type/_search': 'search-type',
  'GET /:type/:id': 'read',
  'GET /:type/:id/_history/:vid': 'vread',
  'GET /:type/:id/_history': 'history-instance',
  'GET /:type/_history': 'history-type',
  'POST /:type': 'create',
  'PUT /:type/:id': 'update',
  'PATCH /:type/:id': 'patch',
  'DELETE /:type/:id': 'delete',
};

export interface RouteFacts {
  method: string;
  /** The matched route pattern, undefined when no route matched. */
  pattern: string | undefined;
  params: unknown;
}

const param = (params: unknown, name: string): string | undefined => {
  if (typeof params !== 'object' || params === null) return undefined;
  const v = (params as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : undefined;
};

/**
 * `trpc sync.push`, `fhir read Patient`, `fhir GET /Patient/$export`, `GET /healthz`,
 * `unmatched` (404s are one family: their URLs are whatever a scanner sent).
 */
export function routeFamily(r: RouteFacts, procedures: ReadonlySet<string>): string {
  if (r.pattern === undefined) return 'unmatched';
  if (r.pattern.startsWith('/trpc/')) {
    const path = param(r.params, 'path') ?? '';
    if (path.includes(',')) return 'trpc batch';
    return procedures.has(path) ? `trpc ${path}` : 'trpc unknown';
  }
  if (r.pattern.startsWith('/fhir/R4')) {
    const rest = r.pattern.slice('/fhir/R4'.length) || '/';
    const interaction = FHIR_INTERACTIONS[`${r.method} ${rest}`];
    const type = param(r.params, 'type');
    if (interaction !== undefined) return `fhir ${interaction} ${type !== undefined && isFhirType(type) ? type : 'unknown'}`;
    return `fhir ${r.method} ${rest}`;
  }
  return `${r.method} ${r.pattern}`;
}
