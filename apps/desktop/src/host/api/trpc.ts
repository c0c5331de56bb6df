/**
 * tRPC for the workstation host: the one API the renderer sees, over IPC in Electron and over loopback
 * HTTP in browser mode. Errors leave as the tRPC code for the LanternError code plus the Lantern code
 * itself (`data.lanternCode`), with the message only: no stack, no cause (CONVENTIONS.md #4).
 */
import { initTRPC, TRPCError } from '@trpc/server';
import { isLanternError, LanternError, toLanternError, trpcCodeOf, type ErrorCode } from '@lantern/core';
import type { HostServices } from './host-services.ts';

export interface HostContext {
  services: HostServices;
}

/** The Lantern error behind a tRPC error; input validation failures are BAD_INPUT. */
export function lanternErrorOf(error: TRPCError): LanternError {
  if (isLanternError(error.cause)) return error.cause;
  if (error.code === 'BAD_REQUEST' || error.code === 'PARSE_ERROR') return new LanternError('BAD_INPUT', 'The request was not valid');
  return toLanternError(error.cause ?? error);
}

const t = initTRPC.context<HostContext>().create({
  isServer: true,
  allowOutsideOfServer: true,
  errorFormatter({ shape, error }) {
    const le = lanternErrorOf(error);
    const lanternCode: ErrorCode = le.code;
    return {
      message: le.code === 'INTERNAL' ? 'An unexpected error occurred' : le.message,
      code: shape.code,
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, lanternCode, issues: le.issues },
    };
  },
});

/** Throws a LanternError as the matching tRPC error, keeping it as the cause for the formatter. */
export function toTrpcError(e: unknown): TRPCError {
  if (e instanceof TRPCError) return e;
  const le = toLanternError(e);
  return new TRPCError({ code: trpcCodeOf(le.code), message: le.message, cause: le });
}

export const router = t.router;
export const publicProcedure = t.procedure;

/** Procedures that read or write PHI: the session must be active (not signed out, not locked). */
export const clinicalProcedure = publicProcedure.use(async ({ ctx, next }) => {
  let active;
  try {
    active = await ctx.services.session.requireActive();
  } catch (e) {
    throw toTrpcError(e);
  }
  return next({ ctx: { ...ctx, user: active.user, scope: active.scope } });
});

/** Unwraps a store Result inside a procedure. */
export function must<T>(r: { ok: true; value: T } | { ok: false; error: LanternError }): T {
  if (r.ok) return r.value;
  throw toTrpcError(r.error);
}
