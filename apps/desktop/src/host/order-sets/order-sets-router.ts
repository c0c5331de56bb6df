/**
 * orderSets.*: the clinician's draft basket for a patient (new orders, from an order set or by hand),
 * kept in the encrypted store so unsigned orders survive a lock or a restart (order-drafts.ts). The
 * order sets themselves are pure data in core (@lantern/core/orders), read by the screen directly. Only a role that may sign orders keeps a
 * basket (core policy, canSignOrders); a basket is read back only by the user who made it.
 */
import { z } from 'zod';
import { LanternError, canSignOrders, type Role } from '@lantern/core';
import { canRead, relationTo } from '../chart/chart-access.ts';
import { clinicalProcedure, must, router, toTrpcError } from '../api/trpc.ts';
import { OrderDrafts, OrderDraftsInputSchema } from './order-drafts.ts';
import type { HostServices } from '../api/host-services.ts';

const PatientInput = z.object({ patientId: z.string().uuid() });

const draftsOf = (services: HostServices) => new OrderDrafts(services.clinical.db, services.now);

function requireOrderer(role: Role): void {
  if (!canSignOrders(role)) throw toTrpcError(new LanternError('FORBIDDEN', 'Your role may not order for a patient'));
}

/** The basket holds medication orders: the user must still be allowed to read them for this patient. */
function requireReadable(role: Role, scope: { careTeam: string[]; unit: string[] } | null, patientId: string): void {
  if (!canRead(role, 'MedicationRequest', relationTo(scope, patientId))) throw toTrpcError(new LanternError('FORBIDDEN', 'You may not see orders for this patient'));
}

export const orderSetsRouter = router({
  /** The user's unsigned orders for the patient, or null. */
  drafts: clinicalProcedure.input(PatientInput).query(({ ctx, input }) => {
    requireReadable(ctx.user.role, ctx.scope, input.patientId);
    return must(draftsOf(ctx.services).get(ctx.user.userId, input.patientId));
  }),

  saveDrafts: clinicalProcedure.input(OrderDraftsInputSchema).mutation(({ ctx, input }) => {
    requireOrderer(ctx.user.role);
    requireReadable(ctx.user.role, ctx.scope, input.patientId);
    const store = draftsOf(ctx.services);
    // An emptied basket leaves nothing behind.
    if (input.drafts.length === 0) {
      must(store.discard(ctx.user.userId, input.patientId));
      return { saved: true };
    }
    return { saved: must(store.save(ctx.user.userId, input)).saved };
  }),

  discardDrafts: clinicalProcedure.input(PatientInput).mutation(({ ctx, input }) => must(draftsOf(ctx.services).discard(ctx.user.userId, input.patientId))),
});
