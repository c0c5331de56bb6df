/**
 * Minimum necessary on screen (HIPAA 164.502(b)), decided by the same core policy the server uses,
 * so it holds offline too: a tab the role may not read is not offered, and its data is removed from
 * the chart before it leaves the host (hiding it in the renderer alone would still ship the PHI).
 */
import { canSignOrders, decideAccess, type ChartTab, type ChartView, type FullChart, type Relation, type Role } from '@lantern/core';

/** The resource types behind each tab; a tab is shown when every one of them may be read. */
const TAB_TYPES: Record<ChartTab, readonly string[]> = {
  summary: ['Patient'],
  problems: ['Condition'],
  medications: ['MedicationRequest'],
  // Order entry (new medication, lab and imaging orders): offered only to a role that may sign orders (below).
  orders: ['MedicationRequest', 'ServiceRequest'],
  allergies: ['AllergyIntolerance'],
  vitals: ['Observation'],
  encounters: ['Encounter'],
  notes: ['DocumentReference', 'Composition'],
};

/** `breakGlass`: the user holds a live emergency-access grant for the patient (read only, flagged). */
export const canRead = (role: Role, resourceType: string, relation: Relation, breakGlass = false): boolean =>
  decideAccess({ role, resourceType, action: 'read', relation, breakGlass }).allowed;

export function relationTo(scope: { careTeam: string[]; unit: string[] } | null, patientId: string): Relation {
  // Without a scope from the server nothing is this user's: on a shared workstation the store holds
  // other users' patients too, so it says nothing about this one (fails closed).
  if (scope === null) return 'none';
  if (scope.careTeam.includes(patientId)) return 'care-team';
  if (scope.unit.includes(patientId)) return 'unit';
  return 'none';
}

export function allowedTabs(role: Role, relation: Relation, breakGlass = false): ChartTab[] {
  return (Object.keys(TAB_TYPES) as ChartTab[])
    .filter((tab) => TAB_TYPES[tab].every((t) => canRead(role, t, relation, breakGlass)))
    .filter((tab) => tab !== 'orders' || (canSignOrders(role) && !breakGlass));
}

/** The chart with everything the user may not read removed. */
export function filterChart(chart: FullChart, role: Role, relation: Relation, breakGlass = false): ChartView {
  const tabs = allowedTabs(role, relation, breakGlass);
  const may = (t: string) => canRead(role, t, relation, breakGlass);
  const s = chart.summary;
  const banner = may('AllergyIntolerance') ? s.banner : { ...s.banner, allergyStatus: 'not-recorded' as const, allergies: [] };
  return {
    patient: chart.patient,
    summary: {
      banner: may('Observation') ? banner : { ...banner, latestWeight: null },
      activeProblems: may('Condition') ? s.activeProblems : [],
      activeMedications: may('MedicationRequest') ? s.activeMedications : [],
      allergies: may('AllergyIntolerance') ? s.allergies : [],
      latestVitals: may('Observation') ? s.latestVitals : [],
      recentLabs: may('Observation') ? s.recentLabs : [],
    },
    encounters: may('Encounter') ? chart.encounters : [],
    notes: may('DocumentReference') && may('Composition') ? chart.notes : [],
    observationCount: may('Observation') ? chart.observationCount : 0,
    tabs,
  };
}
