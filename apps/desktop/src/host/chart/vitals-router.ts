import { LanternError, VitalsInputSchema } from '@lantern/core';
import { canRead, relationTo } from './chart-access.ts';
import { decideAccess } from '@lantern/core';
import { buildVitalsObservations } from './vitals-observations.ts';
import { queueWrite } from '../api/queue-write.ts';
import { clinicalProcedure, router, toTrpcError } from '../api/trpc.ts';

export const vitalsRouter = router({
  /**
   * Records a set of vitals: each Observation is written to the local store with its outbox
   * mutation in one transaction, so it is on the chart (marked "not yet synced") at once, online or
   * not, and the sync loop pushes it when it can.
   */
  record: clinicalProcedure.input(VitalsInputSchema).mutation(async ({ ctx, input }) => {
    const { services, user, scope } = ctx;
    const relation = relationTo(scope, input.patientId);
    if (!decideAccess({ role: user.role, resourceType: 'Observation', action: 'create', relation }).allowed || !canRead(user.role, 'Patient', relation)) {
      await services.audit.record({ userId: user.userId, action: 'access-denied', outcome: 'denied', patientId: input.patientId, resourceType: 'Observation', detail: { action: 'create' } });
      throw toTrpcError(new LanternError('FORBIDDEN', 'Your role may not record vitals for this patient'));
    }
    const now = services.now();
    const observations = buildVitalsObservations(input, { uuid: services.uuid, now, performer: { display: user.displayName } });
    for (const obs of observations) {
      queueWrite(ctx, input.patientId, obs, 'create'); // checked by the write policy against the stored version
      await services.audit.record({ userId: user.userId, action: 'resource-create', outcome: 'success', patientId: input.patientId, resourceType: 'Observation', resourceId: obs.id ?? null, detail: {} });
    }
    services.sync.kick();
    return { recorded: observations.length };
  }),
});
