/**
 * privacy.*: the privacy officer's workspace on the workstation. Every report is computed and
 * audited on the server (privacy.* there, decided by core's policy); the host forwards with the
 * signed-in user's token and keeps nothing: no report reaches the local store. A locked or
 * signed-out workstation answers nothing (the session must be active).
 */
import { clinicalProcedure as activeProcedure, router } from '../api/trpc.ts';
import { forwarded, type ServerIn } from './forward.ts';
import { onServer } from './server-trpc.ts';

type In = ServerIn['privacy'];

export const privacyRouter = router({
  findPatients: activeProcedure.input(forwarded<In['findPatients']>()).query(({ ctx, input }) => onServer(ctx.services, (c) => c.privacy.findPatients.query(input))),
  users: activeProcedure.query(({ ctx }) => onServer(ctx.services, (c) => c.privacy.users.query())),
  patientAccess: activeProcedure.input(forwarded<In['patientAccess']>()).query(({ ctx, input }) => onServer(ctx.services, (c) => c.privacy.patientAccess.query(input))),
  userActivity: activeProcedure.input(forwarded<In['userActivity']>()).query(({ ctx, input }) => onServer(ctx.services, (c) => c.privacy.userActivity.query(input))),
  exportAccess: activeProcedure.input(forwarded<In['exportAccess']>()).mutation(({ ctx, input }) => onServer(ctx.services, (c) => c.privacy.exportAccess.mutate(input))),
  breakGlassQueue: activeProcedure.input(forwarded<In['breakGlassQueue']>()).query(({ ctx, input }) => onServer(ctx.services, (c) => c.privacy.breakGlassQueue.query(input))),
  reviewBreakGlass: activeProcedure.input(forwarded<In['reviewBreakGlass']>()).mutation(({ ctx, input }) => onServer(ctx.services, (c) => c.privacy.reviewBreakGlass.mutate(input))),
  alerts: activeProcedure.input(forwarded<In['alerts']>()).query(({ ctx, input }) => onServer(ctx.services, (c) => c.privacy.alerts.query(input))),
  acknowledgeAlert: activeProcedure.input(forwarded<In['acknowledgeAlert']>()).mutation(({ ctx, input }) => onServer(ctx.services, (c) => c.privacy.acknowledgeAlert.mutate(input))),
  setRestricted: activeProcedure.input(forwarded<In['setRestricted']>()).mutation(({ ctx, input }) => onServer(ctx.services, (c) => c.privacy.setRestricted.mutate(input))),
  integrity: activeProcedure.query(({ ctx }) => onServer(ctx.services, (c) => c.privacy.integrity.query())),
  overrideRates: activeProcedure.input(forwarded<In['overrideRates']>()).query(({ ctx, input }) => onServer(ctx.services, (c) => c.privacy.overrideRates.query(input))),
  owedPurges: activeProcedure.input(forwarded<In['owedPurges']>()).query(({ ctx, input }) => onServer(ctx.services, (c) => c.privacy.owedPurges.query(input))),
});
