/**
 * orderSets.*: the clinician's draft basket for a patient (new orders, from an order set or by hand),
 * kept in the encrypted store so unsigned orders survive a lock or a restart (order-drafts.ts). The
 * order sets themselves are pure data in core (@lantern/core/orders), read by the screen directly. Only a role that may sign orders keeps a
 * basket (core policy, canSignOrders); a basket is read back only by the user who made it.
 */
import { z } from 'zod';
import { requireRead } from '../api/patient-access.ts';
import { clinicalProcedure, must, router } from '../api/trpc.ts';
import { requireBasketAccess } from './basket-access.ts';
import { OrderDrafts, OrderDraftsInputSchema } from './order-drafts.ts';
import type { HostServices } from '../api/host-services.ts';

const PatientInput = z.object({ patientId: z.string().uuid() });

const draftsOf = (services: HostServices) => new OrderDrafts(services.clinical.db, services.now);

export const orderSetsRouter = router({
  /** The user's unsigned orders for the patient, or null. */
  drafts: clinicalProcedure.input(PatientInput).query(async ({ ctx, input }) => {
    await requireRead(ctx, input.patientId, 'MedicationRequest', 'orders');
    return must(draftsOf(ctx.services).get(ctx.user.userId, input.patientId));
  }),

  saveDrafts: clinicalProcedure.input(OrderDraftsInputSchema).mutation(async ({ ctx, input }) => {
    await requireBasketAccess(ctx, input.patientId, input.drafts.map((d) => d.resourceType));
    const store = draftsOf(ctx.services);
    // An emptied basket leaves nothing behind.
    if (input.drafts.length === 0) {
      must(store.discard(ctx.user.userId, input.patientId));
      return { saved: true };
    }
    return { saved: must(store.save(ctx.user.userId, input)).saved };
  }),

  /** Dropping one's own basket still needs the patient in scope: the store must not answer whether another user's patient has one. */
  discardDrafts: clinicalProcedure.input(PatientInput).mutation(async ({ ctx, input }) => {
    await requireBasketAccess(ctx, input.patientId, []);
    return must(draftsOf(ctx.services).discard(ctx.user.userId, input.patientId));
  }),
});
