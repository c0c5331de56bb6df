/**
 * registration.*: what workstations need from the server to register patients offline. A device
 * asks for a range of provisional MRN numbers while online and hands them out offline; ranges
 * never overlap (one sequence of blocks), so two offline devices never give out one MRN.
 */
import { canRegisterPatients, LanternError } from '@lantern/core';
import { PROVISIONAL_MRN_SYSTEM } from '@lantern/core/mpi';
import { z } from 'zod';
import { withTx } from '../db/database.ts';
import { authedProcedure, router } from '../trpc.ts';

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
});
