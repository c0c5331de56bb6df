/**
 * conflicts.*: the signed-in user's inbox (their own conflicts and refused writes, mine beside the
 * server's, field by field) and their decision, which goes out as a new mutation on the server's
 * version (resolve-stored-conflict.ts). A conflict shows a clinician's write, so listing it is a PHI
 * read: only for patients and types the user may read now, and audited.
 */
import { z } from 'zod';
import { resourceJson } from '@lantern/core';
import type { ConflictView } from '@lantern/core/conflicts';
import { conflictViews, resolveStoredConflict } from './resolve-stored-conflict.ts';
import { authorizeLocalWrite } from '../api/queue-write.ts';
import { auditRead, mayRead, requireRead, requireScope } from '../api/patient-access.ts';
import { clinicalProcedure, must, router } from '../api/trpc.ts';

const ChoiceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('keep-mine') }),
  z.object({ kind: z.literal('take-server') }),
  z.object({ kind: z.literal('edited-merge'), mineFields: z.array(z.string().max(200)).max(100) }),
]);

export const conflictsRouter = router({
  list: clinicalProcedure.input(z.object({ patientId: z.string().uuid().nullable().default(null) })).query(async ({ ctx, input }): Promise<ConflictView[]> => {
    requireScope(ctx);
    if (input.patientId !== null) await requireRead(ctx, input.patientId, 'Patient');
    const views = must(conflictViews(ctx.services.store, ctx.user.userId, input.patientId, (c) => mayRead(ctx, c.patientId, c.resourceType)));
    if (views.length > 0) await auditRead(ctx, 'resource-read', { patientId: input.patientId, detail: { view: 'conflicts', count: views.length } });
    return views;
  }),

  resolve: clinicalProcedure.input(z.object({ conflictId: z.string().min(1).max(200), choice: ChoiceSchema })).mutation(({ ctx, input }) => {
    const { services, user } = ctx;
    requireScope(ctx);
    const r = must(resolveStoredConflict({
      store: services.store, conflictId: input.conflictId, choice: input.choice, userId: user.userId, deviceId: services.deviceId, now: services.now(), uuid: { uuid: services.uuid },
      // The resolution is a write like any other: the same policy, against the stored version.
      authorize: (c, before, after) => {
        const stored = must(services.store.getResource(c.resourceId));
        authorizeLocalWrite(ctx, c.patientId, c.resourceType, stored === null ? before : resourceJson(stored), after);
      },
    }));
    services.sync.kick();
    return r;
  }),
});
