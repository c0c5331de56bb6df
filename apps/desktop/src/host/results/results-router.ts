/**
 * Results on the workstation: the ordering clinician's inbox and its count (the top bar), one
 * patient's orders with their result status and reports, and acknowledging one or many results.
 * Reading results is recorded in the local audit chain per patient shown (offline too).
 */
import { z } from 'zod';
import { LanternError } from '@lantern/core';
import type { InboxCounts, InboxItem } from '@lantern/core/results';
import { canRead, relationTo } from '../chart/chart-access.ts';
import { clinicalProcedure, router, toTrpcError } from '../api/trpc.ts';
import { requireScope } from '../api/patient-access.ts';
import { acknowledgeResults } from './acknowledge.ts';
import { inbox, patientResults, type PatientResults } from './results-views.ts';

const PatientInput = z.object({ patientId: z.string().uuid() });

export const resultsRouter = router({
  /** The number in the top bar: results waiting for my acknowledgement (no PHI, not audited). */
  count: clinicalProcedure.query(({ ctx }): InboxCounts => inbox({ db: ctx.services.clinical.db, user: ctx.user, scope: ctx.scope }).counts),

  inbox: clinicalProcedure.query(async ({ ctx }): Promise<{ items: InboxItem[]; counts: InboxCounts }> => {
    const { services, user } = ctx;
    // With the scope unknown the inbox says why instead of looking empty ("No results waiting").
    requireScope(ctx);
    const view = inbox({ db: services.clinical.db, user, scope: ctx.scope });
    const perPatient = new Map<string, number>();
    for (const i of view.items) perPatient.set(i.patientId, (perPatient.get(i.patientId) ?? 0) + 1);
    for (const [patientId, reports] of perPatient) {
      await services.audit.record({ userId: user.userId, action: 'resource-read', outcome: 'success', patientId, resourceType: 'DiagnosticReport', detail: { via: 'results-inbox', reports } });
    }
    return view;
  }),

  forPatient: clinicalProcedure.input(PatientInput).query(async ({ ctx, input }): Promise<PatientResults> => {
    const { services, user, scope } = ctx;
    const relation = relationTo(scope, input.patientId);
    const breakGlass = services.clinical.grants.active(user.userId, input.patientId) !== null;
    if (!canRead(user.role, 'DiagnosticReport', relation, breakGlass)) {
      await services.audit.record({ userId: user.userId, action: 'access-denied', outcome: 'denied', patientId: input.patientId, resourceType: 'DiagnosticReport', detail: { relation } });
      throw toTrpcError(new LanternError('FORBIDDEN', 'Your role may not see results for this patient'));
    }
    const out = patientResults({ db: services.clinical.db, user, scope }, input.patientId);
    await services.audit.record({ userId: user.userId, action: 'resource-read', outcome: 'success', patientId: input.patientId, resourceType: 'DiagnosticReport', detail: { reports: out.reports.length } });
    return out;
  }),

  acknowledge: clinicalProcedure
    .input(z.object({ reportIds: z.array(z.string().min(1).max(64)).min(1).max(200) }))
    .mutation(({ ctx, input }) => acknowledgeResults({ services: ctx.services, user: ctx.user, scope: ctx.scope, db: ctx.services.clinical.db }, input.reportIds)),
});
