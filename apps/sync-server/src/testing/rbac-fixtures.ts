/** One minimal valid resource of every served FHIR type, for one synthetic patient (no real people). */
import { observation, type Json } from './fixtures.ts';

const LOINC = 'http://loinc.org';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const SNOMED = 'http://snomed.info/sct';

/** A new `type` resource in `patientId`'s record (Provenance targets `target`); the server assigns the id. */
export function fixtureFor(type: string, patientId: string, target: string): Json {
  const subject = { reference: `Patient/${patientId}` };
  switch (type) {
    case 'Patient':
      return { resourceType: 'Patient', name: [{ family: 'Matrix', given: ['Test'] }], gender: 'unknown', birthDate: '1970-01-01' };
    case 'Practitioner':
      return { resourceType: 'Practitioner', name: [{ family: 'Matrix', given: ['Clinician'] }] };
    case 'Encounter':
      return { resourceType: 'Encounter', status: 'finished', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' }, subject };
    case 'Condition':
      return { resourceType: 'Condition', subject, code: { coding: [{ system: SNOMED, code: '38341003', display: 'Hypertensive disorder' }] },
        clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] } };
    case 'AllergyIntolerance':
      return { resourceType: 'AllergyIntolerance', patient: subject, code: { coding: [{ system: SNOMED, code: '227493005', display: 'Cashew nuts' }] } };
    case 'MedicationRequest':
      return { resourceType: 'MedicationRequest', status: 'active', intent: 'order', subject, authoredOn: '2026-11-20T10:00:00Z',
        medicationCodeableConcept: { coding: [{ system: RXNORM, code: '197361', display: 'amlodipine 5 MG Oral Tablet' }] },
        dosageInstruction: [{ text: '5 mg daily', doseAndRate: [{ doseQuantity: { value: 5, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } }] }] };
    case 'MedicationStatement':
      return { resourceType: 'MedicationStatement', status: 'active', subject, medicationCodeableConcept: { coding: [{ system: RXNORM, code: '197361' }] } };
    case 'Observation':
      return { ...observation(patientId, 'x', 66), id: undefined };
    case 'DiagnosticReport':
      return { resourceType: 'DiagnosticReport', status: 'final', subject, code: { coding: [{ system: LOINC, code: '24323-8', display: 'Comprehensive metabolic panel' }] } };
    case 'ServiceRequest':
      return { resourceType: 'ServiceRequest', status: 'active', intent: 'order', subject, code: { coding: [{ system: LOINC, code: '2345-7', display: 'Glucose' }] } };
    case 'DocumentReference':
      return { resourceType: 'DocumentReference', status: 'current', docStatus: 'preliminary', subject, date: '2026-11-20T10:00:00Z',
        type: { coding: [{ system: LOINC, code: '11506-3', display: 'Progress note' }] }, content: [{ attachment: { contentType: 'text/plain', data: 'U3ludGhldGljIG5vdGU=' } }] };
    case 'Composition':
      return { resourceType: 'Composition', status: 'preliminary', subject, date: '2026-11-20T10:00:00Z', title: 'Progress note',
        type: { coding: [{ system: LOINC, code: '11506-3' }] }, author: [{ display: 'Synthetic author' }] };
    case 'Provenance':
      return { resourceType: 'Provenance', target: [{ reference: target }], recorded: '2026-11-20T10:00:00Z', agent: [{ who: { identifier: { system: 'urn:lantern:user', value: 'rbac-matrix' }, display: 'Synthetic author' } }] };
    default:
      throw new Error(`no RBAC fixture for ${type}: add one`);
  }
}
