import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { validateResource } from '@lantern/core';
import { buildVitalsObservations } from './vitals-observations.ts';

const ctx = { uuid: randomUUID, now: new Date('2026-11-23T10:00:00Z'), performer: { display: 'Nurse' } };
const patientId = '11111111-1111-4111-8111-111111111111';
const flag = (o: { interpretation?: { coding?: { code?: string }[] }[] }) => o.interpretation?.[0]?.coding?.[0]?.code;

describe('recorded vitals as FHIR vital-signs Observations', () => {
  it('makes valid Observations: a BP panel with components and one per other measure', () => {
    const obs = buildVitalsObservations({ patientId, systolic: 152, diastolic: 97, heartRate: 72, spo2: 97 }, ctx);
    expect(obs).toHaveLength(3);
    for (const o of obs) expect(validateResource(o, 'Observation').ok).toBe(true);
    const bp = obs.find((o) => o.code.coding?.[0]?.code === '85354-9');
    expect(bp?.component?.map((c) => [c.code.coding?.[0]?.code, c.valueQuantity?.value])).toEqual([['8480-6', 152], ['8462-4', 97]]);
    expect(bp?.subject?.reference).toBe(`Patient/${patientId}`);
    expect(bp?.category?.[0]?.coding?.[0]?.code).toBe('vital-signs');
  });

  it('flags abnormal and critical values at once, so the clinician sees them offline', () => {
    const obs = buildVitalsObservations({ patientId, heartRate: 118, spo2: 85, temperatureC: 36.8, systolic: 185, diastolic: 95 }, ctx);
    const byCode = new Map(obs.map((o) => [o.code.coding?.[0]?.code, o]));
    expect(flag(byCode.get('8867-4') ?? {})).toBe('H');
    expect(flag(byCode.get('59408-5') ?? {})).toBe('LL');
    expect(flag(byCode.get('8310-5') ?? {})).toBe('N');
    expect(byCode.get('59408-5')?.code.coding?.map((c) => c.code)).toEqual(['59408-5', '2708-6']);
    expect(byCode.get('59408-5')?.code.text).toBe('SpO2');
    expect(flag(byCode.get('85354-9') ?? {})).toBe('HH');
  });

  it('does not invent a flag for weight, which has no reference range', () => {
    const [w] = buildVitalsObservations({ patientId, weightKg: 80 }, ctx);
    expect(w?.interpretation).toBeUndefined();
    expect(w?.valueQuantity).toMatchObject({ value: 80, code: 'kg' });
  });
});
