/** The workstation host's tRPC router: the whole API of the renderer. */
import { adminRouter } from '../admin/admin-router.ts';
import { integrationsRouter } from '../integrations/integrations-router.ts';
import { appsRouter } from '../apps/apps-router.ts';
import { allergiesRouter } from '../chart/allergies-router.ts';
import { breakGlassRouter } from '../break-glass/break-glass-router.ts';
import { chartRouter } from '../chart/chart-router.ts';
import { conflictsRouter } from '../conflicts/conflicts-router.ts';
import { notesRouter } from '../notes/notes-router.ts';
import { ordersRouter } from '../orders/orders-router.ts';
import { orderSetsRouter } from '../order-sets/order-sets-router.ts';
import { patientsRouter } from '../patients/patients-router.ts';
import { privacyRouter } from '../privacy/privacy-router.ts';
import { problemsRouter } from '../chart/problems-router.ts';
import { registrationRouter } from '../registration/registration-router.ts';
import { himRouter } from '../mpi/him-router.ts';
import { machinePolicyRouter } from '../machine-policy/machine-policy-router.ts';
import { resultsRouter } from '../results/results-router.ts';
import { sessionRouter } from '../session/session-router.ts';
import { syncRouter } from '../sync/sync-router.ts';
import { router } from './trpc.ts';
import { vitalsRouter } from '../chart/vitals-router.ts';
import { updatesRouter } from '../updates/updates-router.ts';

export const hostRouter = router({
  session: sessionRouter,
  patients: patientsRouter,
  chart: chartRouter,
  vitals: vitalsRouter,
  sync: syncRouter,
  notes: notesRouter,
  orders: ordersRouter,
  orderSets: orderSetsRouter,
  conflicts: conflictsRouter,
  breakGlass: breakGlassRouter,
  allergies: allergiesRouter,
  problems: problemsRouter,
  results: resultsRouter,
  privacy: privacyRouter,
  admin: adminRouter,
  integrations: integrationsRouter,
  registration: registrationRouter,
  him: himRouter,
  apps: appsRouter,
  machinePolicy: machinePolicyRouter,
  updates: updatesRouter,
});

export type HostRouter = typeof hostRouter;
