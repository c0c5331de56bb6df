/** The workstation host's tRPC router: the whole API of the renderer. */
import { chartRouter } from './chart-router.ts';
import { patientsRouter } from './patients-router.ts';
import { sessionRouter } from './session-router.ts';
import { syncRouter } from './sync-router.ts';
import { router } from './trpc.ts';
import { vitalsRouter } from './vitals-router.ts';

export const hostRouter = router({
  session: sessionRouter,
  patients: patientsRouter,
  chart: chartRouter,
  vitals: vitalsRouter,
  sync: syncRouter,
});

export type HostRouter = typeof hostRouter;
