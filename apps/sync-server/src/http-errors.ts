/**
 * The body of an error Fastify itself answers (a rate limit, a malformed or oversized body, an
 * unknown route), in the shape of the surface it hit: under /trpc the tRPC error shape that
 * procedures answer (`error.data.lanternCode`, see trpc.ts), elsewhere `{ error: { code, message,
 * issues } }` as CDS Hooks and /health do. FHIR answers its own OperationOutcome (fhir/plugin.ts).
 */
import { httpStatusOf, trpcCodeOf, type LanternError } from '@lantern/core';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';

export function typedErrorBody(url: string, e: LanternError, status: number = httpStatusOf(e.code)): unknown {
  const issues = [...e.issues];
  if (url === '/trpc' || url.startsWith('/trpc/') || url.startsWith('/trpc?')) {
    const key = trpcCodeOf(e.code);
    return { error: { message: e.message, code: TRPC_ERROR_CODES_BY_KEY[key], data: { code: key, httpStatus: status, lanternCode: e.code, issues } } };
  }
  return { error: { code: e.code, message: e.message, issues } };
}
