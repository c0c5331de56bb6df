import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate.ts';
import { draft, input, patient } from '../test-fixtures.ts';
import type { Card } from '../types.ts';

const ageCards = (ageYears: number, rxcui: string): Card[] => {
  const r = evaluate(input(patient({ ageYears, weightKg: 26 }), [draft(rxcui)]));
  if (!r.ok) throw r.error;
  return r.value.filter((c) => c.extension['lantern.rule'] === 'age');
};

describe('age rule', () => {
  it('codeine (2670) for an 8-year-old is critical (FDA 2017)', () => {
    const cards = ageCards(8, '2670');
    expect(cards).toHaveLength(1);
    expect(cards[0]?.indicator).toBe('critical');
    expect(cards[0]?.extension['lantern.kbEntry']).toBe('age/codeine-under-12');
    expect(cards[0]?.source.label).toContain('FDA');
  });

  it('acetaminophen/codeine (993781) in an 8-year-old: the codeine ingredient is caught', () => {
    expect(ageCards(8, '993781')[0]?.extension['lantern.kbEntry']).toBe('age/codeine-under-12');
  });

  it('tramadol under 12 is critical; codeine at 30 is silent', () => {
    expect(ageCards(10, '10689')[0]?.indicator).toBe('critical');
    expect(ageCards(30, '2670')).toEqual([]);
  });

  it('doxycycline (class tetracycline) under 8 warns', () => {
    expect(ageCards(5, '3640')[0]?.indicator).toBe('warning');
  });
});
