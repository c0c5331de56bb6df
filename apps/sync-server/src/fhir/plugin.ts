/**
 * The FHIR R4 REST API at /fhir/R4 (http://hl7.org/fhir/R4/http.html), registered from the routing
 * table in routes.ts. Accepts application/fhir+json and application/json, answers
 * application/fhir+json, and turns every failure (including Fastify's own: bad JSON, unsupported
 * media type, oversized body, unknown route) into an OperationOutcome with the right status.
 */
import type { AuditAction } from '@lantern/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { LanternRoutePlugin } from '../app.ts';
import { AuditBatcher } from './audit-batcher.ts';
import { TokenVerifier, type FhirUser } from './auth.ts';
import { capabilityStatement } from './capability.ts';
import { fhirEvent, type FhirCtx, type FhirDeps } from './context.ts';
import { ExportRunner } from './export/runner.ts';
import { EverythingCache } from './everything-cache.ts';
import { fhirBase, FHIR_JSON, parsePrefer, send } from './http.ts';
import { DeniedError, FhirError, outcomeOf, statusOf } from './outcome.ts';
import { ROUTES } from './routes.ts';

export const FHIR_PREFIX = '/fhir/R4';

const WRITE_ACTION: Record<string, AuditAction | undefined> = { POST: 'resource-create', PUT: 'resource-update', DELETE: 'resource-delete' };

function fastifyOutcome(e: FastifyError): FhirError {
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status === 413) return new FhirError('BAD_INPUT', 'Request body too large', { status });
  if (status === 415) return new FhirError('BAD_INPUT', 'Unsupported Content-Type: send application/fhir+json or application/json', { status });
  if (status === 400) return new FhirError('BAD_INPUT', e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'body: empty JSON body' : 'body: not valid JSON', { status, issues: [{ path: 'body', message: 'not valid JSON' }] });
  if (status === 404) return new FhirError('NOT_FOUND', 'No such FHIR endpoint');
  return new FhirError('INTERNAL', 'An unexpected error occurred', { status: 500 });
}

export const fhirPlugin: LanternRoutePlugin = async (app, { services }) => {
  const deps: FhirDeps = {
    services,
    audit: new AuditBatcher(services.pool, services.logger),
    tokens: new TokenVerifier(services),
    everything: new EverythingCache(),
    exports: new ExportRunner({ pool: services.pool, logger: services.logger, dataDir: services.config.dataDir, now: () => services.clock.now() }),
  };
  app.addHook('onClose', async () => {
    await deps.exports.idle();
  });
  app.addHook('onReady', async () => {
    const resumed = await deps.exports.resumeInterrupted();
    if (resumed > 0) services.logger.info({ resumed }, 'resumed interrupted bulk exports');
  });

  app.addContentTypeParser(['application/fhir+json', 'application/json+fhir'], { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, body === '' ? undefined : JSON.parse(body as string));
    } catch {
      done(new FhirError('BAD_INPUT', 'body: not valid JSON', { issues: [{ path: 'body', message: 'not valid JSON' }] }), undefined);
    }
  });

  // POST [type]/_search carries its parameters as a form (http://hl7.org/fhir/R4/http.html#search).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, String(body));
  });

  const users = new WeakMap<FastifyRequest, FhirUser>();
  const replyError = async (e: unknown, req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    let err: unknown = e;
    if (!(e instanceof FhirError) && typeof (e as FastifyError | undefined)?.statusCode === 'number' && (e as FastifyError).code?.startsWith('FST_')) err = fastifyOutcome(e as FastifyError);
    const status = statusOf(err);
    if (status >= 500) req.log.error({ err: e instanceof Error ? { name: e.name, message: e.message.slice(0, 300) } : 'unknown', url: req.routeOptions.url }, 'fhir request failed');
    const user = users.get(req);
    if (!(err instanceof DeniedError) && user !== undefined && status >= 400 && status !== 401 && status < 500 && WRITE_ACTION[req.method] !== undefined && !req.url.includes('$export')) {
      // A refused write is audited as a failure, as sync.push records its rejections.
      const type = (req.params as Record<string, string | undefined>)['type'] ?? 'Bundle';
      const ctx = { user, now: services.clock.now() };
      try {
        await deps.audit.record([fhirEvent(ctx, {
          action: WRITE_ACTION[req.method] as AuditAction, outcome: 'failure', resourceType: type.slice(0, 64),
          resourceId: (req.params as Record<string, string | undefined>)['id']?.slice(0, 64) ?? null, detail: { status },
        })]);
      } catch {
        // Logged by the batcher; the client still gets its OperationOutcome.
      }
    }
    if (err instanceof DeniedError) {
      try {
        await deps.audit.record(err.events);
      } catch {
        // The denial stands even if its audit event could not be written; the failure is logged.
      }
    }
    if (status === 401) void reply.header('www-authenticate', 'Bearer realm="lantern-fhir"');
    await send(reply, { status, body: outcomeOf(err) });
  };
  app.setErrorHandler(async (e, req, reply) => replyError(e, req, reply));
  app.setNotFoundHandler(async (req, reply) => replyError(new FhirError('NOT_FOUND', `No FHIR endpoint ${req.method} ${req.url.split('?')[0]?.slice(0, 100) ?? ''}`), req, reply));

  // Lantern answers JSON only; a client that accepts nothing JSON gets 406 (http.html#mime-type).
  app.addHook('onRequest', async (req) => {
    const accept = req.headers.accept;
    if (accept !== undefined && accept !== '' && !/json|\*\/\*|application\/\*/.test(accept)) {
      throw new FhirError('BAD_INPUT', 'Lantern answers application/fhir+json only', { status: 406 });
    }
  });

  const prefix = (req: FastifyRequest): string => fhirBase(req, FHIR_PREFIX);

  app.get('/metadata', async (req, reply) => {
    await send(reply, { status: 200, body: capabilityStatement(prefix(req), services.clock.now()) });
  });

  for (const route of ROUTES) {
    app.route({
      method: route.method,
      url: route.url,
      handler: async (req, reply) => {
        const user = await deps.tokens.authenticate(req, { smart: true });
        // SMART tokens read and write resources; bulk export and the other operations are not theirs.
        if (user.smart !== undefined && (route.kind.type === 'operation' || route.kind.type === 'internal')) throw new FhirError('FORBIDDEN', 'This operation is not available to SMART app tokens');
        users.set(req, user);
        const ctx: FhirCtx = {
          deps, user, base: prefix(req), now: services.clock.now(), prefer: parsePrefer(req.headers.prefer),
          authorization: req.headers.authorization ?? '',
        };
        await send(reply, await route.handle(ctx, req));
      },
    });
  }
};

export { FHIR_JSON };
