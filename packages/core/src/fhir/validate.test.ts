import { describe, expect, it } from 'vitest';
import { validateResource, validateResourceNamed } from './validate.ts';
import { toOperationOutcome } from '../errors.ts';

const medRequest = {
  resourceType: 'MedicationRequest',
  id: '6f1c2a7e-3b1d-4c1e-9a7f-1d2b3c4d5e6f',
  status: 'active',
  intent: 'order',
  medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '36567', display: 'simvastatin' }] },
  subject: { reference: 'Patient/0b0c0d0e-0000-4000-8000-000000000001' },
  dosageInstruction: [{ doseAndRate: [{ doseQuantity: { value: 20, unit: 'mg' } }] }],
};

describe('validateResource', () => {
  it('accepts a valid resource and keeps elements Lantern does not check', () => {
    const r = validateResource({ ...medRequest, note: [{ text: 'with food' }] });
    expect(r.ok).toBe(true);
    if (r.ok) expect((r.value as { note?: unknown }).note).toEqual([{ text: 'with food' }]);
  });

  it('names the bad field with its full path', () => {
    const bad = JSON.parse(JSON.stringify(medRequest)) as typeof medRequest;
    (bad.dosageInstruction[0]!.doseAndRate[0]!.doseQuantity as { value: unknown }).value = 'twenty';
    const r = validateResource(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('BAD_INPUT');
      expect(r.error.issues.map((i) => i.path)).toContain('MedicationRequest.dosageInstruction[0].doseAndRate[0].doseQuantity.value');
      expect(r.error.message).toMatch(/doseQuantity\.value/);
    }
  });

  it('rejects a missing required element and an unknown status', () => {
    const { subject: _s, ...noSubject } = medRequest;
    const r1 = validateResource({ ...noSubject, status: 'maybe' });
    expect(r1.ok).toBe(false);
    if (!r1.ok) expect(r1.error.issues.map((i) => i.path).sort()).toEqual(['MedicationRequest.status', 'MedicationRequest.subject']);
  });

  it('rejects unsupported types, non-objects and the wrong expected type', () => {
    expect(validateResource('Patient').ok).toBe(false);
    const u = validateResource({ resourceType: 'Spaceship' });
    expect(!u.ok && u.error.issues[0]?.path).toBe('resourceType');
    const w = validateResource(medRequest, 'Patient');
    expect(!w.ok && w.error.message).toBe('Expected a Patient, got a MedicationRequest');
  });

  it('checks FHIR primitive formats', () => {
    expect(validateResource({ resourceType: 'Patient', birthDate: '1970-13-01' }).ok).toBe(false);
    expect(validateResource({ resourceType: 'Patient', birthDate: '1970-12-01' }).ok).toBe(true);
    expect(validateResource({ resourceType: 'Patient', id: 'has space' }).ok).toBe(false);
  });

  it('becomes an OperationOutcome that points at the field', () => {
    const r = validateResource({ resourceType: 'Observation', status: 'final' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const oo = toOperationOutcome(r.error);
      expect(oo.issue[0]).toMatchObject({ severity: 'error', code: 'invalid', expression: ['Observation.code'] });
    }
  });
});

describe('validateResourceNamed (a type from a URL or a sync mutation)', () => {
  const patient = { resourceType: 'Patient', id: 'p1', gender: 'female' };
  it('accepts a valid body of the named type', () => {
    expect(validateResourceNamed(patient, 'Patient').ok).toBe(true);
  });
  it('refuses a type Lantern does not support, naming it', () => {
    const r = validateResourceNamed(patient, 'Basic');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe('Unsupported resourceType: Basic');
  });
  it('refuses a body of another type than the one named', () => {
    const r = validateResourceNamed(patient, 'Observation');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe('Expected a Observation, got a Patient');
  });
});

describe('dates and times a calendar has (the R4 patterns alone let through days Postgres refuses)', () => {
  const obs = (effectiveDateTime: string, issued?: string) => ({
    resourceType: 'Observation', status: 'final', code: { text: 'Heart rate' }, effectiveDateTime, ...(issued === undefined ? {} : { issued }),
  });
  it.each(['2024-02-29', '2024-02-29T10:00:00Z', '2026-04-30T23:59:59-13:59', '2026-12-31T23:59:60Z', '2026-12-31T23:59:60.000+00:00', '2026', '2026-02'])('accepts %s', (t) => {
    expect(validateResource(obs(t)).ok).toBe(true);
  });
  it.each(['2025-02-29', '2026-02-30T10:00:00Z', '2026-04-31T00:00:00Z', '2100-02-29T00:00:00Z', '2026-12-31T23:59:60.5Z'])('refuses %s, naming the field', (t) => {
    const r = validateResource(obs(t));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues?.map((i) => i.path)).toEqual(['Observation.effectiveDateTime']);
  });
  it('checks instants and dates the same way', () => {
    expect(validateResource(obs('2026-01-01T00:00:00Z', '2026-06-31T00:00:00Z')).ok).toBe(false);
    expect(validateResource({ resourceType: 'Patient', birthDate: '1970-02-30' }).ok).toBe(false);
    expect(validateResource({ resourceType: 'Patient', birthDate: '2000-02-29' }).ok).toBe(true);
  });
});
