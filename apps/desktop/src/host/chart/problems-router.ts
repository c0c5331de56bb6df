/**
 * problems.* and allergies.change: the problem list (ICD-10-CM or SNOMED CT coded) and status changes
 * of problems and allergies (resolved, inactive, active again, entered-in-error with a reason), offline,
 * each queued as a mutation for the next sync. Core's clinical-lists builds and changes the resources.
 */
import { z } from 'zod';
import { LanternError, SYSTEM, decideAccess, type AllergyIntolerance, type Condition } from '@lantern/core';
import { buildProblem, changeAllergy, changeProblem } from '@lantern/core/clinical-lists';
import { relationTo } from './chart-access.ts';
import { queueWrite } from '../api/queue-write.ts';
import { clinicalProcedure, must, router, toTrpcError } from '../api/trpc.ts';

const CHANGES = ['resolved', 'inactive', 'active', 'entered-in-error'] as const;

function mayWrite(ctx: { user: { role: Parameters<typeof decideAccess>[0]['role'] }; scope: { careTeam: string[]; unit: string[] } | null }, type: string, action: 'create' | 'update', patientId: string): void {
  if (!decideAccess({ role: ctx.user.role, resourceType: type, action, relation: relationTo(ctx.scope, patientId) }).allowed) {
    throw toTrpcError(new LanternError('FORBIDDEN', 'Your role may not change this list for this patient'));
  }
}

export const problemsRouter = router({
  add: clinicalProcedure.input(z.object({
    patientId: z.string().uuid(), system: z.enum(['icd10cm', 'snomed']), code: z.string().trim().min(2).max(20), display: z.string().trim().min(2).max(200), onset: z.string().min(4).max(30).optional(),
  })).mutation(({ ctx, input }) => {
    mayWrite(ctx, 'Condition', 'create', input.patientId);
    const { services, user } = ctx;
    const problem = must(buildProblem({
      id: services.uuid(), patientId: input.patientId, code: { system: input.system === 'icd10cm' ? SYSTEM.icd10cm : SYSTEM.snomed, code: input.code, display: input.display },
      ...(input.onset === undefined ? {} : { onset: input.onset }),
      recorder: { reference: `Practitioner/${user.userId}`, display: user.displayName }, recordedDate: services.now().toISOString(),
    }));
    queueWrite(ctx, input.patientId, problem, 'create');
    return { problemId: problem.id ?? '' };
  }),

  change: clinicalProcedure.input(z.object({ patientId: z.string().uuid(), id: z.string().uuid(), kind: z.enum(['problem', 'allergy']), change: z.enum(CHANGES), reason: z.string().max(500).optional() }))
    .mutation(({ ctx, input }) => {
      const { services } = ctx;
      const current = must(services.store.getResource(input.id));
      const subject = current?.resourceType === 'Condition' ? current.subject?.reference : current?.resourceType === 'AllergyIntolerance' ? current.patient.reference : undefined;
      const expected = input.kind === 'problem' ? 'Condition' : 'AllergyIntolerance';
      if (current === null || current.resourceType !== expected || subject !== `Patient/${input.patientId}`) throw toTrpcError(new LanternError('NOT_FOUND', 'No such entry for this patient'));
      mayWrite(ctx, expected, 'update', input.patientId);
      const changed = current.resourceType === 'Condition'
        ? must(changeProblem(current as Condition, input.change, services.now().toISOString(), input.reason))
        : must(changeAllergy(current as AllergyIntolerance, input.change, input.reason));
      queueWrite(ctx, input.patientId, changed, 'update');
      return { id: input.id };
    }),
});
