/**
 * allergies.*: recording an allergy on the workstation (offline too) and re-checking the patient's
 * active orders against it with the local CDS engine ("adding an allergy re-checks the
 * patient's active orders"); the allergy is queued as a create mutation for the next sync.
 */
import { z } from 'zod';
import { LanternError, decideAccess } from '@lantern/core';
import type { Card } from '@lantern/core/cds';
import { buildAllergy } from '@lantern/core/clinical-lists';
import { patientContextFromStore } from '../orders/patient-context.ts';
import { loadCdsEngine } from '../orders/load-cds-engine.ts';
import { relationTo } from './chart-access.ts';
import { queueWrite } from '../api/queue-write.ts';
import { clinicalProcedure, must, router, toTrpcError } from '../api/trpc.ts';

const SubstanceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ingredient'), rxcui: z.string().regex(/^[0-9]{1,8}$/), name: z.string().min(2).max(200) }),
  z.object({ kind: z.literal('text'), text: z.string().trim().min(2).max(200) }),
]);

export const allergiesRouter = router({
  add: clinicalProcedure.input(z.object({
    patientId: z.string().uuid(), substance: SubstanceSchema, criticality: z.enum(['low', 'high', 'unable-to-assess']), reaction: z.string().max(200).optional(),
  })).mutation(async ({ ctx, input }): Promise<{ allergyId: string; cards: Card[] }> => {
    const { services, user, scope } = ctx;
    if (!decideAccess({ role: user.role, resourceType: 'AllergyIntolerance', action: 'create', relation: relationTo(scope, input.patientId) }).allowed) {
      throw toTrpcError(new LanternError('FORBIDDEN', 'Your role may not record allergies for this patient'));
    }
    const now = services.now();
    const allergy = must(buildAllergy({
      id: services.uuid(), patientId: input.patientId, substance: input.substance, criticality: input.criticality,
      ...(input.reaction === undefined || input.reaction.trim() === '' ? {} : { reaction: input.reaction.trim() }),
      recorder: { reference: `Practitioner/${user.userId}`, display: user.displayName }, recordedDate: now.toISOString(),
    }));
    // The active orders are checked against the new allergy by the CDS engine, loaded on first use.
    const { recheckActiveOrders } = await loadCdsEngine();
    const context = must(patientContextFromStore(services.store, input.patientId, now));
    const cards = must(recheckActiveOrders(context, allergy, now.toISOString()));
    queueWrite(ctx, input.patientId, allergy, 'create'); // checked by the write policy against the stored version
    services.sync.kick();
    return { allergyId: allergy.id ?? '', cards };
  }),
});
