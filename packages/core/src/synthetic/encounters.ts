/**
 * Encounter resources from the visit plan (http://hl7.org/fhir/R4/encounter.html). Class codes are
 * HL7 v3 ActCode (AMB, EMER, IMP), as the R4 Encounter.class binding asks.
 */
import type { CodeableConcept, Encounter, Patient, Reference } from '../fhir/types.ts';
import { SYSTEM } from '../fhir/codes.ts';
import { assertNever } from '../result.ts';
import { CONDITIONS, ENCOUNTER_TYPE } from './conditions-catalog.ts';
import { concept, meta } from './fhir-builders.ts';
import type { Visit, VisitClass, VisitReason } from './plan.ts';
import { isoInstant } from './time.ts';

const CLASS_DISPLAY: Readonly<Record<VisitClass, string>> = { AMB: 'ambulatory', EMER: 'emergency', IMP: 'inpatient encounter' };

const PARTICIPATION = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';

/** What the visit was for, as SNOMED CT; a check-up has no problem to name. */
export function reasonConcept(reason: VisitReason): CodeableConcept | null {
  switch (reason.kind) {
    case 'checkup': return null;
    case 'followUp':
    case 'exacerbation': return concept(SYSTEM.snomed, CONDITIONS[reason.chronic].snomed);
    case 'acute': return concept(SYSTEM.snomed, CONDITIONS[reason.acute].snomed);
    default: return assertNever(reason);
  }
}

function typeOf(v: Visit, child: boolean): CodeableConcept {
  switch (v.cls) {
    case 'EMER': return concept(SYSTEM.snomed, ENCOUNTER_TYPE.emergency);
    case 'IMP': return concept(SYSTEM.snomed, ENCOUNTER_TYPE.inpatient);
    case 'AMB':
      switch (v.reason.kind) {
        case 'checkup': return concept(SYSTEM.snomed, child ? ENCOUNTER_TYPE.wellChild : ENCOUNTER_TYPE.checkup);
        case 'followUp': return concept(SYSTEM.snomed, ENCOUNTER_TYPE.followUp);
        case 'acute':
        case 'exacerbation': return concept(SYSTEM.snomed, ENCOUNTER_TYPE.problem);
        default: return assertNever(v.reason);
      }
    default: return assertNever(v.cls);
  }
}

export function buildEncounter(v: Visit, patientRef: Reference<Patient>, child: boolean): Encounter {
  const reason = reasonConcept(v.reason);
  const enc: Encounter = {
    resourceType: 'Encounter',
    id: v.id,
    meta: meta(v.endMs),
    status: 'finished',
    class: { system: SYSTEM.actCode, code: v.cls, display: CLASS_DISPLAY[v.cls] },
    type: [typeOf(v, child)],
    subject: patientRef,
    participant: [{
      type: [{ coding: [v.cls === 'IMP'
        ? { system: PARTICIPATION, code: 'ATND', display: 'attender' }
        : { system: PARTICIPATION, code: 'PPRF', display: 'primary performer' }] }],
      individual: v.practitioner.reference,
    }],
    period: { start: isoInstant(v.startMs), end: isoInstant(v.endMs) },
    ...(reason === null ? {} : { reasonCode: [reason] }),
  };
  if (v.cls === 'IMP') {
    enc.hospitalization = {
      dischargeDisposition: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/discharge-disposition', code: 'home', display: 'Home' }] },
    };
  }
  return enc;
}
