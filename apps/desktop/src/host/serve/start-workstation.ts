/**
 * The workstation in browser mode: the host (create-host.ts) served over loopback HTTP with the
 * renderer build. Used by `pnpm start`, the e2e harness and the benchmarks.
 *
 * The loopback server listens first and the host opens its store after: `onListening` hands out the
 * launch link at once, so the browser fetches and compiles the screens while the host loads its code,
 * opens the encrypted store and starts the sync loop (on two cores these overlap instead of queueing).
 * API calls that arrive before the host is ready wait for it. The host's code is imported only then,
 * so listening does not wait for it to load.
 */
import { LanternError } from '@lantern/core';
import type { HostServices } from '../api/host-services.ts';
import type { Host, HostOptions } from './create-host.ts';
import { serveHttp, type HttpServe } from './http-server.ts';

export interface WorkstationOptions extends HostOptions {
  rendererDir: string | null;
  port?: number;
  /** Called once the server listens, before the host is ready (browser mode prints the launch link here). */
  onListening?: (http: HttpServe) => void;
  /**
   * Browser mode opened by a person: load the host's code and open the store only once the browser has
   * the screens' files (or makes its first API call, or after FIRST_PAGE_WAIT_MS). Loading the host
   * holds Node's one thread for a few hundred milliseconds; done first, it delays every file of the
   * first page, while the browser, once it has them, spends about as long compiling them on the other core.
   */
  startHostAfterFirstPage?: boolean;
}

/** How long a host started with `startHostAfterFirstPage` waits for a browser before starting anyway (sync, updates). */
const FIRST_PAGE_WAIT_MS = 2_000;

export interface Workstation extends HttpServe {
  services: HostServices;
}

/** Resolves once the host is ready; rejects (with the server closed again) if it cannot start. */
export async function startWorkstation(o: WorkstationOptions): Promise<Workstation> {
  let ready!: (s: HostServices) => void;
  let failed!: (e: unknown) => void;
  const services = new Promise<HostServices>((resolve, reject) => {
    ready = resolve;
    failed = reject;
  });
  // A start that fails is reported by this function's rejection; API calls waiting on it get a 500.
  services.catch(() => undefined);
  let started = false;
  let http: HttpServe;
  try {
    http = await serveHttp({ services, hostStarting: () => !started, rendererDir: o.rendererDir, ...(o.port === undefined ? {} : { port: o.port }), ...(o.log === undefined ? {} : { log: o.log }) });
  } catch (e) {
    throw new LanternError('UNAVAILABLE', 'The workstation could not listen on loopback', { cause: e });
  }
  o.onListening?.(http);
  if (o.startHostAfterFirstPage === true) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([http.firstPageServed, new Promise<void>((resolve) => (timer = setTimeout(resolve, FIRST_PAGE_WAIT_MS)))]);
    clearTimeout(timer);
  }
  let host: Host;
  try {
    const { createHost } = await import('./create-host.ts');
    host = await createHost(o);
  } catch (e) {
    failed(e);
    await http.close();
    throw e;
  }
  ready(host.services);
  started = true;
  return {
    ...http,
    services: host.services,
    close: async () => {
      await http.close();
      await host.close();
    },
  };
}
