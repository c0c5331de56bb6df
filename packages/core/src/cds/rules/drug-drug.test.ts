import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate.ts';
import { draft, input, med, patient } from '../test-fixtures.ts';
import type { Card } from '../types.ts';

const run = (...args: Parameters<typeof input>): Card[] => {
  const r = evaluate(input(...args));
  if (!r.ok) throw r.error;
  return r.value;
};
const ddi = (cards: Card[]): Card[] => cards.filter((c) => c.extension['lantern.rule'] === 'drug-drug');

describe('drug-drug rule', () => {
  it('simvastatin (36567) with clarithromycin (21212) is a critical ONC high-priority card', () => {
    const cards = ddi(run(patient({ activeMedications: [med('21212')] }), [draft('36567')]));
    expect(cards).toHaveLength(1);
    const card = cards[0] as Card;
    expect(card.indicator).toBe('critical');
    expect(card.extension['lantern.kbEntry']).toMatch(/^ddi\/onc-hp\/25-/);
    expect(card.summary.length).toBeLessThan(140);
    expect(card.summary.toLowerCase()).toContain('simvastatin');
    expect(card.overrideReasons.length).toBeGreaterThan(0);
    expect(card.source.label).toContain('Phansalkar');
    // Safer statins are offered, replacing the simvastatin draft.
    expect(card.suggestions.map((s) => s.label)).toEqual(expect.arrayContaining(['Use pravastatin instead (40 mg oral once daily)', 'Use rosuvastatin instead (10 mg oral once daily)']));
  });

  it('finds the pair whichever order is the draft', () => {
    const cards = ddi(run(patient({ activeMedications: [med('36567')] }), [draft('21212')]));
    expect(cards.map((c) => c.indicator)).toEqual(['critical']);
  });

  it('warfarin + ibuprofen (class NSAID) is a warning, not critical', () => {
    const cards = ddi(run(patient({ activeMedications: [med('11289')] }), [draft('5640')]));
    expect(cards).toHaveLength(1);
    expect(cards[0]?.indicator).toBe('warning');
    expect(cards[0]?.extension['lantern.kbEntry']).toBe('ddi/label/warfarin--nsaid');
  });

  it('atazanavir + famotidine is not an ONC high-priority pair: never critical', () => {
    const cards = ddi(run(patient({ activeMedications: [med('343047')] }), [draft('4278')]));
    expect(cards.every((c) => c.indicator !== 'critical')).toBe(true);
  });

  it('atazanavir + omeprazole is (ONC pair 4)', () => {
    const cards = ddi(run(patient({ activeMedications: [med('343047')] }), [draft('7646')]));
    expect(cards[0]?.indicator).toBe('critical');
  });

  it('two QT known-risk drugs (azithromycin + citalopram) are critical via the CredibleMeds-filled row 21', () => {
    const cards = ddi(run(patient({ activeMedications: [med('2556')] }), [draft('18631')]));
    expect(cards[0]?.indicator).toBe('critical');
    expect(cards[0]?.extension['lantern.kbEntry']).toMatch(/^ddi\/onc-hp\/21-/);
  });

  it('checks each ingredient of a combination product (sulfamethoxazole/trimethoprim 198335 with warfarin)', () => {
    const cards = ddi(run(patient({ activeMedications: [med('11289')] }), [draft('198335')]));
    expect(cards.map((c) => c.extension['lantern.kbEntry'])).toContain('ddi/label/warfarin--cyp2c9-inhibitors');
  });

  it('a non-interruptive ONC pair is info only (lisinopril + ibuprofen)', () => {
    const cards = ddi(run(patient({ activeMedications: [med('29046')] }), [draft('5640')]));
    expect(cards.map((c) => c.indicator)).toEqual(['info']);
  });

  it('stays silent for unrelated drugs (amlodipine + metformin)', () => {
    expect(ddi(run(patient({ activeMedications: [med('17767')] }), [draft('6809')]))).toEqual([]);
  });

  it('reports a pair of two drafts once', () => {
    const cards = ddi(run(patient(), [draft('36567'), draft('21212')]));
    expect(cards).toHaveLength(1);
  });
});
