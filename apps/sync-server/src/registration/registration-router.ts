/**
 * registration.*: what workstations need from the server to register patients offline. A device
 * asks for a range of provisional MRN numbers while online and hands them out offline; ranges
 * never overlap (one sequence of blocks), so two offline devices never give out one MRN.
 */
import { canMergePatients, canRegisterPatients, LanternError, type Role } from '@lantern/core';
import { PROVISIONAL_MRN_SYSTEM } from '@lantern/core/mpi';
import { z } from 'zod';
import { withTx } from '../db/database.ts';
import { authedProcedure, router } from '../trpc.ts';
import { markNotDuplicate, openReviews } from './duplicate-review.ts';
import { mergeHistory } from '../merge/merge-history.ts';
import { mergePatients } from '../merge/merge-patients.ts';
import { unmergePatients } from '../merge/unmerge-patients.ts';

function requireMerge(role: Role): void {
  if (!canMergePatients(role)) throw new LanternError('FORBIDDEN', `Access denied: ${role} may not review duplicate patients`);
}

/** Numbers per range: a clinic's registrations for a long offline stretch. */
export const MRN_RANGE_SIZE = 1000;

export const registrationRouter = router({
  allocateMrnRange: authedProcedure.mutation(async ({ ctx }) => {
    if (!canRegisterPatients(ctx.user.role)) throw new LanternError('FORBIDDEN', `Access denied: ${ctx.user.role} may not register patients`);
    const s = ctx.services;
    return withTx(s.pool, async (c) => {
      const r = await c.query("SELECT nextval('provisional_mrn_block_seq') AS n");
      const block = z.object({ n: z.coerce.number().int().positive() }).parse(r.rows[0]).n;
      const first = (block - 1) * MRN_RANGE_SIZE + 1;
      const last = block * MRN_RANGE_SIZE;
      await c.query(
        'INSERT INTO mrn_ranges (first_number, last_number, device_id, assigned_to, assigned_at) VALUES ($1, $2, $3, $4, $5)',
        [first, last, ctx.user.deviceId, ctx.user.userId, s.clock.now()],
      );
      return { system: PROVISIONAL_MRN_SYSTEM, first, last };
    });
  }),

  /** Open suspected duplicates, most likely first, with both records side by side (HIM review). */
  duplicates: authedProcedure.input(z.object({ limit: z.number().int().min(1).max(200).default(50) })).query(async ({ ctx, input }) => {
    requireMerge(ctx.user.role);
    return openReviews(ctx.services.pool, ctx.actor, ctx.services.clock.now(), input.limit);
  }),
  /** HIM decided the two records are different people: the pair is closed and not offered again. */
  markNotDuplicate: authedProcedure.input(z.object({ reviewId: z.string().uuid() })).mutation(async ({ ctx, input }) => {
    requireMerge(ctx.user.role);
    const s = ctx.services;
    await withTx(s.pool, (c) => markNotDuplicate(c, ctx.actor, input.reviewId, s.clock.now()));
    return { reviewId: input.reviewId, status: 'not-duplicate' as const };
  }),
  /** HIM merges two records of one person: the retired one's resources move to the survivor (audited, undoable). */
  merge: authedProcedure.input(z.object({
    survivorId: z.string().uuid(), retiredId: z.string().uuid(), reason: z.string().trim().min(3).max(500), reviewId: z.string().uuid().optional(),
  })).mutation(async ({ ctx, input }) => {
    requireMerge(ctx.user.role);
    const s = ctx.services;
    return withTx(s.pool, (c) => mergePatients(c, ctx.actor, input, s.clock.now()));
  }),
  /** Undoes a merge: exactly the resources that came from the retired record go back to it. */
  unmerge: authedProcedure.input(z.object({ mergeId: z.string().uuid(), reason: z.string().trim().min(3).max(500) })).mutation(async ({ ctx, input }) => {
    requireMerge(ctx.user.role);
    const s = ctx.services;
    return withTx(s.pool, (c) => unmergePatients(c, ctx.actor, input, s.clock.now()));
  }),
  /** Merges, newest first, for review and unmerge. */
  merges: authedProcedure.input(z.object({ limit: z.number().int().min(1).max(200).default(50) })).query(async ({ ctx, input }) => {
    requireMerge(ctx.user.role);
    return mergeHistory(ctx.services.pool, ctx.actor, ctx.services.clock.now(), input.limit);
  }),
  /** The matcher's thresholds this server runs with, so workstations score registrations alike. */
  matchThresholds: authedProcedure.query(({ ctx }) => ctx.services.config.matchConfig.thresholds),
});
