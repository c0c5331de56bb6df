/**
 * Condition resources (http://hl7.org/fhir/R4/condition.html), each coded in both ICD-10-CM and
 * SNOMED CT. Long-term problems are problem-list items; a visit's acute problem is an
 * encounter diagnosis that resolves a few weeks later.
 */
import type { CodeableConcept, Condition, Patient, Reference } from '../fhir/types.ts';
import { SYSTEM } from '../fhir/codes.ts';
import type { Rng } from './rng.ts';
import { CONDITIONS, type ConditionKey } from './conditions-catalog.ts';
import { CONDITION_CATEGORY, CONDITION_CLINICAL, CONDITION_CONFIRMED, coding, meta, ref } from './fhir-builders.ts';
import type { ChronicProblem, Plan, Visit } from './plan.ts';
import { DAY, isoInstant } from './time.ts';

function code(key: ConditionKey): CodeableConcept {
  const def = CONDITIONS[key];
  return { coding: [coding(SYSTEM.icd10cm, def.icd10), coding(SYSTEM.snomed, def.snomed)], text: def.snomed.display };
}

export function buildChronicCondition(rng: Rng, p: ChronicProblem, patientRef: Reference<Patient>, plan: Plan): Condition {
  const firstVisit = plan.visits[0];
  // Diagnosed before the window: entered on the problem list at the first visit we have.
  const recordedMs = p.diagnosedAt?.startMs ?? Math.max(p.onsetMs, firstVisit?.startMs ?? p.onsetMs);
  const lastUpdatedMs = p.resolvedMs ?? recordedMs;
  const recorder = p.diagnosedAt?.practitioner.reference ?? firstVisit?.practitioner.reference;
  return {
    resourceType: 'Condition',
    id: rng.uuid(),
    meta: meta(lastUpdatedMs),
    clinicalStatus: p.resolvedMs === null ? CONDITION_CLINICAL.active : CONDITION_CLINICAL.resolved,
    verificationStatus: CONDITION_CONFIRMED,
    category: [CONDITION_CATEGORY.problemList],
    code: code(p.key),
    subject: patientRef,
    ...(p.diagnosedAt === null ? {} : { encounter: ref('Encounter', p.diagnosedAt.id) }),
    onsetDateTime: isoInstant(p.onsetMs),
    ...(p.resolvedMs === null ? {} : { abatementDateTime: isoInstant(p.resolvedMs) }),
    recordedDate: isoInstant(recordedMs),
    ...(recorder === undefined ? {} : { recorder }),
  };
}

/** An acute problem diagnosed at a visit; still active if it began in the last few weeks. */
export function buildAcuteCondition(rng: Rng, v: Visit, key: ConditionKey, patientRef: Reference<Patient>, nowMs: number, birthMs: number): Condition {
  const onsetMs = Math.max(birthMs, v.startMs - rng.int(1, 7) * DAY);
  const resolvedMs = v.endMs + rng.int(7, 21) * DAY;
  const resolved = resolvedMs < nowMs;
  return {
    resourceType: 'Condition',
    id: rng.uuid(),
    meta: meta(resolved ? resolvedMs : v.endMs),
    clinicalStatus: resolved ? CONDITION_CLINICAL.resolved : CONDITION_CLINICAL.active,
    verificationStatus: CONDITION_CONFIRMED,
    category: [CONDITION_CATEGORY.encounterDiagnosis],
    code: code(key),
    subject: patientRef,
    encounter: ref('Encounter', v.id),
    onsetDateTime: isoInstant(onsetMs),
    ...(resolved ? { abatementDateTime: isoInstant(resolvedMs) } : {}),
    recordedDate: isoInstant(v.startMs),
    recorder: v.practitioner.reference,
  };
}
