import { describe, expect, it } from 'vitest';
import { adjustedBodyWeightKg, cockcroftGault, crclWeightKg, estimateCrcl, idealBodyWeightKg } from './renal-function.ts';
import { lab, patient } from './test-fixtures.ts';

describe('Cockcroft-Gault creatinine clearance (Cockcroft & Gault 1976)', () => {
  it('a 60-year-old man, 72 kg, creatinine 1.0 mg/dL: 80 mL/min; a woman with the same values: 68 mL/min', () => {
    expect(cockcroftGault(1.0, 60, 72, 'male')).toBeCloseTo(80, 5);
    expect(cockcroftGault(1.0, 60, 72, 'female')).toBeCloseTo(68, 5);
    // Sex not recorded: the lower (female) estimate, never the higher.
    expect(cockcroftGault(1.0, 60, 72, 'unknown')).toBeCloseTo(68, 5);
  });

  it('ideal body weight (Devine): a 180 cm man is 75.0 kg, a 165 cm woman 56.9 kg', () => {
    expect(idealBodyWeightKg(180, 'male')).toBeCloseTo(75.0, 1);
    expect(idealBodyWeightKg(165, 'female')).toBeCloseTo(56.9, 1);
  });

  it('adjusted body weight is ideal + 40% of the excess', () => {
    expect(adjustedBodyWeightKg(60, 110)).toBeCloseTo(80, 5);
  });

  it('ideal-or-adjusted weight: adjusted above 120% of ideal, ideal in between, actual below ideal, actual with no height', () => {
    expect(crclWeightKg(120, 165, 'female', 'ideal-or-adjusted').basis).toMatch(/^adjusted/);
    expect(crclWeightKg(120, 165, 'female', 'ideal-or-adjusted').kg).toBeCloseTo(82.1, 1);
    expect(crclWeightKg(62, 165, 'female', 'ideal-or-adjusted')).toMatchObject({ basis: 'ideal body weight' });
    expect(crclWeightKg(50, 165, 'female', 'ideal-or-adjusted').kg).toBe(50);
    expect(crclWeightKg(120, null, 'female', 'ideal-or-adjusted').basis).toContain('no height');
    expect(crclWeightKg(120, 165, 'female', 'actual').kg).toBe(120);
  });

  it('estimateCrcl reads creatinine in umol/L too and says which weight it used', () => {
    const ctx = patient({ ageYears: 60, sex: 'male', weightKg: 72, labs: [lab('2160-0', 88.42, 'umol/L')] });
    const e = estimateCrcl(ctx);
    expect(e?.value).toBeCloseTo(80, 1);
    expect(e?.method).toContain('actual body weight 72 kg');
  });

  it('without weight or creatinine, the eGFR stands in and the card says so', () => {
    const e = estimateCrcl(patient({ weightKg: null, labs: [lab('98979-8', 40, 'mL/min/{1.73_m2}')] }));
    expect(e?.value).toBe(40);
    expect(e?.method).toContain('used in place of CrCl');
  });
});
