/**
 * Browser mode as `pnpm start` runs it: the loopback HTTP server on this thread, the host on a worker
 * thread (http-host-worker.ts) started at once, beside the server. The main thread never loads the host's
 * code, so it listens sooner and serves the screens' files without pause while the host loads its code
 * and opens the encrypted store on the other core; the first API call (the session) waits for the host.
 * The same authentication and CSRF guard apply (http-server.ts): only guarded requests reach the worker.
 */
import { LanternError } from '@lantern/core';
import { serveHttp, type HttpServe } from './http-server.ts';
import { startHttpHostWorker } from './http-host-worker-client.ts';
import type { HttpHostWorkerData } from './http-host-worker-protocol.ts';

export interface WorkstationWorkerOptions extends HttpHostWorkerData {
  rendererDir: string | null;
  port?: number;
  log?: (msg: string) => void;
  /** Called once the server listens, before the host is ready (browser mode prints the launch link here). */
  onListening?: (http: HttpServe) => void;
}

/** Resolves once the host is ready; rejects (with the server and the worker closed again) if it cannot start. */
export async function startWorkstationWithHostWorker(o: WorkstationWorkerOptions): Promise<HttpServe> {
  const { rendererDir, port, log, onListening, ...data } = o;
  const host = startHttpHostWorker(data, log === undefined ? {} : { log });
  let http: HttpServe;
  try {
    http = await serveHttp({ services: null, api: host.handle, rendererDir, ...(port === undefined ? {} : { port }), ...(log === undefined ? {} : { log }) });
  } catch (e) {
    await host.close();
    throw new LanternError('UNAVAILABLE', 'The workstation could not listen on loopback', { cause: e });
  }
  onListening?.(http);
  try {
    await host.ready;
  } catch (e) {
    await http.close();
    await host.close();
    throw e;
  }
  return {
    ...http,
    close: async () => {
      await http.close();
      await host.close();
    },
  };
}
