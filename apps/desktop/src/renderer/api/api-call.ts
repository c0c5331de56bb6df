/**
 * Turns transport errors into ApiErrors with a Lantern code and a message fit to show; every feature
 * adapter wraps its calls with `call`.
 */
import { TRPCClientError } from '@trpc/client';
import { z } from 'zod';
import { ERROR_CODES } from '@lantern/core';
import { ApiError } from '@lantern/ui';

/** What the host's error formatter puts in `data` (host/api/trpc.ts); checked, not cast. */
const HostErrorDataSchema = z.object({
  lanternCode: z.enum(ERROR_CODES),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).catch([]).default([]),
}).loose();

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
