/**
 * The CDS engine and its kb are not part of the host's start-up: both hosts (browser mode's
 * http-host-worker.ts, Electron's host-worker.ts) load them once someone is signed in and the host has
 * been quiet for a moment (idle-preload.ts), after the sign-in, finder and chart screens were answered,
 * so the first order screen does not wait for them either.
 */
import type { HostServices } from '../api/host-services.ts';
import { warmCdsEngine } from '../orders/load-cds-engine.ts';
import { idlePreload, type IdlePreload } from './idle-preload.ts';

/** Said in the host's log once the engine is warm (ids and timings only). */
export const CDS_WARM_LOG = 'CDS engine loaded in the background';

export function cdsIdleWarmup(services: Pick<HostServices, 'session'>, log?: (msg: string) => void): IdlePreload {
  return idlePreload({
    task: async () => {
      const start = performance.now();
      await warmCdsEngine();
      log?.(`${CDS_WARM_LOG} (${Math.round(performance.now() - start)} ms)`);
    },
    ready: () => services.session.userId !== null,
  });
}
