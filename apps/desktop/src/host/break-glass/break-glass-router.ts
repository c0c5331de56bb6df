/**
 * breakGlass.*: emergency access to a patient outside the user's scope. Online only: the server
 * issues the time-boxed, flagged grant (access.breakGlass) and widens the user's pull scope; the
 * request is also recorded in the local audit chain. The next sync brings the chart.
 */
import { z } from 'zod';
import { LanternError } from '@lantern/core';
import { clinicalProcedure, router, toTrpcError } from '../api/trpc.ts';

export const breakGlassRouter = router({
  request: clinicalProcedure.input(z.object({ patientId: z.string().uuid(), reason: z.string().trim().min(10, 'State the clinical reason (at least 10 characters)').max(1000) }))
    .mutation(async ({ ctx, input }) => {
      const { services, user } = ctx;
      const api = services.clinical.api;
      const token = services.session.accessToken();
      if (token === null || api.breakGlass === undefined) throw toTrpcError(new LanternError('UNAVAILABLE', 'Emergency access needs a connection to the server'));
      let grant;
      try {
        grant = await api.breakGlass(token, input);
      } catch (e) {
        throw toTrpcError(e);
      }
      services.clinical.grants.add({ grantId: grant.grantId, userId: user.userId, patientId: input.patientId, reason: input.reason, expiresAt: grant.expiresAt });
      await services.audit.record({ userId: user.userId, action: 'break-glass', outcome: 'success', patientId: input.patientId, resourceType: 'Patient', resourceId: input.patientId, reason: input.reason, detail: { grantId: grant.grantId, expiresAt: grant.expiresAt } });
      services.sync.kick();
      return grant;
    }),

  active: clinicalProcedure.input(z.object({ patientId: z.string().uuid() })).query(({ ctx, input }) => {
    const g = ctx.services.clinical.grants.active(ctx.user.userId, input.patientId);
    if (g === null) return null;
    // `ready`: the server's pull has brought the chart into the local store.
    const patient = ctx.services.store.getResource(input.patientId);
    return { grantId: g.grantId, expiresAt: g.expiresAt, ready: patient.ok && patient.value?.resourceType === 'Patient' };
  }),
});
