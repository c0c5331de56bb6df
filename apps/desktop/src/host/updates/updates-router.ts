/**
 * updates.*: what the renderer shows about updates (the "Update ready" banner, the refusal of an
 * out-of-date workstation) and a check on request; and, for administrators, the packages IT
 * uploaded with their rollout percentage, decided and audited on the server (updates.* there).
 * The status carries no PHI and is shown on the sign-in screen too, so it needs no signed-in user.
 */
import { clinicalProcedure, publicProcedure, router } from '../api/trpc.ts';
import { forwarded, type ServerIn } from '../privacy/forward.ts';
import { onServer } from '../privacy/server-trpc.ts';
import type { UpdateStatus } from './update-status.ts';

type In = ServerIn['updates'];
const idle = (v: string): UpdateStatus => ({ currentVersion: v, channel: 'stable', update: { state: 'none' }, updateRequired: null, lastCheckedAt: null });

export const updatesRouter = router({
  status: publicProcedure.query(({ ctx }): UpdateStatus => ctx.services.updates?.status() ?? idle('unknown')),
  check: clinicalProcedure.mutation(async ({ ctx }): Promise<UpdateStatus> => (ctx.services.updates === undefined ? idle('unknown') : ctx.services.updates.check())),
  packages: clinicalProcedure.input(forwarded<In['list']>()).query(({ ctx, input }) => onServer(ctx.services, (c) => c.updates.list.query(input))),
  setRollout: clinicalProcedure.input(forwarded<In['setRollout']>()).mutation(({ ctx, input }) => onServer(ctx.services, (c) => c.updates.setRollout.mutate(input))),
});
