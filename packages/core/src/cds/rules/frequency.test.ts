import { describe, expect, it } from 'vitest';
import type { MedicationRequest } from '../../fhir/types.ts';
import { evaluate } from '../evaluate.ts';
import { draft, input, patient } from '../test-fixtures.ts';
import type { Card } from '../types.ts';

const frequencyCards = (drafts: MedicationRequest[]): Card[] => {
  const r = evaluate(input(patient(), drafts));
  if (!r.ok) throw r.error;
  return r.value.filter((c) => c.extension['lantern.rule'] === 'frequency');
};
/** A draft given every `period` days/weeks (FHIR Timing.repeat). */
const every = (rxcui: string, value: number, unit: string, frequency: number, period: number, periodUnit: 'd' | 'wk' | 'mo'): MedicationRequest => ({
  ...draft(rxcui, { key: `${frequency}/${period}${periodUnit}` }),
  dosageInstruction: [{ timing: { repeat: { frequency, period, periodUnit } }, doseAndRate: [{ doseQuantity: { value, unit, code: unit } }] }],
});

describe('frequency rule', () => {
  it('methotrexate 15 mg daily for rheumatoid arthritis: critical, says once weekly, cites the label', () => {
    const cards = frequencyCards([every('6851', 15, 'mg', 1, 1, 'd')]);
    expect(cards).toHaveLength(1);
    expect(cards[0]?.indicator).toBe('critical');
    expect(cards[0]?.summary).toContain('once weekly');
    expect(cards[0]?.source.label).toContain('methotrexate');
    expect(cards[0]?.overrideReasons.length).toBeGreaterThan(0);
  });

  it('methotrexate 15 mg once weekly: silent; 2.5 mg three times 12 hours apart once a week (3 doses/week): silent', () => {
    expect(frequencyCards([every('6851', 15, 'mg', 1, 1, 'wk')])).toEqual([]);
    expect(frequencyCards([every('6851', 2.5, 'mg', 3, 1, 'wk')])).toEqual([]);
  });

  it('alendronate 70 mg daily (the weekly strength) is critical; 10 mg daily and 70 mg weekly are silent', () => {
    expect(frequencyCards([every('46041', 70, 'mg', 1, 1, 'd')])[0]?.indicator).toBe('critical');
    expect(frequencyCards([every('46041', 10, 'mg', 1, 1, 'd')])).toEqual([]);
    expect(frequencyCards([every('46041', 70, 'mg', 1, 1, 'wk')])).toEqual([]);
  });

  it('ibandronate 150 mg weekly instead of monthly is critical; monthly is silent', () => {
    expect(frequencyCards([every('115264', 150, 'mg', 1, 1, 'wk')])[0]?.indicator).toBe('critical');
    expect(frequencyCards([every('115264', 150, 'mg', 1, 1, 'mo')])).toEqual([]);
  });

  it('injected semaglutide 1 mg daily is critical; weekly is silent; oral semaglutide 7 mg daily is silent', () => {
    expect(frequencyCards([every('1991302', 1, 'mg', 1, 1, 'd')])[0]?.indicator).toBe('critical');
    expect(frequencyCards([every('1991302', 1, 'mg', 1, 1, 'wk')])).toEqual([]);
    expect(frequencyCards([every('1991302', 7, 'mg', 1, 1, 'd')])).toEqual([]);
  });

  it('tiotropium twice daily is a warning; once daily is silent', () => {
    expect(frequencyCards([every('69120', 2, '{actuat}', 2, 1, 'd')])[0]?.indicator).toBe('warning');
    expect(frequencyCards([every('69120', 2, '{actuat}', 1, 1, 'd')])).toEqual([]);
  });

  it('a drug with no frequency limit (amlodipine twice daily) and an order with no frequency are silent', () => {
    expect(frequencyCards([every('17767', 5, 'mg', 2, 1, 'd')])).toEqual([]);
    expect(frequencyCards([{ ...draft('6851'), dosageInstruction: [{ doseAndRate: [{ doseQuantity: { value: 15, unit: 'mg', code: 'mg' } }] }] }])).toEqual([]);
  });

  it('the card changes identity with the frequency (an override of daily does not carry to twice daily)', () => {
    const daily = frequencyCards([every('6851', 15, 'mg', 1, 1, 'd')])[0];
    const bid = frequencyCards([{ ...every('6851', 15, 'mg', 2, 1, 'd'), id: every('6851', 15, 'mg', 1, 1, 'd').id ?? '' }])[0];
    expect(daily?.uuid).not.toBe(bid?.uuid);
  });
});
