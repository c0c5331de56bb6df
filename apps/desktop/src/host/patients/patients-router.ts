import { z } from 'zod';
import { ageInYears, SearchInputSchema, type PatientListItem } from '@lantern/core';
import { clinicalProcedure, must, router } from '../api/trpc.ts';
import { auditRead, mayRead, requireScope, type PatientAccessContext } from '../api/patient-access.ts';
import type { HostServices } from '../api/host-services.ts';
import { roundsFacts } from './rounds-facts.ts';

/** The patients the user may see among `ids` (core policy: a role that reads no demographics sees none). */
const visible = (ctx: PatientAccessContext, ids: readonly string[]): string[] => [...new Set(ids)].filter((id) => mayRead(ctx, id, 'Patient'));

function listItems(services: HostServices, ids: readonly string[]): PatientListItem[] {
  const out: PatientListItem[] = [];
  for (const id of ids) {
    const b = services.store.banner(id);
    if (!b.ok) continue; // in scope but not yet pulled
    const v = b.value;
    out.push({ patientId: v.patientId, mrn: v.mrn, name: v.name, birthDate: v.birthDate, sex: v.sex, ageYears: v.ageYears, ...roundsFacts(services.store, v) });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export const patientsRouter = router({
  /** Patients on the signed-in user's care team. */
  mine: clinicalProcedure.query(({ ctx }) => listItems(ctx.services, visible(ctx, requireScope(ctx).careTeam))),
  /** Everyone on the user's unit (their care-team patients included). */
  census: clinicalProcedure.query(({ ctx }) => {
    const scope = requireScope(ctx);
    return listItems(ctx.services, visible(ctx, [...scope.careTeam, ...scope.unit]));
  }),
  /**
   * Instant search by name, MRN or date of birth, entirely in the local store (works offline), among
   * the patients this user may see (their scope and live emergency grants); audited without the query.
   */
  search: clinicalProcedure.input(SearchInputSchema.extend({ limit: z.number().int().min(1).max(100).default(25) })).query(async ({ ctx, input }) => {
    const scope = requireScope(ctx);
    const now = ctx.services.now();
    const among = visible(ctx, [...scope.careTeam, ...scope.unit, ...ctx.services.clinical.grants.patientsOf(ctx.user.userId)]);
    const hits = must(ctx.services.store.searchPatients(input.query, input.limit, among)).map(
      (h): PatientListItem => {
        const b = ctx.services.store.banner(h.patientId);
        return { ...h, ageYears: ageInYears(h.birthDate, now), location: null, ...(b.ok ? roundsFacts(ctx.services.store, b.value) : {}) };
      },
    );
    await auditRead(ctx, 'search', { resourceType: 'Patient', detail: { results: hits.length } });
    return hits;
  }),
});
