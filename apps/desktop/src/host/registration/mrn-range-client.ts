/**
 * Asks the sync server for a provisional MRN range (registration.allocateMrnRange) with the
 * signed-in user's access token. Only the type of the server router is imported.
 */
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '@lantern/sync-server/router';
import { z } from 'zod';
import type { MrnRange } from './mrn-range.ts';

const RangeSchema = z.object({ system: z.string(), first: z.number().int().positive(), last: z.number().int().positive() });

export async function fetchMrnRange(baseUrl: string, accessToken: string): Promise<MrnRange> {
  const trpc = createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${baseUrl.replace(/\/+$/, '')}/trpc`, headers: () => ({ authorization: `Bearer ${accessToken}` }) })],
  });
  const r = RangeSchema.parse(await trpc.registration.allocateMrnRange.mutate());
  return { first: r.first, last: r.last };
}
