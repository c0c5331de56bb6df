import { publicProcedure, router, toTrpcError } from '../api/trpc.ts';

export const syncRouter = router({
  /** Counts and state only, no PHI: shown even on the sign-in screen's status line. */
  status: publicProcedure.query(async ({ ctx }) => {
    try {
      return await ctx.services.sync.status();
    } catch (e) {
      throw toTrpcError(e);
    }
  }),
  now: publicProcedure.mutation(async ({ ctx }) => {
    ctx.services.sync.kick();
    return ctx.services.sync.status();
  }),
});
