/**
 * A stay in progress: the Encounter of a patient on a ward today (http://hl7.org/fhir/R4/encounter.html),
 * with the ward and bed as `Encounter.location` (physical types from
 * http://terminology.hl7.org/CodeSystem/location-physical-type) and the attending as an ATND participant
 * (HL7 v3 ParticipationType). Rounds start from this: the finder shows where the patient lies and who
 * attends, and the stay's vitals every 8 hours give blood pressure and heart rate a history over days
 * (record.ts adds them; labs are left to the chart's resulted orders).
 */
import type { Encounter, Patient, Reference } from '../fhir/types.ts';
import { SYSTEM } from '../fhir/codes.ts';
import { CONDITIONS, ENCOUNTER_TYPE, INPATIENT_ACUTE } from './conditions-catalog.ts';
import { concept, meta } from './fhir-builders.ts';
import type { PractitionerSummary } from './practitioners.ts';
import type { Plan, Visit, VisitReason } from './plan.ts';
import type { Rng } from './rng.ts';
import { DAY, HOUR, isoInstant } from './time.ts';

/** Who is admitted where, decided by the caller (the demo seed assigns wards, beds and attendings). */
export interface AdmissionSpec {
  attending: PractitionerSummary;
  /** The ward as shown on the census, e.g. "WARD-4B". */
  ward: string;
  /** The bed as shown, e.g. "Bed 12". */
  bed: string;
  /** When the stay is looked at (the demo server's clock); the admission began `days` before. */
  nowMs: number;
  /** Length of the stay so far, in days (fractional allowed). */
  days: number;
}

const PARTICIPATION = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
const PHYSICAL_TYPE = 'http://terminology.hl7.org/CodeSystem/location-physical-type';
/** Lantern's identifiers for wards and beds (ward code, or ward/bed). */
export const LOCATION_SYSTEM = 'urn:lantern:location';

/**
 * The visit the stay's observations are generated from: admitted for an exacerbation of an active
 * chronic problem when the patient has one that can put them in hospital, else for a common acute reason.
 */
export function admissionVisit(rng: Rng, plan: Plan, spec: AdmissionSpec): Visit {
  const active = plan.chronic.filter((c) => c.resolvedMs === null && (c.key === 'heartFailure' || c.key === 'copd' || c.key === 'asthma' || c.key === 'afib' || c.key === 'diabetes' || c.key === 'ckd4'));
  const chosen = active.length > 0 ? rng.pick(active) : undefined;
  const reason: VisitReason = chosen !== undefined ? { kind: 'exacerbation', chronic: chosen.key } : { kind: 'acute', acute: rng.pick(INPATIENT_ACUTE) };
  const startMs = Math.round((spec.nowMs - spec.days * DAY) / HOUR) * HOUR;
  return {
    seq: plan.visits.length, id: rng.uuid(), cls: 'IMP', startMs, endMs: spec.nowMs, reason,
    practitioner: spec.attending, diagnoses: [], labs: true,
  };
}

/** The in-progress inpatient Encounter: no end, no discharge disposition, ward and bed active. */
export function buildAdmissionEncounter(v: Visit, spec: AdmissionSpec, patientRef: Reference<Patient>): Encounter {
  const reason = v.reason.kind === 'acute' ? CONDITIONS[v.reason.acute] : v.reason.kind === 'exacerbation' || v.reason.kind === 'followUp' ? CONDITIONS[v.reason.chronic] : null;
  // A logical reference (identifier + display): the demo has no Location resources, and a reference
  // needs a target or an identifier (http://hl7.org/fhir/R4/references.html#logical).
  const place = (display: string, code: 'wa' | 'bd', label: string) => ({
    location: { identifier: { system: LOCATION_SYSTEM, value: code === 'wa' ? display : `${spec.ward}/${display}` }, display }, status: 'active' as const,
    physicalType: { coding: [{ system: PHYSICAL_TYPE, code, display: label }] },
  });
  return {
    resourceType: 'Encounter',
    id: v.id,
    meta: meta(v.startMs),
    status: 'in-progress',
    class: { system: SYSTEM.actCode, code: 'IMP', display: 'inpatient encounter' },
    type: [concept(SYSTEM.snomed, ENCOUNTER_TYPE.inpatient)],
    subject: patientRef,
    participant: [{
      type: [{ coding: [{ system: PARTICIPATION, code: 'ATND', display: 'attender' }] }],
      individual: spec.attending.reference,
    }],
    period: { start: isoInstant(v.startMs) },
    ...(reason === null ? {} : { reasonCode: [concept(SYSTEM.snomed, reason.snomed)] }),
    location: [place(spec.ward, 'wa', 'Ward'), place(spec.bed, 'bd', 'Bed')],
  };
}
