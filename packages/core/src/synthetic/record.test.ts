import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validateResource } from '../fhir/validate.ts';
import { generatePatient, generatePatients, generatePatientsOnly } from './record.ts';
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
    // Shards generated apart are the same patients.
    const shard = [...generatePatients({ seed: 5, count: 2, start: 4, heavyIndex: null })];
    expect(shard.map((r) => r.index)).toEqual([4, 5]);
    expect(JSON.stringify(shard)).toBe(JSON.stringify(run.slice(4)));
  });

  it('gives the same Patient from the cheap path as from the full record', () => {
    for (const index of [0, 1, 999, 54_321]) {
      const full = generatePatient({ seed: 9, index });
      const only = generatePatientOnly({ seed: 9, index });
      expect(only).toEqual({ patient: full.patient, mrn: full.mrn, displayName: full.displayName });
    }
    expect(generatePatientOnly({ seed: 9, index: 0, heavy: true }).patient).toEqual(generatePatient({ seed: 9, index: 0, heavy: true }).patient);
    // The heavy flag changes the age only: a search by name or MRN finds the same person either way.
    for (const seed of [9, 10, 11, 12, 13]) {
      const light = generatePatientOnly({ seed, index: 0 });
      const heavy = generatePatientOnly({ seed, index: 0, heavy: true });
      expect({ ...heavy.patient, birthDate: '', meta: {}, telecom: [] }).toEqual({ ...light.patient, birthDate: '', meta: {}, telecom: [] });
      expect(heavy.patient.telecom?.[0]?.value).toBe(light.patient.telecom?.[0]?.value);
    }
    const heavy = generatePatientOnly({ seed: 9, index: 0, heavy: true });
    expect(2026 - Number(heavy.patient.birthDate?.slice(0, 4))).toBeGreaterThanOrEqual(62);
  });

  it('gives the cheap path over a data set the same Patients as the full run, heavy one included', () => {
    const full = [...generatePatients({ seed: 4, count: 3 })].map((r) => r.patient);
    const only = [...generatePatientsOnly({ seed: 4, count: 3 })].map((r) => r.patient);
    expect(only).toEqual(full);
  });

  it('dates everything by the given clock, never after it', () => {
    const now = '2031-03-15T09:30:00Z';
    const rec = generatePatient({ seed: 3, index: 17, now });
    const later = JSON.stringify(rec).match(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/g)?.filter((t) => t > now) ?? [];
    expect(later).toEqual([]);
    expect(rec.patient.meta?.lastUpdated?.startsWith('20')).toBe(true);
    // Ages are relative to the clock: the same patient under a clock 4.4 years later is born about 4 years later.
    const earlier = generatePatient({ seed: 3, index: 17 });
    expect(Number(rec.patient.birthDate?.slice(0, 4)) - Number(earlier.patient.birthDate?.slice(0, 4))).toBeGreaterThanOrEqual(4);
  });

  it('makes a valid, correctly dated chart for any seed and index', () => {
    const now = '2026-11-01T12:00:00Z';
    fc.assert(fc.property(fc.integer(), fc.nat({ max: 99_999_000 }), (seed, index) => {
      const rec = generatePatient({ seed, index });
      const invalid = [rec.patient, ...rec.resources].filter((r) => !validateResource(r).ok);
      const late = (JSON.stringify(rec).match(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/g) ?? []).filter((t) => t > now);
      return invalid.length === 0 && late.length === 0 && rec.resources.length > 0;
    }), { numRuns: 40 });
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
  }, 60_000);
});
