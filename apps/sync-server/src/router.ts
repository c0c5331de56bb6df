/**
 * The server's tRPC API at /trpc (plain JSON, no transformer: `POST /trpc/<procedure>` with the
 * input as the JSON body; bearer token in `Authorization`). The desktop imports only `type AppRouter`.
 */
import { accessRouter } from './routers/access.ts';
import { adminRouter } from './routers/admin.ts';
import { auditRouter } from './routers/audit.ts';
import { authRouter } from './routers/auth.ts';
import { privacyRouter } from './privacy/privacy-router.ts';
import { workstationRouter } from './admin/workstation-router.ts';
import { syncRouter } from './routers/sync.ts';
import { registrationRouter } from './registration/registration-router.ts';
import { smartRouter } from './smart/smart-router.ts';
import { hl7Router } from './hl7v2/hl7-router.ts';
import { subscriptionsRouter } from './subscriptions/subscriptions-router.ts';
import { deidRouter } from './deid/deid-router.ts';
import { updatesRouter } from './updates/updates-router.ts';
import { router } from './trpc.ts';

export const appRouter = router({
  auth: authRouter,
  sync: syncRouter,
  audit: auditRouter,
  access: accessRouter,
  admin: adminRouter,
  privacy: privacyRouter,
  workstation: workstationRouter,
  registration: registrationRouter,
  smart: smartRouter,
  hl7: hl7Router,
  subscriptions: subscriptionsRouter,
  deid: deidRouter,
  updates: updatesRouter,
});

export type AppRouter = typeof appRouter;
