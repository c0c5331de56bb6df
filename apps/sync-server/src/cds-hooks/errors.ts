/**
 * How the CDS Hooks endpoints fail: a LanternError with the HTTP status CDS Hooks asks for
 * (https://cds-hooks.hl7.org/2.0/#http-response: 412 when required prefetch is missing and the
 * service cannot fetch it), answered as `{ error: { code, message, issues } }` like the rest of the
 * server. Denials carry their `access-denied` audit events, committed before the 403 leaves.
 */
import { httpStatusOf, isLanternError, LanternError, type AuditEventInput } from '@lantern/core';

export class CdsHttpError extends Error {
  constructor(
    readonly error: LanternError,
    readonly status: number = httpStatusOf(error.code),
    /** Audit events to commit before answering (denials, refused calls). */
    readonly events: readonly AuditEventInput[] = [],
    /** Extra body fields, e.g. the missing prefetch keys of a 412. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(error.message);
  }
}

export const cdsError = (...args: ConstructorParameters<typeof LanternError>): CdsHttpError => new CdsHttpError(new LanternError(...args));

/** The status and body of any failure; unknown throws become a 500 without their message. */
export function errorReply(e: unknown): { status: number; body: { error: Record<string, unknown> } } {
  if (e instanceof CdsHttpError) return { status: e.status, body: { error: { ...e.error.toJSON(), ...e.extra } } };
  if (isLanternError(e)) return { status: httpStatusOf(e.code), body: { error: e.toJSON() } };
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'An unexpected error occurred', issues: [] } } };
}
