import { describe, expect, it } from 'vitest';
import type { LanternResource, Patient } from '../fhir/types.ts';
import { buildPatientContext } from './context.ts';
import { PATIENT_ID, allergy, lab, med, serviceRequest } from './test-fixtures.ts';

describe('buildPatientContext', () => {
  const patient: Patient = { resourceType: 'Patient', id: PATIENT_ID, gender: 'male', birthDate: '2018-12-01' };

  it('computes whole years at now, and an unknown age (bad birth date) as NaN for the rules', () => {
    expect(buildPatientContext([], patient, '2026-11-23T12:00:00Z').ageYears).toBe(7);
    expect(Number.isNaN(buildPatientContext([], { ...patient, birthDate: '2018-02-30' }, '2026-11-23T12:00:00Z').ageYears)).toBe(true);
  });

  it('keeps active orders, active allergies, the latest lab per code and the latest weight (converted to kg)', () => {
    const stopped = { ...med('723', { key: 'old' }), status: 'stopped' as const };
    const resources: LanternResource[] = [
      med('83367'), stopped, allergy({ code: '70618' }),
      lab('2160-0', 1.0, 'mg/dL', '2026-10-01T00:00:00Z'), lab('2160-0', 1.3, 'mg/dL', '2026-11-01T00:00:00Z'),
      lab('29463-7', 60, '[lb_av]', '2026-11-01T00:00:00Z'), lab('29463-7', 25, 'kg', '2026-06-01T00:00:00Z'),
      serviceRequest('58410-2', '2026-11-22T00:00:00Z'),
      { ...med('5640', { key: 'other-patient' }), subject: { reference: 'Patient/someone-else' } },
    ];
    const ctx = buildPatientContext(resources, patient, '2026-11-23T12:00:00Z');
    expect(ctx).toMatchObject({ patientId: PATIENT_ID, ageYears: 7, sex: 'male', weightKg: 27.2 });
    expect(ctx.activeMedications.map((m) => m.medicationCodeableConcept?.coding?.[0]?.code)).toEqual(['83367']);
    expect(ctx.allergies).toHaveLength(1);
    expect(ctx.labs.map((o) => o.valueQuantity?.value)).toEqual([1.3]);
    expect(ctx.recentOrders).toHaveLength(1);
  });
});
