import { z } from 'zod';
import { ageInYears, SearchInputSchema, type PatientListItem } from '@lantern/core';
import { clinicalProcedure, must, router } from '../api/trpc.ts';
import type { HostServices } from '../api/host-services.ts';

function listItems(services: HostServices, ids: readonly string[]): PatientListItem[] {
  const out: PatientListItem[] = [];
  for (const id of ids) {
    const b = services.store.banner(id);
    if (!b.ok) continue; // in scope but not yet pulled
    const v = b.value;
    out.push({ patientId: v.patientId, mrn: v.mrn, name: v.name, birthDate: v.birthDate, sex: v.sex, ageYears: v.ageYears, location: null });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export const patientsRouter = router({
  /** Patients on the signed-in user's care team. */
  mine: clinicalProcedure.query(({ ctx }) => {
    return ctx.scope === null ? [] : listItems(ctx.services, ctx.scope.careTeam);
  }),
  /** Everyone on the user's unit (their care-team patients included). */
  census: clinicalProcedure.query(({ ctx }) => {
    return ctx.scope === null ? [] : listItems(ctx.services, [...new Set([...ctx.scope.careTeam, ...ctx.scope.unit])]);
  }),
  /** Instant search by name, MRN or date of birth, entirely in the local store (works offline). */
  search: clinicalProcedure.input(SearchInputSchema.extend({ limit: z.number().int().min(1).max(100).default(25) })).query(({ ctx, input }) => {
    const now = ctx.services.now();
    return must(ctx.services.store.searchPatients(input.query, input.limit)).map(
      (h): PatientListItem => ({ ...h, ageYears: ageInYears(h.birthDate, now), location: null }),
    );
  }),
});
