/**
 * How the privacy and administrator workspaces reach the sync server: the sync loop's own typed
 * client (sync/server-api.ts: `createTRPCClient<AppRouter>` over plain JSON, its timeout and its
 * error mapping), bound to the signed-in user's access token. These workspaces read nothing from
 * the local store: they are online only, and a server that cannot be reached is UNAVAILABLE, not
 * an empty report.
 */
import { LanternError } from '@lantern/core';
import type { HostServices } from '../api/host-services.ts';
import { toTrpcError } from '../api/trpc.ts';
import { serverErrorOf, type ServerClient } from '../sync/server-api.ts';

export type { ServerClient };

/** Runs one server call as the signed-in user; errors leave as host tRPC errors with the server's code. */
export async function onServer<T>(services: HostServices, fn: (c: ServerClient) => Promise<T>): Promise<T> {
  const attempt = async (): Promise<T> => {
    const token = services.session.accessToken();
    const client = services.clinical.api.client?.bind(services.clinical.api);
    if (token === null || client === undefined) throw new LanternError('UNAVAILABLE', 'This workspace needs a connection to the server: sign in online');
    try {
      return await fn(client(token));
    } catch (e) {
      throw serverErrorOf(e);
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
