/**
 * A small, hand-written chart for store tests: every case a chart query must get right (an active
 * and a resolved problem, an entered-in-error one, a stopped med, a BP panel, an abnormal lab, NKA
 * vs not recorded). The people are invented; the names are deliberately unusual so a plaintext
 * scan of the file can look for them.
 */
import { NO_KNOWN_ALLERGY, SYSTEM, type LanternResource } from '@lantern/core';

let counter = 0;
/** Deterministic UUIDv4-shaped ids from a namespace number and a counter. */
export function testUuid(ns = 1): string {
  counter += 1;
  return `${ns.toString(16).padStart(8, '0')}-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
}

export interface FixtureOptions {
  given: string;
  family: string;
  mrn: string;
  birthDate: string;
  allergies: 'penicillin' | 'nka' | 'none';
}

const cc = (system: string, code: string, display: string) => ({ coding: [{ system, code, display }], text: display });
const qty = (value: number, unit: string) => ({ value, unit, system: SYSTEM.ucum, code: unit });
const cat = (code: string) => [{ coding: [{ system: SYSTEM.observationCategory, code }] }];

export function fixtureChart(o: FixtureOptions): { patientId: string; resources: LanternResource[] } {
  const patientId = testUuid();
  const subject = { reference: `Patient/${patientId}` };
  const r: LanternResource[] = [];
  r.push({
    resourceType: 'Patient', id: patientId, gender: 'female', birthDate: o.birthDate,
    identifier: [{ system: SYSTEM.mrn, value: o.mrn }],
    name: [{ use: 'official', family: o.family, given: [o.given] }],
  });
  const condition = (code: string, display: string, status: string, verification = 'confirmed') => r.push({
    resourceType: 'Condition', id: testUuid(), subject, code: cc(SYSTEM.icd10cm, code, display),
    clinicalStatus: { coding: [{ system: SYSTEM.conditionClinical, code: status }] },
    verificationStatus: { coding: [{ system: SYSTEM.conditionVerification, code: verification }] },
    category: [{ coding: [{ system: SYSTEM.conditionCategory, code: 'problem-list-item' }] }],
    onsetDateTime: '2015-06-01T00:00:00Z',
  });
  condition('I10', 'Essential hypertension', 'active');
  condition('E11.9', 'Type 2 diabetes mellitus', 'active');
  condition('J20.9', 'Acute bronchitis', 'resolved');
  condition('C50.9', 'Breast cancer', 'active', 'entered-in-error');
  const med = (code: string, display: string, status: 'active' | 'stopped') => r.push({
    resourceType: 'MedicationRequest', id: testUuid(), subject, status, intent: 'order',
    medicationCodeableConcept: cc(SYSTEM.rxnorm, code, display), authoredOn: '2024-01-10T09:00:00Z',
    dosageInstruction: [{ text: '1 tablet daily' }],
  });
  med('314076', 'Lisinopril 10 MG Oral Tablet', 'active');
  med('860975', 'Metformin 500 MG Oral Tablet', 'active');
  med('197361', 'Amlodipine 5 MG Oral Tablet', 'stopped');
  if (o.allergies === 'penicillin') {
    r.push({ resourceType: 'AllergyIntolerance', id: testUuid(), patient: subject, criticality: 'high', category: ['medication'],
      clinicalStatus: { coding: [{ system: SYSTEM.allergyClinical, code: 'active' }] }, code: cc(SYSTEM.rxnorm, '7980', 'Penicillin G'), recordedDate: '2010-01-01T00:00:00Z' });
  } else if (o.allergies === 'nka') {
    r.push({ resourceType: 'AllergyIntolerance', id: testUuid(), patient: subject,
      clinicalStatus: { coding: [{ system: SYSTEM.allergyClinical, code: 'active' }] }, code: { coding: [{ ...NO_KNOWN_ALLERGY }] }, recordedDate: '2010-01-01T00:00:00Z' });
  }
  const obs = (category: string, loinc: string, display: string, when: string, value: number, unit: string, extra: Record<string, unknown> = {}) => r.push({
    resourceType: 'Observation', id: testUuid(), subject, status: 'final', category: cat(category), code: cc(SYSTEM.loinc, loinc, display),
    effectiveDateTime: when, valueQuantity: qty(value, unit), ...extra,
  } as LanternResource);
  const days = ['2025-01-05T08:00:00Z', '2025-02-05T08:00:00Z', '2025-03-05T08:00:00Z'];
  days.forEach((d, i) => {
    r.push({
      resourceType: 'Observation', id: testUuid(), subject, status: 'final', category: cat('vital-signs'), effectiveDateTime: d,
      code: cc(SYSTEM.loinc, '85354-9', 'Blood pressure panel'),
      component: [
        { code: cc(SYSTEM.loinc, '8480-6', 'Systolic blood pressure'), valueQuantity: qty(150 + i * 5, 'mm[Hg]') },
        { code: cc(SYSTEM.loinc, '8462-4', 'Diastolic blood pressure'), valueQuantity: qty(90 + i, 'mm[Hg]') },
      ],
      interpretation: [{ coding: [{ system: SYSTEM.interpretation, code: 'H' }] }],
    });
    obs('vital-signs', '8867-4', 'Heart rate', d, 70 + i, '/min', { referenceRange: [{ low: qty(60, '/min'), high: qty(100, '/min') }] });
    obs('vital-signs', '29463-7', 'Body weight', d, 80 - i, 'kg');
    obs('laboratory', '2160-0', 'Creatinine', d, 1.1 + i * 0.4, 'mg/dL', { referenceRange: [{ low: qty(0.6, 'mg/dL'), high: qty(1.3, 'mg/dL') }] });
  });
  obs('laboratory', '2345-7', 'Glucose', '2025-03-01T08:00:00Z', 250, 'mg/dL', { interpretation: [{ coding: [{ system: SYSTEM.interpretation, code: 'HH' }] }] });
  obs('laboratory', '2345-7', 'Glucose', '2025-03-02T08:00:00Z', 999, 'mg/dL', { status: 'entered-in-error' });
  ['2025-01-05T08:00:00Z', '2025-03-05T08:00:00Z'].forEach((d, i) => {
    const enc = testUuid();
    r.push({ resourceType: 'Encounter', id: enc, subject, status: 'finished', class: { system: SYSTEM.actCode, code: 'AMB', display: 'ambulatory' }, period: { start: d } });
    r.push({
      resourceType: 'DocumentReference', id: testUuid(), subject, status: 'current', docStatus: 'final', date: d,
      type: cc(SYSTEM.loinc, '11506-3', 'Progress note'), description: `Clinic visit ${i + 1}`, author: [{ display: 'Dr Test Author' }],
      content: [{ attachment: { contentType: 'text/plain', data: Buffer.from(`S: visit ${i + 1} narrative`).toString('base64') } }],
      context: { encounter: [{ reference: `Encounter/${enc}` }] },
    } as LanternResource);
  });
  return { patientId, resources: r };
}
