/**
 * Who is on a ward today in the demo. Rounds need a census that looks like one: most of dr.ada's
 * care-team patients lie on her ward (WARD-3A) with her as attending; the WARD-4B census (the unit she
 * and rn.ben cover read-only) is attended by colleagues. One patient in five of each group is an
 * outpatient, so the finder also shows rows with no bed. Stays began one to four days ago.
 */
import { practitionerPool, type AdmissionSpec, type PractitionerSummary } from '@lantern/core/synthetic';

export const CARE_TEAM_WARD = 'WARD-3A';

export interface DemoWards {
  seed: number;
  nowMs: number;
  ada: PractitionerSummary;
  careTeam: readonly [number, number];
  unit: readonly [number, number];
  unitWard: string;
}

export function demoAdmission(index: number, ctx: DemoWards): AdmissionSpec | null {
  const inCareTeam = index >= ctx.careTeam[0] && index < ctx.careTeam[1];
  const inUnit = index >= ctx.unit[0] && index < ctx.unit[1];
  if ((!inCareTeam && !inUnit) || index % 5 === 4) return null;
  const pool = practitionerPool(ctx.seed);
  const colleague = pool[2 + (index % 4)];
  const attending = inCareTeam ? ctx.ada : colleague;
  if (attending === undefined) return null;
  const bed = inCareTeam ? index - ctx.careTeam[0] + 1 : index - ctx.unit[0] + 1;
  return { attending, ward: inCareTeam ? CARE_TEAM_WARD : ctx.unitWard, bed: `Bed ${bed}`, nowMs: ctx.nowMs, days: 1 + (index % 4) + 0.25 };
}
