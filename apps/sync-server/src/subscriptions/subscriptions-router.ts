/**
 * tRPC `subscriptions.*`: the administrator's view of rest-hook subscriptions and their delivery
 * state, registration of subscriber clients, and re-sending a dead letter. Decided by the core
 * policy as managing the system's devices and interfaces (`Device`), like the HL7 v2 interfaces.
 */
import { LanternError } from '@lantern/core';
import { z } from 'zod';
import { policyProcedure, router } from '../trpc.ts';
import { DeliveriesInput, listDeliveries, listSubscriptions, retryDeadLetter } from './delivery-state.ts';
import { registerSubscriber, RegisterSubscriberInput } from './subscriber.ts';

const readInterfaces = policyProcedure('Device', 'read');
const manageInterfaces = policyProcedure('Device', 'update');

export const subscriptionsRouter = router({
  list: readInterfaces.query(({ ctx }) => listSubscriptions(ctx.services.pool)),
  deliveries: readInterfaces.input(DeliveriesInput).query(({ ctx, input }) => listDeliveries(ctx.services.pool, input)),
  registerClient: policyProcedure('Device', 'create').input(RegisterSubscriberInput).mutation(async ({ ctx, input }) => {
    await registerSubscriber(ctx.services.pool, input);
    return { clientId: input.clientId };
  }),
  retry: manageInterfaces.input(z.object({ deliveryId: z.string().regex(/^\d{1,18}$/) })).mutation(async ({ ctx, input }) => {
    if (!(await retryDeadLetter(ctx.services.pool, input.deliveryId, ctx.services.clock.now()))) throw new LanternError('NOT_FOUND', 'No dead-lettered delivery with that id');
    return { ok: true };
  }),
});
