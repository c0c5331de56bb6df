/**
 * Browser mode as `pnpm start` runs it: the loopback HTTP server on this thread, the host on a worker
 * thread (http-host-worker.ts) started once the server listens. The main thread never loads the host's
 * code, so it listens sooner and serves the screens' files without pause while the host loads its code
 * and opens the encrypted store on the other core; API calls wait for the host. Until it is ready,
 * index.html tells the page that no one is signed in (http-server.ts `hostStarting`), so the sign-in
 * form shows without waiting for it.
 * The same authentication and CSRF guard apply (http-server.ts): only guarded requests reach the worker.
 */
import { LanternError } from '@lantern/core';
import { serveHttp, type HttpServe } from './http-server.ts';
import { startHttpHostWorker, type HttpHostWorker } from './http-host-worker-client.ts';
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
  // The worker starts once the server listens, so the launch link never waits for a thread start.
  let host: HttpHostWorker | null = null;
  let starting = true;
  let http: HttpServe;
  try {
    http = await serveHttp({
      services: null,
      // Set below before any request can arrive (a connection is an event-loop task; this function resumes first).
      api: (req, res, origin) => (host === null ? Promise.reject(new Error('host worker not started')) : host.handle(req, res, origin)),
      hostStarting: () => starting,
      rendererDir, ...(port === undefined ? {} : { port }), ...(log === undefined ? {} : { log }),
    });
  } catch (e) {
    throw new LanternError('UNAVAILABLE', 'The workstation could not listen on loopback', { cause: e });
  }
  const worker = startHttpHostWorker(data, log === undefined ? {} : { log });
  host = worker;
  onListening?.(http);
  try {
    await worker.ready;
    starting = false;
  } catch (e) {
    await http.close();
    await worker.close();
    throw e;
  }
  return {
    ...http,
    close: async () => {
      await http.close();
      await worker.close();
    },
  };
}
