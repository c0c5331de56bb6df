/**
 * The CDS Hooks 2.0 service at /cds-services (https://cds-hooks.hl7.org/2.0/): discovery, the
 * order-select and order-sign services, and feedback. Every failure, Fastify's own included (bad
 * JSON, oversized body, unknown route), leaves as `{ error: { code, message, issues } }` with the
 * status CDS Hooks expects; denials are audited before the 403 is sent. Logs carry ids and codes.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { LanternError } from '@lantern/core';
import type { LanternRoutePlugin } from '../app.ts';
import { AuditBatcher } from '../fhir/audit-batcher.ts';
import { TokenVerifier } from '../fhir/auth.ts';
import type { CdsDeps } from './deps.ts';
import { discoveryDocument } from './discovery.ts';
import { CdsHttpError, errorReply } from './errors.ts';
import { giveFeedback } from './feedback.ts';
import { IssuedCardsWriter } from './issued-cards.ts';
import { callService } from './service.ts';

export const CDS_HOOKS_PREFIX = '/cds-services';

function fromFastify(e: FastifyError): CdsHttpError | null {
  if (typeof e.statusCode !== 'number' || e.code?.startsWith('FST_') !== true) return null;
  const status = e.statusCode;
  if (status === 413) return new CdsHttpError(new LanternError('BAD_INPUT', 'Request body too large'), 413);
  if (status === 415) return new CdsHttpError(new LanternError('BAD_INPUT', 'Unsupported Content-Type: send application/json'), 415);
  if (status === 400) return new CdsHttpError(new LanternError('BAD_INPUT', e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'Empty request body: send a CDS Hooks request as JSON' : 'Request body is not valid JSON', { issues: [{ path: 'body', message: 'not valid JSON' }] }));
  return null;
}

const serviceId = (req: FastifyRequest): string => String((req.params as { id?: unknown }).id ?? '');

export const cdsHooksPlugin: LanternRoutePlugin = async (app, { services }) => {
  const deps: CdsDeps = { services, audit: new AuditBatcher(services.pool, services.logger), tokens: new TokenVerifier(services), cards: new IssuedCardsWriter() };

  const replyError = async (e: unknown, req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const err = (e as FastifyError | undefined)?.code?.startsWith('FST_') === true ? (fromFastify(e as FastifyError) ?? e) : e;
    const { status, body } = errorReply(err);
    if (status >= 500) req.log.error({ err: e instanceof Error ? { name: e.name, message: e.message.slice(0, 300) } : 'unknown', url: req.routeOptions.url }, 'cds-hooks request failed');
    if (err instanceof CdsHttpError && err.events.length > 0) {
      try {
        await deps.audit.record(err.events);
      } catch {
        // The refusal stands even if its audit event could not be written; the batcher logged it.
      }
    }
    if (status === 401) void reply.header('www-authenticate', 'Bearer realm="lantern-cds-hooks"');
    await reply.status(status).send(body);
  };
  app.setErrorHandler(async (e, req, reply) => replyError(e, req, reply));
  app.setNotFoundHandler(async (req, reply) =>
    replyError(new CdsHttpError(new LanternError('NOT_FOUND', `No CDS Hooks endpoint ${req.method} ${req.url.split('?')[0]?.slice(0, 100) ?? ''}`)), req, reply));

  app.get('/', async () => discoveryDocument(services.clock.now()));
  app.post('/:id', async (req, reply) => {
    const { body } = await callService(deps, serviceId(req), req);
    return reply.type('application/json; charset=utf-8').send(body);
  });
  app.post('/:id/feedback', async (req) => giveFeedback(deps, serviceId(req), req));
};
