/**
 * Small builders for the FHIR R4 data types the generator emits over and over
 * (http://hl7.org/fhir/R4/datatypes.html), so every resource carries the same shapes.
 */
import type { Resource } from '@medplum/fhirtypes';
import type { CodeableConcept, Coding, Reference } from '../fhir/types.ts';
import { SYSTEM } from '../fhir/codes.ts';
import { isoInstant } from './time.ts';
import type { Code } from './conditions-catalog.ts';

/** Every generated resource is version 1, last updated when it was (synthetically) recorded. */
export function meta(lastUpdatedMs: number): { versionId: string; lastUpdated: string } {
  return { versionId: '1', lastUpdated: isoInstant(lastUpdatedMs) };
}

/** A literal reference `Type/id`; the target type is inferred from where it is used. */
export function ref<T extends Resource>(type: T['resourceType'], id: string, display?: string): Reference<T> {
  return display === undefined ? { reference: `${type}/${id}` } : { reference: `${type}/${id}`, display };
}

export function coding(system: string, code: Code): Coding {
  return { system, code: code.code, display: code.display };
}

export function concept(system: string, code: Code, text?: string): CodeableConcept {
  return { coding: [coding(system, code)], text: text ?? code.display };
}

export const CONDITION_CLINICAL = {
  active: { coding: [{ system: SYSTEM.conditionClinical, code: 'active', display: 'Active' }] },
  resolved: { coding: [{ system: SYSTEM.conditionClinical, code: 'resolved', display: 'Resolved' }] },
} as const satisfies Record<string, CodeableConcept>;

export const CONDITION_CONFIRMED: CodeableConcept = { coding: [{ system: SYSTEM.conditionVerification, code: 'confirmed', display: 'Confirmed' }] };

export const CONDITION_CATEGORY = {
  problemList: { coding: [{ system: SYSTEM.conditionCategory, code: 'problem-list-item', display: 'Problem List Item' }] },
  encounterDiagnosis: { coding: [{ system: SYSTEM.conditionCategory, code: 'encounter-diagnosis', display: 'Encounter Diagnosis' }] },
} as const satisfies Record<string, CodeableConcept>;

export const ALLERGY_ACTIVE: CodeableConcept = { coding: [{ system: SYSTEM.allergyClinical, code: 'active', display: 'Active' }] };
export const ALLERGY_VERIFICATION = {
  confirmed: { coding: [{ system: SYSTEM.allergyVerification, code: 'confirmed', display: 'Confirmed' }] },
  unconfirmed: { coding: [{ system: SYSTEM.allergyVerification, code: 'unconfirmed', display: 'Unconfirmed' }] },
} as const satisfies Record<string, CodeableConcept>;

/** Medical record number identifier type (HL7 v2 table 0203, code MR). */
export const MR_TYPE: CodeableConcept = { coding: [{ system: SYSTEM.identifierType, code: 'MR', display: 'Medical record number' }], text: 'MRN' };

export const NPI_SYSTEM = 'http://hl7.org/fhir/sid/us-npi';
