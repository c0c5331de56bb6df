import { describe, expect, it } from 'vitest';
import { validateResource } from '../fhir/validate.ts';
import { med, patient } from '../cds/test-fixtures.ts';
import { buildAllergy, changeAllergy } from './allergy.ts';
import { buildProblem, changeProblem } from './problem.ts';
import { recheckActiveOrders } from './recheck-orders.ts';

const PATIENT = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const recorder = { reference: 'Practitioner/p-1', display: 'Dr. Test' };
const NOW = '2026-11-23T12:00:00Z';

describe('allergies', () => {
  const penicillin = () => {
    const r = buildAllergy({ id: '12121212-1212-4121-8121-121212121212', patientId: PATIENT, substance: { kind: 'class', classId: 'penicillin', name: 'Penicillins' }, criticality: 'high', reaction: 'hives', recorder, recordedDate: NOW });
    if (!r.ok) throw r.error;
    return r.value;
  };
  it('records a valid AllergyIntolerance, then resolved, then entered-in-error (reason required; clinicalStatus dropped)', () => {
    const a = penicillin();
    expect(validateResource(a, 'AllergyIntolerance').ok).toBe(true);
    const resolved = changeAllergy(a, 'resolved');
    expect(resolved.ok && resolved.value.clinicalStatus?.coding?.[0]?.code).toBe('resolved');
    expect(changeAllergy(a, 'entered-in-error').ok).toBe(false);
    const eie = changeAllergy(a, 'entered-in-error', 'wrong patient');
    if (!eie.ok) throw eie.error;
    expect(eie.value.verificationStatus?.coding?.[0]?.code).toBe('entered-in-error');
    expect(eie.value.clinicalStatus).toBeUndefined();
    expect(validateResource(eie.value, 'AllergyIntolerance').ok).toBe(true);
    expect(changeAllergy(eie.value, 'active').ok).toBe(false);
  });

  it('adding a penicillin allergy re-checks active orders: amoxicillin is flagged, lisinopril is not', () => {
    const context = patient({ activeMedications: [med('723', { key: 'amox' }), med('29046', { key: 'lisinopril' })] });
    const cards = recheckActiveOrders(context, penicillin(), NOW);
    if (!cards.ok) throw cards.error;
    expect(cards.value.length).toBeGreaterThan(0);
    expect(cards.value.every((c) => c.extension['lantern.draftOrder'] === `MedicationRequest/${context.activeMedications[0]!.id}`)).toBe(true);
    expect(recheckActiveOrders(patient(), penicillin(), NOW).ok).toBe(true);
  });
});

describe('problems', () => {
  it('adds a problem-list Condition, resolves it with an abatement date, and refuses entered-in-error without a reason', () => {
    const r = buildProblem({ id: '13131313-1313-4131-8131-131313131313', patientId: PATIENT, code: { system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'I10', display: 'Essential hypertension' }, recorder, recordedDate: NOW });
    if (!r.ok) throw r.error;
    expect(validateResource(r.value, 'Condition').ok).toBe(true);
    const resolved = changeProblem(r.value, 'resolved', NOW);
    expect(resolved.ok && resolved.value.abatementDateTime).toBe(NOW);
    expect(changeProblem(r.value, 'entered-in-error', NOW).ok).toBe(false);
    const eie = changeProblem(r.value, 'entered-in-error', NOW, 'duplicate');
    expect(eie.ok && eie.value.clinicalStatus).toBeUndefined();
    const bad = buildProblem({ id: 'x', patientId: PATIENT, code: { system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'I10', display: 'x' }, recorder, recordedDate: NOW });
    expect(!bad.ok && bad.error.issues.map((i) => i.path)).toContain('problem.id');
  });
});
