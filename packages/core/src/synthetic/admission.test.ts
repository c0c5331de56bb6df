import { describe, expect, it } from 'vitest';
import type { Encounter, Observation } from '../fhir/types.ts';
import { validateResource } from '../fhir/validate.ts';
import { practitionerPool } from './practitioners.ts';
import { generatePatient, generatePatients } from './record.ts';
import type { AdmissionSpec } from './admission.ts';

const SEED = 20_261_101;
const NOW = Date.parse('2026-12-04T09:00:00Z');
const spec = (): AdmissionSpec => {
  const attending = practitionerPool(SEED)[0];
  if (attending === undefined) throw new Error('no practitioner');
  return { attending, ward: 'WARD-4B', bed: 'Bed 7', nowMs: NOW, days: 3 };
};

describe('a demo inpatient on the ward today', () => {
  const rec = generatePatient({ seed: SEED, index: 5, admission: spec() });
  const stay = rec.resources.find((r): r is Encounter => r.resourceType === 'Encounter' && r.status === 'in-progress');

  it('has an in-progress stay with ward, bed and attending, as the census shows them', () => {
    expect(stay?.class?.code).toBe('IMP');
    expect(stay?.location?.map((l) => l.location.display)).toEqual(['WARD-4B', 'Bed 7']);
    expect(stay?.location?.every((l) => l.status === 'active')).toBe(true);
    expect(stay?.participant?.[0]?.type?.[0]?.coding?.[0]?.code).toBe('ATND');
    expect(stay?.participant?.[0]?.individual?.display).toBe(spec().attending.display);
    expect(stay?.period?.end).toBeUndefined();
    expect(Date.parse(stay?.period?.start ?? '')).toBeLessThan(NOW - 2 * 86_400_000);
  });

  it('has blood pressure over days of the stay (a trend, not one reading), none in the future', () => {
    const start = Date.parse(stay?.period?.start ?? '');
    const bp = rec.resources.filter((r): r is Observation => r.resourceType === 'Observation' && r.code?.coding?.[0]?.code === '85354-9')
      .map((o) => Date.parse(o.effectiveDateTime ?? ''))
      .filter((t) => t >= start);
    expect(bp.length).toBeGreaterThanOrEqual(8);
    expect(Math.max(...bp) - Math.min(...bp)).toBeGreaterThan(2 * 86_400_000);
    expect(Math.max(...bp)).toBeLessThanOrEqual(NOW);
  });

  it('adds no lab results (the latest labs, and the renal dosing CDS reads, stay those of the chart)', () => {
    const without = generatePatient({ seed: SEED, index: 5 });
    const added = rec.resources.slice(without.resources.length);
    expect(added.filter((r) => r.resourceType === 'Observation' && r.category?.[0]?.coding?.[0]?.code !== 'vital-signs')).toEqual([]);
  });

  it('is valid FHIR as the workstation checks what it pulls (a stay it refused would stop sync)', () => {
    const invalid = rec.resources.map((r) => validateResource(r)).filter((v) => !v.ok);
    expect(invalid).toEqual([]);
  });

  it('leaves the chart without a stay exactly as before (same resources, in order)', () => {
    const without = generatePatient({ seed: SEED, index: 5 });
    expect(rec.resources.slice(0, without.resources.length)).toEqual(without.resources);
    expect(rec.patient).toEqual(without.patient);
  });

  it('is given per index by generatePatients', () => {
    const recs = [...generatePatients({ seed: SEED, count: 3, heavyIndex: null, admission: (i) => (i === 1 ? spec() : null) })];
    const inProgress = recs.map((r) => r.resources.filter((x) => x.resourceType === 'Encounter' && x.status === 'in-progress').length);
    expect(inProgress).toEqual([0, 1, 0]);
  });
});
