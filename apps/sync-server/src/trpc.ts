/**
 * tRPC setup: context from the Fastify request (bearer token), procedure builders by policy, and
 * the error policy: LanternError -> TRPCError via core's `trpcCodeOf`; no stack traces, no PHI
 * and no internal messages ever leave the server.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import type { CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
import { decideAccess, isLanternError, LanternError, toLanternError, trpcCodeOf, type Action, type ErrorCode, type FieldIssue, type PolicyResourceType } from '@lantern/core';
import { ZodError } from 'zod';
import { PASSWORD_CHANGE_PATHS, mustChangePasswordError } from './auth/must-change-password.ts';
import { verifyAccessToken, type AccessClaims } from './auth/tokens.ts';
import type { Actor } from './db/audit-log.ts';
import type { Services } from './services.ts';

export interface Context {
  services: Services;
  user: AccessClaims | null;
  /** Why the bearer token was refused, if one was sent. */
  authError: LanternError | null;
  clientAddress: string;
}

export function contextFactory(services: Services) {
  return async ({ req }: CreateFastifyContextOptions): Promise<Context> => {
    const header = req.headers.authorization;
    let user: AccessClaims | null = null;
    let authError: LanternError | null = null;
    if (typeof header === 'string' && header.startsWith('Bearer ')) {
      try {
        user = await verifyAccessToken(services.keys.accessTokenKey, header.slice(7).trim(), services.clock.now());
      } catch (e) {
        authError = toLanternError(e);
      }
    }
    return { services, user, authError, clientAddress: req.ip };
  };
}

/** The `data` every error carries: a Lantern code and the bad fields, never a stack. */
export interface ErrorData {
  code: string;
  httpStatus: number;
  lanternCode: ErrorCode;
  issues: FieldIssue[];
}

function zodIssues(e: ZodError): FieldIssue[] {
  return e.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

const t = initTRPC.context<Context>().create({
  isDev: false,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    let lanternCode: ErrorCode = 'INTERNAL';
    let issues: FieldIssue[] = [];
    let message = 'An unexpected error occurred';
    if (cause instanceof ZodError) {
      lanternCode = 'BAD_INPUT';
      issues = zodIssues(cause);
      const first = issues[0];
      message = first === undefined ? 'Invalid input' : `Invalid input: ${first.path || '(root)'}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`;
    } else if (isLanternError(cause)) {
      lanternCode = cause.code;
      issues = [...cause.issues];
      message = cause.message;
    } else if (error.code === 'PARSE_ERROR' || error.code === 'BAD_REQUEST') {
      lanternCode = 'BAD_INPUT';
      message = error.code === 'PARSE_ERROR' ? 'Request body is not valid JSON' : error.message;
    } else if (error.code === 'NOT_FOUND') {
      lanternCode = 'NOT_FOUND';
      message = error.message;
    } else if (error.code === 'METHOD_NOT_SUPPORTED') {
      lanternCode = 'BAD_INPUT';
      message = error.message;
    } else if (error.code === 'PAYLOAD_TOO_LARGE') {
      lanternCode = 'BAD_INPUT';
      message = 'Request body too large';
    } else if (error.code === 'UNSUPPORTED_MEDIA_TYPE') {
      lanternCode = 'BAD_INPUT';
      message = 'Unsupported Content-Type: send application/json';
    }
    const data: ErrorData = { code: shape.data.code, httpStatus: shape.data.httpStatus, lanternCode, issues };
    return { message, code: shape.code, data };
  },
});

/** Turns a thrown LanternError into the matching TRPCError (the formatter keeps its details). */
const lanternErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (isLanternError(cause) && result.error.code === 'INTERNAL_SERVER_ERROR') {
      throw new TRPCError({ code: trpcCodeOf(cause.code), message: cause.message, cause });
    }
  }
  return result;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(lanternErrors);

export interface AuthedContext extends Context {
  user: AccessClaims;
  actor: Actor;
}

export const authedProcedure = publicProcedure.use(async ({ ctx, next, path }) => {
  if (ctx.user === null) throw ctx.authError ?? new LanternError('UNAUTHENTICATED', 'Sign in first: no access token');
  // Deactivating a user or a device takes effect at once, not when the access token expires.
  const live = await ctx.services.pool.query(
    'SELECT u.active AND coalesce(d.active, true) AS ok, u.must_change_password AS mcp FROM users u LEFT JOIN devices d ON d.id = $2 WHERE u.id = $1',
    [ctx.user.userId, ctx.user.deviceId],
  );
  const row = live.rows[0] as { ok?: boolean; mcp?: boolean } | undefined;
  if (row?.ok !== true) throw new LanternError('UNAUTHENTICATED', 'This account or device is no longer active: sign in again');
  if (row.mcp === true && !PASSWORD_CHANGE_PATHS.has(path)) throw mustChangePasswordError();
  const actor: Actor = { userId: ctx.user.userId, role: ctx.user.role, deviceId: ctx.user.deviceId, clientAddress: ctx.clientAddress };
  return next({ ctx: { ...ctx, user: ctx.user, actor } });
});

/**
 * Only a role the access policy lets do `action` on `resourceType` may call (core's
 * `decideAccess`, the same decision as every FHIR interaction and sync mutation; procedures are
 * not about one patient, so the relation is 'none' and only system types make sense here). Anyone
 * else gets FORBIDDEN; callers that read PHI audit their own denials.
 */
export const policyProcedure = (resourceType: PolicyResourceType, action: Action) =>
  authedProcedure.use(({ ctx, next }) => {
    const d = decideAccess({ role: ctx.user.role, resourceType, action, relation: 'none' });
    if (!d.allowed) throw new LanternError('FORBIDDEN', `Access denied: ${d.reason}`);
    return next();
  });
