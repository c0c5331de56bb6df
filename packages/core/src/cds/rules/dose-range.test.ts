import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate.ts';
import { draft, input, med, patient } from '../test-fixtures.ts';
import type { Card, PatientContext } from '../types.ts';
import type { MedicationRequest } from '../../fhir/types.ts';

const doseCards = (ctx: PatientContext, drafts: MedicationRequest[]): Card[] => {
  const r = evaluate(input(ctx, drafts));
  if (!r.ok) throw r.error;
  return r.value.filter((c) => c.extension['lantern.rule'] === 'dose-range');
};

describe('dose-range rule', () => {
  it('sums acetaminophen across Norco (857002, 2 tablets 4x/day = 2600 mg) and Tylenol 500 mg (2 tablets 3x/day = 3000 mg)', () => {
    const norco = med('857002', { dose: { value: 2, unit: '{tbl}', perDay: 4 } });
    const tylenol = draft('198440', { dose: { value: 2, unit: '{tbl}', perDay: 3 } });
    const cards = doseCards(patient({ activeMedications: [norco] }), [tylenol]);
    expect(cards).toHaveLength(1);
    expect(cards[0]?.extension['lantern.kbEntry']).toBe('dose/acetaminophen#daily');
    expect(cards[0]?.indicator).toBe('warning');
    expect(cards[0]?.summary).toContain('5600 mg');
    expect(cards[0]?.summary).toContain('4000 mg');
    expect(cards[0]?.extension['lantern.related']).toEqual([norco.id !== undefined ? `MedicationRequest/${norco.id}` : '']);
  });

  it('stays silent when the sum is within the limit (Norco 1 tablet 4x/day + acetaminophen 500 mg 2x/day = 2300 mg)', () => {
    const cards = doseCards(
      patient({ activeMedications: [med('857002', { dose: { value: 1, unit: '{tbl}', perDay: 4 } })] }),
      [draft('161', { dose: { value: 500, unit: 'mg', perDay: 2 } })],
    );
    expect(cards).toEqual([]);
  });

  it('pediatric mg/kg: acetaminophen 480 mg for a 20 kg child (limit 15 mg/kg = 300 mg) is a single-dose warning', () => {
    const cards = doseCards(patient({ ageYears: 6, weightKg: 20 }), [draft('161', { dose: { value: 480, unit: 'mg', perDay: 4 } })]);
    const single = cards.find((c) => c.extension['lantern.kbEntry'] === 'dose/acetaminophen#single');
    expect(single?.indicator).toBe('warning');
    expect(single?.detail).toContain('20 kg');
    // 1920 mg/day is above 75 mg/kg/day = 1500 mg too.
    expect(cards.map((c) => c.extension['lantern.kbEntry'])).toContain('dose/acetaminophen#daily');
  });

  it('a tenfold pediatric overdose is critical (amoxicillin 3000 mg twice daily for a 12 kg child)', () => {
    const cards = doseCards(patient({ ageYears: 2, weightKg: 12 }), [draft('723', { dose: { value: 3000, unit: 'mg', perDay: 2 } })]);
    expect(cards[0]?.indicator).toBe('critical');
  });

  it('the same mg dose is fine for an adult (amoxicillin 875 mg via 562508 twice daily)', () => {
    expect(doseCards(patient(), [draft('562508', { dose: { value: 1, unit: 'tablet', perDay: 2 } })])).toEqual([]);
  });

  it('citalopram 40 mg is over the limit from age 60 (FDA 2012), not at 50', () => {
    expect(doseCards(patient({ ageYears: 72 }), [draft('2556', { dose: { value: 40, unit: 'mg' } })])[0]?.indicator).toBe('warning');
    expect(doseCards(patient({ ageYears: 50 }), [draft('2556', { dose: { value: 40, unit: 'mg' } })])).toEqual([]);
  });
});
