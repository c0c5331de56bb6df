/**
 * One error type with a closed set of codes (CONVENTIONS.md #4). Every package throws or returns
 * LanternError; `toLanternError` turns anything thrown into one, and the maps below give the HTTP
 * status, the tRPC code and the FHIR OperationOutcome issue code for each.
 *
 * Messages are shown to users and written to logs, so they must never carry PHI: name fields,
 * ids and codes, never a patient's name, birth date or note text.
 */
export const ERROR_CODES = [
  'BAD_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'VERSION_MISMATCH',
  'GONE',
  'PRECONDITION_REQUIRED',
  'TOO_MANY_REQUESTS',
  'STORE_LOCKED',
  'STORE_KEY_INVALID',
  'STORE_CORRUPT',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem with one field of the input, e.g. `{ path: 'dosage[0].route', message: 'Required' }`. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export class LanternError extends Error {
  override readonly name = 'LanternError';
  readonly code: ErrorCode;
  readonly issues: readonly FieldIssue[];

  constructor(code: ErrorCode, message: string, options?: { issues?: readonly FieldIssue[]; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = options?.issues ?? [];
  }

  /** A plain, serialisable shape for IPC and API bodies: no stack, no cause. */
  toJSON(): { code: ErrorCode; message: string; issues: readonly FieldIssue[] } {
    return { code: this.code, message: this.message, issues: this.issues };
  }
}

export const isLanternError = (e: unknown): e is LanternError => e instanceof LanternError;

const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VERSION_MISMATCH: 412,
  GONE: 410,
  PRECONDITION_REQUIRED: 428,
  TOO_MANY_REQUESTS: 429,
  STORE_LOCKED: 423,
  STORE_KEY_INVALID: 401,
  STORE_CORRUPT: 500,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export const httpStatusOf = (code: ErrorCode): number => HTTP_STATUS[code];

/** tRPC error codes (a subset of `TRPC_ERROR_CODE_KEY`), kept as strings so core needs no tRPC import. */
export type TrpcCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'TOO_MANY_REQUESTS'
  | 'INTERNAL_SERVER_ERROR'
  | 'SERVICE_UNAVAILABLE';

const TRPC_CODE: Record<ErrorCode, TrpcCode> = {
  BAD_INPUT: 'BAD_REQUEST',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  VERSION_MISMATCH: 'PRECONDITION_FAILED',
  GONE: 'NOT_FOUND',
  PRECONDITION_REQUIRED: 'PRECONDITION_FAILED',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  STORE_LOCKED: 'UNAUTHORIZED',
  STORE_KEY_INVALID: 'UNAUTHORIZED',
  STORE_CORRUPT: 'INTERNAL_SERVER_ERROR',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
};

export const trpcCodeOf = (code: ErrorCode): TrpcCode => TRPC_CODE[code];

/** FHIR issue-type codes, http://hl7.org/fhir/R4/valueset-issue-type.html */
const FHIR_ISSUE: Record<ErrorCode, string> = {
  BAD_INPUT: 'invalid',
  UNAUTHENTICATED: 'login',
  FORBIDDEN: 'forbidden',
  NOT_FOUND: 'not-found',
  CONFLICT: 'conflict',
  VERSION_MISMATCH: 'conflict',
  GONE: 'deleted',
  PRECONDITION_REQUIRED: 'required',
  TOO_MANY_REQUESTS: 'throttled',
  STORE_LOCKED: 'security',
  STORE_KEY_INVALID: 'security',
  STORE_CORRUPT: 'exception',
  UNAVAILABLE: 'transient',
  INTERNAL: 'exception',
};

export const fhirIssueCodeOf = (code: ErrorCode): string => FHIR_ISSUE[code];

/**
 * Turns any thrown value into a LanternError. Unknown errors become INTERNAL with a generic
 * message: their text may hold PHI or internals, so it stays in `cause` for the server log only.
 */
export function toLanternError(e: unknown): LanternError {
  if (e instanceof LanternError) return e;
  return new LanternError('INTERNAL', 'An unexpected error occurred', { cause: e });
}

/** A FHIR R4 OperationOutcome for an error (http://hl7.org/fhir/R4/operationoutcome.html). */
export function toOperationOutcome(e: unknown): {
  resourceType: 'OperationOutcome';
  issue: { severity: 'error' | 'fatal'; code: string; diagnostics: string; expression?: string[] }[];
} {
  const le = toLanternError(e);
  const severity = le.code === 'INTERNAL' || le.code === 'STORE_CORRUPT' ? 'fatal' : 'error';
  if (le.issues.length === 0) {
    return { resourceType: 'OperationOutcome', issue: [{ severity, code: fhirIssueCodeOf(le.code), diagnostics: le.message }] };
  }
  return {
    resourceType: 'OperationOutcome',
    issue: le.issues.map((i) => ({
      severity,
      code: fhirIssueCodeOf(le.code),
      diagnostics: `${i.path}: ${i.message}`,
      expression: [i.path],
    })),
  };
}
