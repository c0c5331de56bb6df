/** Builders for CDS tests: real RXCUIs and LOINC codes, synthetic ids, no real people. */
import type { AllergyIntolerance, Condition, MedicationRequest, Observation, ServiceRequest } from '../fhir/types.ts';
import { deterministicUuid } from './hash.ts';
import type { EvaluateInput, PatientContext } from './types.ts';

export const PATIENT_ID = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
export const NOW = '2026-11-23T12:00:00Z';
const RX = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const LOINC = 'http://loinc.org';
const subject = { reference: `Patient/${PATIENT_ID}` };
const id = (...parts: string[]): string => deterministicUuid(['fixture', ...parts]);

export interface DoseSpec { value: number; unit: string; perDay?: number }

export function med(rxcui: string, opts: { status?: 'active' | 'draft'; dose?: DoseSpec; key?: string; display?: string } = {}): MedicationRequest {
  const dose = opts.dose;
  return {
    resourceType: 'MedicationRequest',
    id: id('med', rxcui, opts.key ?? '', opts.status ?? 'active'),
    status: opts.status ?? 'active',
    intent: 'order',
    subject,
    medicationCodeableConcept: { coding: [{ system: RX, code: rxcui, ...(opts.display === undefined ? {} : { display: opts.display }) }] },
    ...(dose === undefined ? {} : {
      dosageInstruction: [{
        timing: { repeat: { frequency: dose.perDay ?? 1, period: 1, periodUnit: 'd' } },
        doseAndRate: [{ doseQuantity: { value: dose.value, unit: dose.unit, system: 'http://unitsofmeasure.org', code: dose.unit } }],
      }],
    }),
  };
}
export const draft = (rxcui: string, opts: { dose?: DoseSpec; key?: string } = {}): MedicationRequest => med(rxcui, { ...opts, status: 'draft' });

export function allergy(code: { system?: string; code?: string; text?: string }, key = ''): AllergyIntolerance {
  return {
    resourceType: 'AllergyIntolerance',
    id: id('allergy', code.code ?? code.text ?? '', key),
    patient: subject,
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
    verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: 'confirmed' }] },
    criticality: 'high',
    code: {
      ...(code.code === undefined ? {} : { coding: [{ system: code.system ?? RX, code: code.code }] }),
      ...(code.text === undefined ? {} : { text: code.text }),
    },
  };
}

/** An active problem coded in ICD-10-CM (e.g. 'N18.3') or, with `system: 'snomed'`, SNOMED CT. */
export function condition(code: string, system: 'icd10' | 'snomed' = 'icd10', status = 'active'): Condition {
  return {
    resourceType: 'Condition', id: id('condition', code, status), subject,
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: status }] },
    code: { coding: [{ system: system === 'icd10' ? 'http://hl7.org/fhir/sid/icd-10-cm' : 'http://snomed.info/sct', code }] },
  };
}

export function lab(loinc: string, value: number, unit: string, effective = '2026-11-20T08:00:00Z'): Observation {
  return {
    resourceType: 'Observation', id: id('obs', loinc, effective), status: 'final', subject,
    code: { coding: [{ system: LOINC, code: loinc }] }, effectiveDateTime: effective,
    valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
  };
}

export function serviceRequest(loinc: string, authoredOn: string, status: 'active' | 'draft' = 'active', key = ''): ServiceRequest {
  return {
    resourceType: 'ServiceRequest', id: id('sr', loinc, authoredOn, status, key), status, intent: 'order', subject,
    code: { coding: [{ system: LOINC, code: loinc }] }, authoredOn,
  };
}

export function patient(over: Partial<PatientContext> = {}): PatientContext {
  return {
    patientId: PATIENT_ID, ageYears: 54, sex: 'female', weightKg: 70,
    activeMedications: [], allergies: [], conditions: [], labs: [], recentOrders: [], ...over,
  };
}

export function input(context: PatientContext, draftOrders: EvaluateInput['draftOrders'], over: Partial<EvaluateInput> = {}): EvaluateInput {
  return { hook: 'order-sign', context, draftOrders, now: NOW, userId: 'user-clinician-1', ...over };
}

/** A busy chart: one card from every rule family. */
export const busy = (): EvaluateInput => input(
  patient({
    ageYears: 8, weightKg: 26,
    activeMedications: [med('21212'), med('11289'), med('83367'), med('857002', { dose: { value: 2, unit: '{tbl}', perDay: 4 } })],
    allergies: [allergy({ code: '70618' })],
    labs: [lab('98979-8', 25, 'mL/min/{1.73_m2}')],
    recentOrders: [serviceRequest('58410-2', '2026-11-23T06:00:00Z')],
    conditions: [condition('N18.3')],
  }),
  [
    draft('36567'), draft('5640'), draft('2231'), draft('2670'), draft('6809'), draft('99999999'),
    draft('161', { dose: { value: 500, unit: 'mg', perDay: 4 } }), serviceRequest('58410-2', NOW, 'draft'),
    draft('17767', { dose: { value: 100000, unit: 'mg' } }), draft('6851', { dose: { value: 15, unit: 'mg', perDay: 1 } }),
  ],
);
