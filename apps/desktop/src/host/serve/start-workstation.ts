/**
 * The workstation in browser mode: the host (create-host.ts) served over loopback HTTP with the
 * renderer build. Used by `pnpm start`, the e2e harness and the benchmarks.
 */
import { LanternError } from '@lantern/core';
import type { HostServices } from '../api/host-services.ts';
import { createHost, type HostOptions } from './create-host.ts';
import { serveHttp, type HttpServe } from './http-server.ts';

export { DEFAULT_AUTO_LOCK_MS } from './create-host.ts';

export interface WorkstationOptions extends HostOptions {
  rendererDir: string | null;
  port?: number;
}

export interface Workstation extends HttpServe {
  services: HostServices;
}

export async function startWorkstation(o: WorkstationOptions): Promise<Workstation> {
  const host = await createHost(o);
  let http: HttpServe;
  try {
    http = await serveHttp({ services: host.services, rendererDir: o.rendererDir, ...(o.port === undefined ? {} : { port: o.port }), ...(o.log === undefined ? {} : { log: o.log }) });
  } catch (e) {
    await host.close();
    throw new LanternError('UNAVAILABLE', 'The workstation could not listen on loopback', { cause: e });
  }
  return {
    ...http,
    services: host.services,
    close: async () => {
      await http.close();
      await host.close();
    },
  };
}

export { createHost, type Host, type HostOptions } from './create-host.ts';
export { provisionOfflineUser } from '../session/provision-offline-user.ts';
