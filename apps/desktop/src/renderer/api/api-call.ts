/**
 * Turns transport errors into ApiErrors with a Lantern code and a message fit to show; every feature
 * adapter wraps its calls with `call`.
 */
import { TRPCClientError } from '@trpc/client';
// zod's tree-shakable build: this check runs before sign-in, and full zod would add ~55 kB to the first chunk.
import * as z from 'zod/mini';
import { ERROR_CODES } from '@lantern/core';
import { ApiError } from '@lantern/ui';

/** What the host's error formatter puts in `data` (host/api/trpc.ts); checked, not cast. */
const HostErrorDataSchema = z.looseObject({
  lanternCode: z.enum(ERROR_CODES),
  issues: z._default(z.catch(z.array(z.object({ path: z.string(), message: z.string() })), []), []),
});

export function toApiError(e: unknown): ApiError {
  if (e instanceof TRPCClientError) {
    const data = HostErrorDataSchema.safeParse(e.data);
    if (data.success) return new ApiError(data.data.lanternCode, e.message, data.data.issues);
    return new ApiError('UNAVAILABLE', 'The workstation service is not responding', []);
  }
  return new ApiError('INTERNAL', 'Something went wrong');
}

export const call = <A extends unknown[], R>(fn: (...a: A) => Promise<R>) => async (...a: A): Promise<R> => {
  try {
    return await fn(...a);
  } catch (e) {
    throw toApiError(e);
  }
};
