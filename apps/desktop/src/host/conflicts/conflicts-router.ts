/**
 * conflicts.*: the inbox (mine beside the server's, field by field) and the clinician's decision,
 * which goes out as a new mutation on the server's version (host/conflicts/resolve-stored-conflict.ts).
 */
import { z } from 'zod';
import type { ConflictView } from '@lantern/core/conflicts';
import { conflictViews, resolveStoredConflict } from '../conflicts/resolve-stored-conflict.ts';
import { clinicalProcedure, must, router } from '../api/trpc.ts';

const ChoiceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('keep-mine') }),
  z.object({ kind: z.literal('take-server') }),
  z.object({ kind: z.literal('edited-merge'), mineFields: z.array(z.string().max(200)).max(100) }),
]);

export const conflictsRouter = router({
  list: clinicalProcedure.input(z.object({ patientId: z.string().uuid().nullable().default(null) })).query(({ ctx, input }): ConflictView[] =>
    must(conflictViews(ctx.services.store, input.patientId))),

  resolve: clinicalProcedure.input(z.object({ conflictId: z.string().min(1).max(200), choice: ChoiceSchema })).mutation(({ ctx, input }) => {
    const { services, user } = ctx;
    const r = must(resolveStoredConflict({ store: services.store, conflictId: input.conflictId, choice: input.choice, userId: user.userId, deviceId: services.deviceId, now: services.now(), uuid: { uuid: services.uuid } }));
    services.sync.kick();
    return r;
  }),
});
