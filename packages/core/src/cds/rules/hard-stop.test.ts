import { describe, expect, it } from 'vitest';
import type { MedicationRequest } from '../../fhir/types.ts';
import { evaluate } from '../evaluate.ts';
import { isHardStop, signBlockers } from '../sign-gate.ts';
import { draft, input, patient } from '../test-fixtures.ts';
import type { Card, PatientContext } from '../types.ts';

const DOSE_VALUE = 'dosageInstruction[0].doseAndRate[0].doseQuantity.value';
const DOSE_UNIT = 'dosageInstruction[0].doseAndRate[0].doseQuantity.code';

const cardsFor = (ctx: PatientContext, drafts: MedicationRequest[]): Card[] => {
  const r = evaluate(input(ctx, drafts));
  if (!r.ok) throw r.error;
  return r.value;
};
const hardStops = (ctx: PatientContext, drafts: MedicationRequest[]): Card[] => cardsFor(ctx, drafts).filter(isHardStop);

describe('hard stops (no override possible)', () => {
  it('amlodipine 100000 mg once daily for a 54-year-old: hard stop naming the dose field, sign stays blocked whatever the override', () => {
    const cards = cardsFor(patient(), [draft('17767', { dose: { value: 100000, unit: 'mg', perDay: 1 } })]);
    const stop = cards.find(isHardStop);
    expect(stop?.indicator).toBe('critical');
    expect(stop?.overrideReasons).toEqual([]);
    expect(stop?.extension['lantern.hardStop']).toBe(true);
    expect(stop?.extension['lantern.field']).toBe(DOSE_VALUE);
    expect(stop?.summary).toContain('amlodipine');
    expect(stop?.summary).toContain('10 mg maximum');
    expect(stop?.detail).toContain('no override is possible');
    // One card says it: no overridable dose-range card alongside the hard stop.
    expect(cards.filter((c) => c.extension['lantern.rule'] === 'dose-range')).toEqual([]);
    // Even an override naming the card and a reason some other card offers does not unblock it.
    expect(signBlockers(cards, cards.map((c) => ({ cardUuid: c.uuid, reasonCode: 'benefit-outweighs-risk' })))).toContainEqual(stop);
  });

  it('amlodipine 10 mg once daily: silent', () => {
    expect(cardsFor(patient(), [draft('17767', { dose: { value: 10, unit: 'mg', perDay: 1 } })])).toEqual([]);
  });

  it('ibuprofen 100000 mg three times daily: hard stop, not an overridable critical card', () => {
    const stops = hardStops(patient(), [draft('5640', { dose: { value: 100000, unit: 'mg', perDay: 3 } })]);
    expect(stops).toHaveLength(1);
    expect(stops[0]?.extension['lantern.kbEntry']).toBe('hard-stop/tenfold/dose/ibuprofen#single');
  });

  it('ibuprofen 2000 mg three times daily (2.5x the single maximum, 6000 mg/day): overridable critical, not a hard stop', () => {
    const cards = cardsFor(patient(), [draft('5640', { dose: { value: 2000, unit: 'mg', perDay: 3 } })]);
    expect(cards.filter(isHardStop)).toEqual([]);
    expect(cards.some((c) => c.indicator === 'critical' && c.overrideReasons.length > 0)).toBe(true);
  });

  it('a sensible dose given far too often (acetaminophen 650 mg every 15 minutes = 62.4 g/day) names the timing', () => {
    const d = draft('161', { dose: { value: 650, unit: 'mg', perDay: 96 } });
    const stops = hardStops(patient(), [d]);
    expect(stops[0]?.extension['lantern.field']).toBe('dosageInstruction[0].timing');
  });

  it('exactly 10x the daily maximum is a hard stop (amlodipine 100 mg/day); just under is not', () => {
    expect(hardStops(patient(), [draft('17767', { dose: { value: 100, unit: 'mg' } })])).toHaveLength(1);
    expect(hardStops(patient(), [draft('17767', { dose: { value: 99, unit: 'mg' } })])).toEqual([]);
  });

  it('a dose of zero or below is a hard stop on the dose field', () => {
    for (const value of [0, -5]) {
      const stops = hardStops(patient(), [draft('17767', { dose: { value, unit: 'mg' } })]);
      expect(stops.map((c) => [c.extension['lantern.kbEntry'], c.extension['lantern.field']])).toEqual([['hard-stop/dose-not-positive', DOSE_VALUE]]);
    }
  });

  it('mg for a puff-only inhaler (fluticasone 2 mg) is a hard stop on the unit; 2 puffs is silent', () => {
    const stops = hardStops(patient(), [draft('41126', { dose: { value: 2, unit: 'mg', perDay: 2 } })]);
    expect(stops.map((c) => [c.extension['lantern.kbEntry'], c.extension['lantern.field']])).toEqual([['hard-stop/unit-mismatch', DOSE_UNIT]]);
    expect(stops[0]?.detail).toContain('puffs');
    expect(hardStops(patient(), [draft('41126', { dose: { value: 2, unit: '{actuat}', perDay: 2 } })])).toEqual([]);
  });

  it('mL for a tablet-only drug (clopidogrel 75 mL) and mg for insulin glargine are hard stops; clopidogrel 75 mg and glargine 10 units are silent', () => {
    expect(hardStops(patient(), [draft('32968', { dose: { value: 75, unit: 'mL' } })])).toHaveLength(1);
    expect(hardStops(patient(), [draft('274783', { dose: { value: 10, unit: 'mg' } })])).toHaveLength(1);
    expect(hardStops(patient(), [draft('32968', { dose: { value: 75, unit: 'mg' } })])).toEqual([]);
    expect(hardStops(patient(), [draft('274783', { dose: { value: 10, unit: '[iU]' } })])).toEqual([]);
  });

  it('a product dosed per tablet ordered in mL is a hard stop (Norco 857002, 5 mL)', () => {
    expect(hardStops(patient(), [draft('857002', { dose: { value: 5, unit: 'mL', perDay: 4 } })])).toHaveLength(1);
  });

  it('a dose with no unit is a hard stop on the unit', () => {
    const stops = hardStops(patient(), [draft('17767', { dose: { value: 5, unit: '' } })]);
    expect(stops[0]?.extension['lantern.kbEntry']).toBe('hard-stop/unit-missing');
  });

  it('a weight-based dose (amoxicillin 45 mg/kg) for a 4-year-old with no recorded weight is a hard stop; with 16 kg it is 720 mg and silent', () => {
    const d = draft('723', { dose: { value: 45, unit: 'mg/kg', perDay: 2 } });
    const stops = hardStops(patient({ ageYears: 4, weightKg: null }), [d]);
    expect(stops.map((c) => c.extension['lantern.kbEntry'])).toEqual(['hard-stop/weight-missing']);
    expect(stops[0]?.detail).toContain('Weigh the patient');
    expect(cardsFor(patient({ ageYears: 4, weightKg: 16 }), [d])).toEqual([]);
  });

  it('a tenfold weight-based error (amoxicillin 450 mg/kg/dose for 16 kg) is a hard stop', () => {
    expect(hardStops(patient({ ageYears: 4, weightKg: 16 }), [draft('723', { dose: { value: 450, unit: 'mg/kg', perDay: 2 } })])).toHaveLength(1);
  });

  it('a hard stop is never suppressed, even with a matching suppression', () => {
    const i = input(patient(), [draft('17767', { dose: { value: 100000, unit: 'mg' } })]);
    const first = evaluate(i);
    if (!first.ok) throw first.error;
    const key = first.value[0]?.extension['lantern.suppressionKey'] ?? '';
    const again = evaluate({ ...i, suppressions: [{ userId: 'user-clinician-1', patientId: i.context.patientId, key, overriddenAt: i.now }] });
    expect(again.ok && again.value.some(isHardStop)).toBe(true);
  });

  it('the card uuid changes with the dose, so an override for one dose does not carry over', () => {
    const daily = (value: number): Card | undefined => cardsFor(patient(), [draft('5640', { dose: { value, unit: 'mg', perDay: 4 } })])
      .find((c) => c.extension['lantern.kbEntry'] === 'dose/ibuprofen#daily');
    // Ibuprofen 900 mg and 950 mg four times daily: the same daily-dose entry, a different dose.
    const a = daily(900);
    const b = daily(950);
    expect(a?.extension['lantern.suppressionKey']).not.toBe(b?.extension['lantern.suppressionKey']);
    expect(a?.uuid).toBeDefined();
    expect(a?.uuid).not.toBe(b?.uuid);
  });
});
