/**
 * integrations.*: the administrator's view of the server's rest-hook subscriptions (delivery state
 * and dead letters) and re-sending a dead letter. Decided and audited on the server
 * (subscriptions.* there); ids only, no clinical content; the host keeps nothing locally.
 */
import { clinicalProcedure as activeProcedure, router } from '../api/trpc.ts';
import { forwarded, type ServerIn } from '../privacy/forward.ts';
import { onServer } from '../privacy/server-trpc.ts';

type In = ServerIn['subscriptions'];

export const integrationsRouter = router({
  subscriptions: activeProcedure.query(({ ctx }) => onServer(ctx.services, (c) => c.subscriptions.list.query())),
  deliveries: activeProcedure.input(forwarded<In['deliveries']>()).query(({ ctx, input }) => onServer(ctx.services, (c) => c.subscriptions.deliveries.query(input))),
  retryDelivery: activeProcedure.input(forwarded<In['retry']>()).mutation(({ ctx, input }) => onServer(ctx.services, (c) => c.subscriptions.retry.mutate(input))),
});
