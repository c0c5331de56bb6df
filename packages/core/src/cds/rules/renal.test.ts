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
});
