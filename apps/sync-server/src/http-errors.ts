/**
 * The body of an error Fastify itself answers (a rate limit, a malformed or oversized body, a
 * malformed URL, an unknown route), in the shape of the surface it hit: under /trpc the tRPC error
 * shape that procedures answer (`error.data.lanternCode`, see trpc.ts), under /fhir an
 * OperationOutcome (http://hl7.org/fhir/R4/operationoutcome.html), elsewhere `{ error: { code,
 * message, issues } }` as CDS Hooks and /health do.
 */
import { httpStatusOf, LanternError, toOperationOutcome, trpcCodeOf } from '@lantern/core';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

const under = (url: string, prefix: string): boolean => url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`);

export function typedErrorBody(url: string, e: LanternError, status: number = httpStatusOf(e.code)): unknown {
  const issues = [...e.issues];
  if (under(url, '/trpc')) {
    const key = trpcCodeOf(e.code);
    return { error: { message: e.message, code: TRPC_ERROR_CODES_BY_KEY[key], data: { code: key, httpStatus: status, lanternCode: e.code, issues } } };
  }
  if (under(url, '/fhir')) return toOperationOutcome(e);
  return { error: { code: e.code, message: e.message, issues } };
}

/**
 * Fastify's `frameworkErrors`: a URL it cannot route (bad percent-encoding, an over-long
 * parameter) is answered before any route or error handler runs; this keeps those answers typed
 * and free of the echoed URL.
 */
export function frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
  const e = new LanternError('BAD_INPUT', status === 414 ? 'URL path segment too long' : 'Malformed URL');
  void reply.status(status).header('content-type', under(request.url, '/fhir') ? 'application/fhir+json; charset=utf-8' : 'application/json; charset=utf-8')
    .send(JSON.stringify(typedErrorBody(request.url, e, status)));
}
