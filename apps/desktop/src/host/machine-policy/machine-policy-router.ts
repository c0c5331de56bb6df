/**
 * machinePolicy.*: what IT set for this machine, for the screens that show it locked ("Set by your
 * organisation") and for the sign-in screen (the server it talks to; a policy error for IT). No PHI;
 * answered signed out too. The list of allowed usernames is summarised, not listed.
 */
import { publicProcedure, router } from '../api/trpc.ts';
import { machinePolicyView } from './machine-policy-view.ts';

export const machinePolicyRouter = router({
  current: publicProcedure.query(({ ctx }) => machinePolicyView(ctx.services.machine ?? null, ctx.services.workstation?.policy() ?? null, ctx.services.session.autoLockMs)),
});
