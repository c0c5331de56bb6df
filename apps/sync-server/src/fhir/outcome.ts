/**
 * FHIR errors: every failure leaves as an OperationOutcome (http://hl7.org/fhir/R4/operationoutcome.html)
 * with the HTTP status FHIR's RESTful API names for it (http://hl7.org/fhir/R4/http.html). Built on
 * core's LanternError codes; FHIR adds a few statuses the closed set does not carry as codes
 * (405, 406, 415, 422), so an error may override the status of its code.
 */
import { httpStatusOf, isLanternError, LanternError, toOperationOutcome, type AuditEventInput, type ErrorCode, type FieldIssue } from '@lantern/core';

export class FhirError extends LanternError {
  readonly status: number;
  constructor(code: ErrorCode, message: string, opts: { status?: number; issues?: readonly FieldIssue[] } = {}) {
    super(code, message, opts.issues === undefined ? undefined : { issues: opts.issues });
    this.status = opts.status ?? httpStatusOf(code);
  }
}

/** 400 naming the bad field (a query parameter, a header or an element). */
export const badRequest = (path: string, message: string): FhirError =>
  new FhirError('BAD_INPUT', `${path}: ${message}`, { issues: [{ path, message }] });

/** 422: well-formed, but the content breaks a FHIR or Lantern rule (http.html#2.21.0.8). */
export const unprocessable = (path: string, message: string): FhirError =>
  new FhirError('BAD_INPUT', `${path}: ${message}`, { status: 422, issues: [{ path, message }] });

export const notFound = (message: string): FhirError => new FhirError('NOT_FOUND', message);

export function statusOf(e: unknown): number {
  if (e instanceof FhirError) return e.status;
  if (isLanternError(e)) return httpStatusOf(e.code);
  return 500;
}

export type OperationOutcome = ReturnType<typeof toOperationOutcome>;

/** The OperationOutcome of any thrown value (unknown errors: a generic message, no internals). */
export function outcomeOf(e: unknown): OperationOutcome {
  const oo = toOperationOutcome(e);
  // An issue per field names it; the summary message is kept as the first diagnostics too.
  if (isLanternError(e) && e.issues.length > 0) {
    return { ...oo, issue: oo.issue.map((i, n) => (n === 0 ? { ...i, diagnostics: e.message } : i)) };
  }
  return oo;
}

/** A success or information outcome (e.g. a delete with Prefer: return=OperationOutcome). */
export function informational(message: string): { resourceType: 'OperationOutcome'; issue: { severity: 'information'; code: 'informational'; diagnostics: string }[] } {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', diagnostics: message }] };
}

/** A refusal by the access policy: answered 403 after its audit events are committed. */
export class DeniedError extends FhirError {
  constructor(message: string, readonly events: readonly AuditEventInput[]) {
    super('FORBIDDEN', message);
  }
}
