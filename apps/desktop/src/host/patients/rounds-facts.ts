/**
 * What a finder row shows for rounds besides identity: where the patient is (ward and bed of the
 * current encounter), who is attending, how many active problems, and the alerts a clinician should
 * see before opening the chart (allergies, "allergies not recorded", unsynced records, conflicts).
 * Everything comes from the local store, so it works offline.
 */
import type { Encounter, PatientBanner, PatientListItem } from '@lantern/core';
import type { ReadableStore } from '../store/index.ts';

export type RoundsFacts = Required<Pick<PatientListItem, 'attending' | 'activeProblems' | 'alerts'>> & Pick<PatientListItem, 'location'>;

/** HL7 v3 ParticipationType: ATND attender, then PPRF primary performer (https://terminology.hl7.org/CodeSystem-v3-ParticipationType.html). */
const ATTENDING_CODES = ['ATND', 'PPRF'] as const;

/** The attending of an encounter, as displayed (a reference's display; never an id). */
export function attendingOf(enc: Encounter | undefined): string | null {
  if (enc === undefined) return null;
  for (const code of ATTENDING_CODES) {
    const p = enc.participant?.find((x) => x.type?.some((t) => t.coding?.some((c) => c.code === code)) === true);
    const name = p?.individual?.display;
    if (name !== undefined && name !== '') return name;
  }
  return null;
}

/** Ward and bed of an encounter that is still going on (a finished visit's room is not where the patient is). */
export function locationOf(enc: Encounter | undefined): string | null {
  if (enc === undefined || (enc.status !== 'in-progress' && enc.status !== 'arrived')) return null;
  const names = (enc.location ?? []).filter((l) => l.status !== 'completed').map((l) => l.location.display).filter((d): d is string => d !== undefined && d !== '');
  return names.length === 0 ? null : names.join(' · ');
}

export function roundsFacts(store: ReadableStore, banner: PatientBanner): RoundsFacts {
  const id = banner.patientId;
  const enc = store.encounters(id, 1);
  const latest = enc.ok ? enc.value[0] : undefined;
  const problems = store.activeProblems(id);
  const conflicts = store.listConflicts(id);
  return {
    location: locationOf(latest),
    attending: attendingOf(latest),
    activeProblems: problems.ok ? problems.value.length : 0,
    alerts: {
      allergies: banner.allergies.length,
      highRiskAllergy: banner.allergies.some((a) => a.criticality === 'high'),
      allergiesNotRecorded: banner.allergyStatus === 'not-recorded',
      unsynced: banner.pendingSync,
      conflicts: conflicts.ok ? conflicts.value.length : 0,
    },
  };
}
