import { z } from 'zod';
import { LanternError, type ChartLists, type LabSeries, type NoteView, type ObservationsView } from '@lantern/core';
import { allowedTabs, canRead, filterChart } from './chart-access.ts';
import { requireRead } from '../api/patient-access.ts';
import { noteAuthor, noteText } from '../notes/note-text.ts';
import { clinicalProcedure, must, router, toTrpcError } from '../api/trpc.ts';
import { BP_COMPONENTS, BP_PANEL } from '../store/chart/observations.ts';

const PatientInput = z.object({ patientId: z.string().uuid() });

const deny = (what: string) => toTrpcError(new LanternError('FORBIDDEN', `Your role may not see ${what} for this patient`));

export const chartRouter = router({
  /**
   * Opens a chart: the banner and summary, encounters and the notes list, filtered by the access
   * policy. Every open writes a chart-view audit event to the local chain first (offline too);
   * the sync loop uploads it later.
   */
  open: clinicalProcedure.input(PatientInput.extend({ refresh: z.boolean().default(false) })).mutation(async ({ ctx, input }) => {
    const { services, user } = ctx;
    const { relation, breakGlass } = await requireRead(ctx, input.patientId, 'Patient');
    const chart = must(services.store.openChart(input.patientId));
    const view = filterChart(chart, user.role, relation, breakGlass);
    // A re-read of the chart already on screen (after a sync) is not a new view, unless the last
    // recorded view of it is old; everything else is recorded.
    if (!input.refresh || !services.recentViews.seen(user.userId, input.patientId)) {
      services.recentViews.mark(user.userId, input.patientId);
      await services.audit.record({
      userId: user.userId, action: 'chart-view', outcome: 'success', patientId: input.patientId, resourceType: 'Patient', resourceId: input.patientId,
      detail: { relation, tabs: view.tabs.join(','), ...(breakGlass ? { breakGlass: true } : {}) },
      });
    }
    return view;
  }),

  lists: clinicalProcedure.input(PatientInput).query(async ({ ctx, input }): Promise<ChartLists> => {
    const { services, user } = ctx;
    const { relation, breakGlass } = await requireRead(ctx, input.patientId, 'Patient');
    const tabs = allowedTabs(user.role, relation, breakGlass);
    const problems = tabs.includes('problems') ? must(services.store.activeProblems(input.patientId)) : [];
    const medications = tabs.includes('medications') ? must(services.store.activeMedications(input.patientId)) : [];
    const allergies = tabs.includes('allergies') ? must(services.store.allergies(input.patientId)).allergies : [];
    return { problems, medications, allergies };
  }),

  observations: clinicalProcedure.input(PatientInput).query(async ({ ctx, input }): Promise<ObservationsView> => {
    const { services } = ctx;
    await requireRead(ctx, input.patientId, 'Observation', 'observations');
    const vitals = must(services.store.latestVitals(input.patientId));
    const labs: LabSeries[] = must(services.store.recentLabs(input.patientId)).map((l) => must(services.store.labSeries(input.patientId, l.loinc)));
    // Blood pressure (a panel with two values) becomes a systolic and a diastolic series.
    const vitalSeries: LabSeries[] = vitals
      .flatMap((v) => (v.secondary === undefined ? [v.loinc] : v.loinc === BP_PANEL ? Object.keys(BP_COMPONENTS) : []))
      .map((loinc) => must(services.store.labSeries(input.patientId, loinc, 'vital-signs')))
      .filter((s) => s.points.length > 1);
    return { vitals, labs: [...labs, ...vitalSeries] };
  }),

  note: clinicalProcedure.input(PatientInput.extend({ noteId: z.string().uuid() })).query(async ({ ctx, input }): Promise<NoteView> => {
    const { services, user } = ctx;
    const { relation, breakGlass } = await requireRead(ctx, input.patientId, 'Patient');
    const r = must(services.store.getResource(input.noteId));
    if (r === null || (r.resourceType !== 'DocumentReference' && r.resourceType !== 'Composition')) throw toTrpcError(new LanternError('NOT_FOUND', 'No such note'));
    if (r.subject?.reference !== `Patient/${input.patientId}`) throw toTrpcError(new LanternError('NOT_FOUND', 'No such note for this patient'));
    if (!canRead(user.role, r.resourceType, relation, breakGlass)) throw deny('notes');
    await services.audit.record({ userId: user.userId, action: 'resource-read', outcome: 'success', patientId: input.patientId, resourceType: r.resourceType, resourceId: input.noteId, detail: {} });
    const title = r.resourceType === 'Composition' ? r.title : (r.description ?? r.type?.text ?? 'Note');
    return { id: input.noteId, title, date: r.date ?? '', author: noteAuthor(r), status: r.resourceType === 'Composition' ? r.status : (r.docStatus ?? r.status), text: noteText(r) };
  }),
});
