import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate.ts';
import { cockcroftGault, ckdEpi2021 } from '../renal-function.ts';
import { draft, input, lab, patient } from '../test-fixtures.ts';
import type { Card, PatientContext } from '../types.ts';
import type { MedicationRequest } from '../../fhir/types.ts';

const renalCards = (ctx: PatientContext, d: MedicationRequest): Card[] => {
  const r = evaluate(input(ctx, [d]));
  if (!r.ok) throw r.error;
  return r.value.filter((c) => c.extension['lantern.rule'] === 'renal');
};

describe('renal rule', () => {
  it('metformin with eGFR 25 (LOINC 98979-8) is critical: contraindicated below 30', () => {
    const egfr = lab('98979-8', 25, 'mL/min/{1.73_m2}');
    const cards = renalCards(patient({ labs: [egfr] }), draft('6809'));
    expect(cards).toHaveLength(1);
    expect(cards[0]?.indicator).toBe('critical');
    expect(cards[0]?.extension['lantern.kbEntry']).toBe('renal/metformin#<30');
    expect(cards[0]?.extension['lantern.related']).toEqual([`Observation/${egfr.id ?? ''}`]);
  });

  it('metformin with eGFR 38 (33914-3) is a warning, with eGFR 75 silent', () => {
    expect(renalCards(patient({ labs: [lab('33914-3', 38, 'mL/min/{1.73_m2}')] }), draft('6809'))[0]?.indicator).toBe('warning');
    expect(renalCards(patient({ labs: [lab('62238-1', 75, 'mL/min/{1.73_m2}')] }), draft('6809'))).toEqual([]);
  });

  it('uses the latest eGFR, not an older one', () => {
    const old = lab('98979-8', 25, 'mL/min/{1.73_m2}', '2026-01-01T00:00:00Z');
    const recent = lab('98979-8', 70, 'mL/min/{1.73_m2}', '2026-11-01T00:00:00Z');
    expect(renalCards(patient({ labs: [old, recent] }), draft('6809'))).toEqual([]);
  });

  it('computes CKD-EPI 2021 from creatinine (2160-0) when no eGFR is reported', () => {
    // 70-year-old woman, creatinine 2.0 mg/dL: eGFR about 26.
    expect(Math.round(ckdEpi2021(2.0, 70, 'female'))).toBe(26);
    const cards = renalCards(patient({ ageYears: 70, labs: [lab('2160-0', 2.0, 'mg/dL')] }), draft('6809'));
    expect(cards[0]?.indicator).toBe('critical');
    expect(cards[0]?.detail).toContain('CKD-EPI 2021');
  });

  it('nitrofurantoin uses Cockcroft-Gault CrCl: 80 y, 50 kg woman, creatinine 1.4 -> CrCl about 25 -> critical', () => {
    expect(Math.round(cockcroftGault(1.4, 80, 50, 'female'))).toBe(25);
    const cards = renalCards(patient({ ageYears: 80, weightKg: 50, labs: [lab('2160-0', 1.4, 'mg/dL')] }), draft('7454'));
    expect(cards[0]?.indicator).toBe('critical');
    expect(cards[0]?.detail).toContain('Cockcroft-Gault');
  });

  it('gabapentin within the CrCl band maximum is silent; above it warns', () => {
    const ctx = patient({ ageYears: 80, weightKg: 50, labs: [lab('2160-0', 1.4, 'mg/dL')] }); // CrCl ~25: max 700 mg/day
    expect(renalCards(ctx, draft('25480', { dose: { value: 300, unit: 'mg', perDay: 2 } }))).toEqual([]);
    expect(renalCards(ctx, draft('25480', { dose: { value: 600, unit: 'mg', perDay: 3 } }))[0]?.indicator).toBe('warning');
  });

  it('obesity: 75-year-old woman, 165 cm, 120 kg, creatinine 1.5 - baclofen (Beers, ideal/adjusted weight) warns at CrCl 42 from adjusted weight; without a height the actual weight gives 61 and it is silent', () => {
    const base = { ageYears: 75, sex: 'female' as const, weightKg: 120, labs: [lab('2160-0', 1.5, 'mg/dL')] };
    const withHeight = renalCards(patient({ ...base, heightCm: 165 }), draft('1292', { dose: { value: 5, unit: 'mg', perDay: 3 } }));
    expect(withHeight.map((c) => c.indicator)).toEqual(['warning']);
    expect(withHeight[0]?.detail).toContain('adjusted body weight');
    expect(renalCards(patient(base), draft('1292', { dose: { value: 5, unit: 'mg', perDay: 3 } }))).toEqual([]);
  });

  it('dofetilide: CrCl under 20 is critical (contraindicated); CrCl 30 with 500 mcg twice daily warns (band maximum 125 mcg twice daily); 125 mcg twice daily is silent', () => {
    const crcl17 = patient({ ageYears: 80, sex: 'female', weightKg: 50, labs: [lab('2160-0', 2.0, 'mg/dL')] }); // (60x50)/(72x2)x0.85 = 17.7
    expect(renalCards(crcl17, draft('49247', { dose: { value: 125, unit: 'ug', perDay: 2 } }))[0]?.indicator).toBe('critical');
    const crcl30 = patient({ ageYears: 80, sex: 'female', weightKg: 50, labs: [lab('2160-0', 1.2, 'mg/dL')] }); // 29.5
    expect(renalCards(crcl30, draft('49247', { dose: { value: 500, unit: 'ug', perDay: 2 } }))[0]?.indicator).toBe('warning');
    expect(renalCards(crcl30, draft('49247', { dose: { value: 125, unit: 'ug', perDay: 2 } }))).toEqual([]);
  });

  it('a dose above the band maximum is at least a warning even in an info band (levetiracetam 1500 mg twice daily at CrCl 71); within it, silent', () => {
    const ctx = patient({ ageYears: 60, sex: 'male', weightKg: 70, labs: [lab('2160-0', 1.1, 'mg/dL')] });
    expect(renalCards(ctx, draft('114477', { dose: { value: 1500, unit: 'mg', perDay: 2 } })).map((c) => c.indicator)).toEqual(['warning']);
    expect(renalCards(ctx, draft('114477', { dose: { value: 500, unit: 'mg', perDay: 2 } }))).toEqual([]);
  });

  it('dabigatran with normal kidney function (CrCl 80): silent', () => {
    const ctx = patient({ ageYears: 60, sex: 'male', weightKg: 72, labs: [lab('2160-0', 1.0, 'mg/dL')] });
    expect(renalCards(ctx, draft('1037042', { dose: { value: 150, unit: 'mg', perDay: 2 } }))).toEqual([]);
  });

  it('the card uuid includes the ordered dose (an override for 600 mg three times daily does not cover 800 mg)', () => {
    const ctx = patient({ ageYears: 80, weightKg: 50, labs: [lab('2160-0', 1.4, 'mg/dL')] });
    const a = renalCards(ctx, draft('25480', { dose: { value: 600, unit: 'mg', perDay: 3 } }))[0];
    const b = renalCards(ctx, draft('25480', { dose: { value: 800, unit: 'mg', perDay: 3 } }))[0];
    expect(a?.uuid).not.toBe(b?.uuid);
  });
});
