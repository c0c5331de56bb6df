import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluate } from './evaluate.ts';
import { suppressionKey } from './suppression.ts';
import { NOW, PATIENT_ID, draft, input, med, patient } from './test-fixtures.ts';
import type { Card, EvaluateInput, Suppression } from './types.ts';

const cardsOf = (i: EvaluateInput): Card[] => {
  const r = evaluate(i);
  if (!r.ok) throw r.error;
  return r.value;
};

// Simvastatin + clarithromycin (critical), warfarin + ibuprofen (warning), atorvastatin + simvastatin (duplication warning).
const base = input(patient({ activeMedications: [med('21212'), med('11289'), med('83367')] }), [draft('36567'), draft('5640')]);
const all = cardsOf(base);
const keys = all.map(suppressionKey);

describe('suppression (property)', () => {
  it('critical cards survive any set of suppressions; suppressions only ever remove cards', () => {
    const suppression = fc.record({
      userId: fc.constantFrom('user-clinician-1', 'user-clinician-2'),
      patientId: fc.constantFrom(PATIENT_ID, '00000000-0000-4000-8000-000000000000'),
      key: fc.oneof(fc.constantFrom(...keys), fc.string()),
      overriddenAt: fc.integer({ min: -30 * 24, max: 2 }).map((h) => new Date(Date.parse(NOW) + h * 3_600_000).toISOString()),
    }) satisfies fc.Arbitrary<Suppression>;
    fc.assert(fc.property(fc.array(suppression, { maxLength: 12 }), fc.integer({ min: 1, max: 24 * 60 }), (suppressions, windowHours) => {
      const shown = cardsOf({ ...base, suppressions, suppressionWindowHours: windowHours });
      const shownIds = new Set(shown.map((c) => c.uuid));
      for (const c of all) if (c.indicator === 'critical') expect(shownIds.has(c.uuid)).toBe(true);
      for (const c of shown) expect(all.some((a) => a.uuid === c.uuid)).toBe(true);
    }), { numRuns: 200 });
  });

  it('the fixture has a critical and a suppressible card to test with', () => {
    expect(all.some((c) => c.indicator === 'critical')).toBe(true);
    expect(all.some((c) => c.indicator !== 'critical')).toBe(true);
  });
});
