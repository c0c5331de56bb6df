/**
 * pino, with the fields that could carry credentials or PHI redacted before anything is written,
 * and the request log (registerRequestLogging): method, route pattern, status, time, user id and
 * request id only. A URL's query string (FHIR search parameters such as `name` and `birthdate`,
 * a tRPC query's `input`) and request bodies never reach the log (HIPAA 164.312(b) audit
 * controls belong in the audit trail, not in operational logs; 164.502(b) minimum necessary).
 */
import { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import pino, { type DestinationStream, type Logger } from 'pino';

/** Only what identifies a request without describing its content. */
function requestSummary(req: Partial<FastifyRequest> | undefined): { id: string | undefined; method: string | undefined; route: string } {
  return { id: req?.id, method: req?.method, route: req?.routeOptions?.url ?? '(no route)' };
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { svc: 'lantern-sync-server' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password', 'refreshToken', '*.refreshToken', 'resource', '*.resource'],
      censor: '[redacted]',
    },
    // Anything that logs a request object gets the summary, never the URL, headers or body.
    serializers: { req: (req: Partial<FastifyRequest> | undefined) => requestSummary(req) },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}

/** The signed-in user of a request, for the log: only once the token was accepted (not on 401). */
function userIdOf(req: FastifyRequest, status: number): string | null {
  const header = req.headers.authorization;
  if (status === 401 || typeof header !== 'string' || !/^Bearer\s+\S/i.test(header)) return null;
  try {
    const sub = decodeJwt(header.replace(/^Bearer\s+/i, '').trim()).sub;
    return typeof sub === 'string' && /^[0-9a-f-]{36}$/i.test(sub) ? sub : null;
  } catch {
    return null;
  }
}

/** tRPC procedure names are code, not data (`patients.search`); anything else is dropped. */
function procedureOf(req: FastifyRequest): string | undefined {
  const path = (req.params as Record<string, unknown> | undefined)?.['path'];
  return typeof path === 'string' && /^[A-Za-z0-9_.,]{1,200}$/.test(path) ? path : undefined;
}

/** Fastify's own request logging off: it writes the full URL, query string included. */
export function quietRequestLogController(): LogController {
  return new LogController({ disableRequestLogging: true });
}

/** One line per request, at completion, with no URL, query string, header or body. */
export function registerRequestLogging(app: FastifyInstance): void {
  app.addHook('onResponse', async (req, reply) => {
    const status = reply.statusCode;
    const procedure = req.routeOptions.url?.startsWith('/trpc') === true ? procedureOf(req) : undefined;
    req.log.info({
      method: req.method,
      route: req.routeOptions.url ?? '(no route)',
      ...(procedure === undefined ? {} : { procedure }),
      status,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      userId: userIdOf(req, status),
    }, 'request');
  });
}
