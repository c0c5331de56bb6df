/** registration.*: the workstation's registration screen (likely matches first, then register). */
import { z } from 'zod';
import { RegistrationInputSchema } from '@lantern/core/mpi';
import { auditRead } from '../api/patient-access.ts';
import { clinicalProcedure, router } from '../api/trpc.ts';
import { likelyMatches, type LikelyMatch } from './local-candidates.ts';
import { ensureMrnRange, registerPatient } from './register-patient.ts';
import { refreshMatchThresholds } from './match-thresholds.ts';

export const registrationRouter = router({
  /** Provisional MRNs left on this workstation (topped up from the server when online). */
  prepare: clinicalProcedure.mutation(async ({ ctx }) => {
    // Online, the server's matcher thresholds come along, so offline checks grade as the server does.
    await refreshMatchThresholds(ctx.services.clinical.db, ctx.services.clinical.api.baseUrl, ctx.services.session.accessToken());
    return { provisionalMrnsLeft: await ensureMrnRange(ctx) };
  }),
  /** Patients in this workstation's store who may be the person being registered; audited as a search. */
  check: clinicalProcedure.input(z.object({ fields: RegistrationInputSchema, limit: z.number().int().min(1).max(20).default(5) })).query(async ({ ctx, input }): Promise<LikelyMatch[]> => {
    const found = likelyMatches(ctx, input.fields, input.limit);
    await auditRead(ctx, 'search', { resourceType: 'Patient', detail: { results: found.length, via: 'registration-check' } });
    return found;
  }),
  register: clinicalProcedure.input(z.object({ fields: RegistrationInputSchema })).mutation(({ ctx, input }) => registerPatient(ctx, input.fields)),
});
