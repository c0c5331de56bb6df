import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { isHardStop, signBlockers } from './sign-gate.ts';
import { draft, input, med, patient } from './test-fixtures.ts';

describe('signBlockers', () => {
  const r = evaluate(input(patient({ activeMedications: [med('21212'), med('11289')] }), [draft('36567'), draft('5640')]));
  if (!r.ok) throw r.error;
  const cards = r.value;
  const critical = cards.find((c) => c.indicator === 'critical');

  it('blocks signing on an unacknowledged critical card only (warnings never block)', () => {
    expect(cards.some((c) => c.indicator === 'warning')).toBe(true);
    expect(signBlockers(cards, []).map((c) => c.uuid)).toEqual([critical?.uuid]);
  });

  it('an offered override reason clears it; an invented one does not', () => {
    expect(signBlockers(cards, [{ cardUuid: critical?.uuid ?? '', reasonCode: 'benefit-outweighs-risk' }])).toEqual([]);
    expect(signBlockers(cards, [{ cardUuid: critical?.uuid ?? '', reasonCode: 'in-a-hurry' }])).toHaveLength(1);
  });

  it('a hard stop blocks whatever overrides are given, and a non-hard-stop card is never taken for one', () => {
    const h = evaluate(input(patient(), [draft('17767', { dose: { value: 100000, unit: 'mg' } })]));
    if (!h.ok) throw h.error;
    const stop = h.value.find(isHardStop);
    expect(stop).toBeDefined();
    const everything = h.value.flatMap((c) => ['benefit-outweighs-risk', 'will-monitor', 'tolerated-before', 'not-applicable'].map((reasonCode) => ({ cardUuid: c.uuid, reasonCode })));
    expect(signBlockers(h.value, everything)).toEqual([stop]);
    expect(cards.some(isHardStop)).toBe(false);
  });
});
