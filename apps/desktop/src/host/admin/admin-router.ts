/**
 * admin.*: the administrator's workspace on the workstation: accounts, care teams and units,
 * devices and the workstation policy. Everything is decided and audited on the server (admin.*
 * there); administrators never see clinical content, and the host keeps nothing locally.
 */
import { clinicalProcedure as activeProcedure, router } from '../api/trpc.ts';
import { forwarded, type ServerIn } from '../privacy/forward.ts';
import { onServer } from '../privacy/server-trpc.ts';

type In = ServerIn['admin'];

export const adminRouter = router({
  users: activeProcedure.input(forwarded<In['users']>()).query(({ ctx, input }) => onServer(ctx.services, (c) => c.admin.users.query(input))),
  createUser: activeProcedure.input(forwarded<In['createUser']>()).mutation(({ ctx, input }) => onServer(ctx.services, (c) => c.admin.createUser.mutate(input))),
  setUserActive: activeProcedure.input(forwarded<In['setUserActive']>()).mutation(({ ctx, input }) => onServer(ctx.services, (c) => c.admin.setUserActive.mutate(input))),
  unlockUser: activeProcedure.input(forwarded<In['unlockUser']>()).mutation(({ ctx, input }) => onServer(ctx.services, (c) => c.admin.unlockUser.mutate(input))),
  resetPassword: activeProcedure.input(forwarded<In['resetPassword']>()).mutation(({ ctx, input }) => onServer(ctx.services, (c) => c.admin.resetPassword.mutate(input))),
  setStaffIdentity: activeProcedure.input(forwarded<In['setStaffIdentity']>()).mutation(({ ctx, input }) => onServer(ctx.services, (c) => c.admin.setStaffIdentity.mutate(input))),
  findPatients: activeProcedure.input(forwarded<In['findPatients']>()).query(({ ctx, input }) => onServer(ctx.services, (c) => c.admin.findPatients.query(input))),
  whoCanSee: activeProcedure.input(forwarded<In['whoCanSee']>()).query(({ ctx, input }) => onServer(ctx.services, (c) => c.admin.whoCanSee.query(input))),
  assignCareTeam: activeProcedure.input(forwarded<In['assignCareTeam']>()).mutation(({ ctx, input }) => onServer(ctx.services, (c) => c.admin.assignCareTeam.mutate(input))),
  assignUnit: activeProcedure.input(forwarded<In['assignUnit']>()).mutation(({ ctx, input }) => onServer(ctx.services, (c) => c.admin.assignUnit.mutate(input))),
  units: activeProcedure.query(({ ctx }) => onServer(ctx.services, (c) => c.admin.units.query())),
  devices: activeProcedure.query(({ ctx }) => onServer(ctx.services, (c) => c.admin.devices.query())),
  setDeviceActive: activeProcedure.input(forwarded<In['setDeviceActive']>()).mutation(({ ctx, input }) => onServer(ctx.services, (c) => c.admin.setDeviceActive.mutate(input))),
  requestWipe: activeProcedure.input(forwarded<In['requestWipe']>()).mutation(({ ctx, input }) => onServer(ctx.services, (c) => c.admin.requestWipe.mutate(input))),
  policy: activeProcedure.query(({ ctx }) => onServer(ctx.services, (c) => c.admin.policy.query())),
  setPolicy: activeProcedure.input(forwarded<In['setPolicy']>()).mutation(({ ctx, input }) => onServer(ctx.services, (c) => c.admin.setPolicy.mutate(input))),
});
