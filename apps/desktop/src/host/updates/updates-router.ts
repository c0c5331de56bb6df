/**
 * updates.*: what the renderer shows about updates (the "Update ready" banner, the refusal of an
 * out-of-date workstation) and a check on request. The status carries no PHI and is shown on the
 * sign-in screen too, so it needs no signed-in user; a check needs one (it uses their token).
 */
import { clinicalProcedure, publicProcedure, router } from '../api/trpc.ts';
import type { UpdateStatus } from './update-status.ts';

const idle = (v: string): UpdateStatus => ({ currentVersion: v, channel: 'stable', update: { state: 'none' }, updateRequired: null, lastCheckedAt: null });

export const updatesRouter = router({
  status: publicProcedure.query(({ ctx }): UpdateStatus => ctx.services.updates?.status() ?? idle('unknown')),
  check: clinicalProcedure.mutation(async ({ ctx }): Promise<UpdateStatus> => (ctx.services.updates === undefined ? idle('unknown') : ctx.services.updates.check())),
});
