import { describe, expect, it } from 'vitest';
import { validateResource } from '../fhir/validate.ts';
import { generatePatient, generatePatients } from './record.ts';
import { generatePatientOnly } from './patient.ts';
import { generatePractitioners, PRACTITIONER_POOL_SIZE } from './practitioners.ts';

describe('generatePatient', () => {
  it('is byte-for-byte deterministic for the same seed and index', () => {
    const a = JSON.stringify(generatePatient({ seed: 11, index: 73_000 }));
    const b = JSON.stringify(generatePatient({ seed: 11, index: 73_000 }));
    expect(a).toBe(b);
    expect(JSON.stringify(generatePatient({ seed: 12, index: 73_000 }))).not.toBe(a);
  });

  it('generates a patient the same way alone or in a run (independent by index)', () => {
    const run = [...generatePatients({ seed: 5, count: 6, heavyIndex: null })];
    expect(JSON.stringify(run[4])).toBe(JSON.stringify(generatePatient({ seed: 5, index: 4 })));
  });

  it('gives the same Patient from the cheap path as from the full record', () => {
    for (const index of [0, 1, 999, 54_321]) {
      const full = generatePatient({ seed: 9, index });
      const only = generatePatientOnly({ seed: 9, index });
      expect(only).toEqual({ patient: full.patient, mrn: full.mrn, displayName: full.displayName });
    }
    expect(generatePatientOnly({ seed: 9, index: 0, heavy: true }).patient).toEqual(generatePatient({ seed: 9, index: 0, heavy: true }).patient);
  });

  it('produces only resources that pass Lantern validation, over 200 patients and the heavy one', () => {
    const failures: string[] = [];
    for (const rec of generatePatients({ seed: 2026, count: 200, heavyIndex: 0 })) {
      for (const r of [rec.patient, ...rec.resources]) {
        const v = validateResource(r);
        if (!v.ok) failures.push(`${rec.index} ${r.resourceType}: ${v.error.message}`);
      }
    }
    for (const p of generatePractitioners(2026, PRACTITIONER_POOL_SIZE)) {
      const v = validateResource(p);
      if (!v.ok) failures.push(`Practitioner: ${v.error.message}`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });
});
