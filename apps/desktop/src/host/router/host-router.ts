/** The workstation host's tRPC router: the whole API of the renderer. */
import { allergiesRouter } from './allergies-router.ts';
import { breakGlassRouter } from './break-glass-router.ts';
import { chartRouter } from './chart-router.ts';
import { conflictsRouter } from './conflicts-router.ts';
import { notesRouter } from './notes-router.ts';
import { ordersRouter } from './orders-router.ts';
import { patientsRouter } from './patients-router.ts';
import { problemsRouter } from './problems-router.ts';
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
  notes: notesRouter,
  orders: ordersRouter,
  conflicts: conflictsRouter,
  breakGlass: breakGlassRouter,
  allergies: allergiesRouter,
  problems: problemsRouter,
});

export type HostRouter = typeof hostRouter;
