/**
 * him.*: the HIM (health information management) review workspace: the duplicate queue, merge,
 * "not a duplicate", the merge history and unmerge. All of it is decided, done and audited on the
 * server (registration.* there, core policy `canMergePatients`); the host forwards with the
 * signed-in user's token and keeps nothing. Online only: without the server, UNAVAILABLE, never an
 * empty queue. The workstation learns a merge like any other change, on its next pull.
 */
import { canMergePatients, LanternError } from '@lantern/core';
import { clinicalProcedure, router, toTrpcError } from '../api/trpc.ts';
import { forwarded, type ServerIn } from '../privacy/forward.ts';
import { onServer } from '../privacy/server-trpc.ts';

type In = ServerIn['registration'];

/** The local policy answers first, so a clinician's workstation never asks the server for the queue. */
const himProcedure = clinicalProcedure.use(({ ctx, next }) => {
  if (!canMergePatients(ctx.user.role)) throw toTrpcError(new LanternError('FORBIDDEN', 'Your role may not review duplicate patients'));
  return next();
});

export const himRouter = router({
  duplicates: himProcedure.input(forwarded<In['duplicates']>()).query(({ ctx, input }) => onServer(ctx.services, (c) => c.registration.duplicates.query(input))),
  merges: himProcedure.input(forwarded<In['merges']>()).query(({ ctx, input }) => onServer(ctx.services, (c) => c.registration.merges.query(input))),
  merge: himProcedure.input(forwarded<In['merge']>()).mutation(({ ctx, input }) => onServer(ctx.services, (c) => c.registration.merge.mutate(input))),
  unmerge: himProcedure.input(forwarded<In['unmerge']>()).mutation(({ ctx, input }) => onServer(ctx.services, (c) => c.registration.unmerge.mutate(input))),
  markNotDuplicate: himProcedure.input(forwarded<In['markNotDuplicate']>()).mutation(({ ctx, input }) => onServer(ctx.services, (c) => c.registration.markNotDuplicate.mutate(input))),
});
