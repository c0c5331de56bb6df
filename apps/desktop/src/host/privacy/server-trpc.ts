/**
 * The typed client the privacy and administrator workspaces use to reach the sync server:
 * `createTRPCClient<AppRouter>` over plain JSON (type-only import of the server router), with the
 * signed-in user's access token. These workspaces read nothing from the local store: they are
 * online only, and a server that cannot be reached is UNAVAILABLE, not an empty report.
 */
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { ERROR_CODES, LanternError, type ErrorCode } from '@lantern/core';
import type { AppRouter } from '@lantern/sync-server/router';
import { z } from 'zod';
import type { HostServices } from '../api/host-services.ts';
import { toTrpcError } from '../api/trpc.ts';

export type ServerClient = ReturnType<typeof createTRPCClient<AppRouter>>;

const ErrorData = z.object({ lanternCode: z.string().optional(), httpStatus: z.number().optional() }).loose();
const isErrorCode = (s: unknown): s is ErrorCode => typeof s === 'string' && (ERROR_CODES as readonly string[]).includes(s);

/** The server's refusal as the same closed LanternError code; a network failure is UNAVAILABLE. */
export function fromServerError(e: unknown): LanternError {
  if (e instanceof TRPCClientError) {
    const data = ErrorData.safeParse(e.data);
    const code = data.success ? data.data.lanternCode : undefined;
    if (isErrorCode(code)) return new LanternError(code, e.message);
    return new LanternError('UNAVAILABLE', 'The sync server cannot be reached');
  }
  return new LanternError('UNAVAILABLE', 'The sync server cannot be reached');
}

export function serverClient(baseUrl: string, token: string): ServerClient {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${baseUrl.replace(/\/+$/, '')}/trpc`, headers: () => ({ authorization: `Bearer ${token}` }) })],
  });
}

/** Runs one server call as the signed-in user; errors leave as host tRPC errors with the server's code. */
export async function onServer<T>(services: HostServices, fn: (c: ServerClient) => Promise<T>): Promise<T> {
  const attempt = async (): Promise<T> => {
    const token = services.session.accessToken();
    if (token === null) throw new LanternError('UNAVAILABLE', 'This workspace needs a connection to the server: sign in online');
    try {
      return await fn(serverClient(services.clinical.api.baseUrl, token));
    } catch (e) {
      throw fromServerError(e);
    }
  };
  try {
    return await attempt();
  } catch (e) {
    // Access tokens are short-lived: an expired one is refreshed once (with the device proof) and the call repeated.
    if (e instanceof LanternError && e.code === 'UNAUTHENTICATED' && (await services.session.refresh().catch(() => false))) {
      try {
        return await attempt();
      } catch (again) {
        throw toTrpcError(again);
      }
    }
    throw toTrpcError(e);
  }
}
