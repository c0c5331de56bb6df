import type { ErrorCode } from '@lantern/core';

/** An error as the screens see it: a closed code and a message safe to show (no PHI, no stack). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export const errorMessage = (e: unknown): string =>
  e instanceof ApiError ? e.message : 'Something went wrong. Try again, or call the help desk if it keeps happening.';

/** Errors that mean "the session is gone": the app goes back to the lock or sign-in screen. */
export const isSessionError = (e: unknown): boolean =>
  e instanceof ApiError && (e.code === 'UNAUTHENTICATED' || e.code === 'STORE_LOCKED');
