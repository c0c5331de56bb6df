import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { defaultKnowledgeBase, loadKnowledgeBase } from './knowledge-base.ts';
import { DEFAULT_KB_DATA } from './kb/data.ts';
import { dosageOf } from './card.ts';
import { allergy, draft, input, med, patient } from './test-fixtures.ts';
import type { Card, CardSuggestion } from './types.ts';

const creates = (s: CardSuggestion): boolean => s.actions.some((a) => a.type === 'create');
const cards = (i: Parameters<typeof evaluate>[0], kb = defaultKnowledgeBase()): Card[] => {
  const r = evaluate(i, kb);
  if (!r.ok) throw r.error;
  return r.value;
};

describe('suggestions are complete, re-checked orders', () => {
  const onClarithromycin = (over = {}) => input(patient({ activeMedications: [med('21212')], ...over }), [draft('36567')]);

  it('simvastatin with clarithromycin: each "use X instead" is a full order (dose, unit, route, frequency) that the engine itself accepts', () => {
    const [card] = cards(onClarithromycin());
    const alternatives = card?.suggestions.filter(creates) ?? [];
    expect(alternatives.length).toBeGreaterThan(0);
    for (const s of alternatives) {
      const created = s.actions.find((a) => a.type === 'create')?.resource;
      if (created?.resourceType !== 'MedicationRequest') throw new Error('expected a MedicationRequest');
      const d = created.dosageInstruction?.[0];
      expect(d?.doseAndRate?.[0]?.doseQuantity?.value).toBeGreaterThan(0);
      expect(d?.route?.coding?.[0]?.code).toBeDefined();
      expect(d?.timing?.repeat?.frequency).toBeGreaterThan(0);
      expect(d?.text).toMatch(/^\d/);
      // Accepting it gives no critical card: the one-click order is safe to sign.
      const after = cards(input(patient({ activeMedications: [med('21212')] }), [created]));
      expect(after.filter((c) => c.indicator === 'critical')).toEqual([]);
    }
  });

  it('a suggestion that would itself be critical is not offered (pravastatin dropped for a patient with a recorded pravastatin allergy)', () => {
    const statinAllergy = allergy({ code: '42463' }); // pravastatin, criticality high
    const [card] = cards(onClarithromycin({ allergies: [statinAllergy] }));
    const labels = card?.suggestions.map((s) => s.label) ?? [];
    expect(labels.some((l) => l.startsWith('Use pravastatin'))).toBe(false);
    expect(labels.some((l) => l.startsWith('Use rosuvastatin'))).toBe(true);
  });

  it('an alternative with no default dose sentence is never offered as an incomplete order', () => {
    const kb = loadKnowledgeBase({ ...DEFAULT_KB_DATA, doseSentences: [] });
    if (!kb.ok) throw kb.error;
    const [card] = cards(onClarithromycin(), kb.value);
    expect(card?.suggestions.filter(creates)).toEqual([]);
    expect(card?.suggestions.map((s) => s.label)).toEqual(['Cancel this order']);
  });

  it('when the alternative is already active (rosuvastatin), the card offers "stop this order", not a second statin', () => {
    const rosu = med('301542', { dose: { value: 10, unit: 'mg' } });
    const [card] = cards(input(patient({ activeMedications: [med('21212'), rosu] }), [draft('36567')]));
    const labels = card?.suggestions.map((s) => s.label) ?? [];
    expect(labels.filter((l) => l.startsWith('Use rosuvastatin'))).toEqual([]);
    expect(labels.filter((l) => l.startsWith('Stop this order'))).toHaveLength(1);
  });

  it('every drug an interaction or drug-disease entry can suggest has a default dose sentence', () => {
    const kb = defaultKnowledgeBase();
    const suggested = new Set([...kb.data.interactions, ...kb.data.drugDisease].flatMap((x) => x.alternatives.map((a) => a.rxcui)));
    for (const rxcui of suggested) expect(kb.doseSentenceByRxcui.has(rxcui), `dose sentence for ${rxcui}`).toBe(true);
  });

  it('every default dose sentence, ordered alone for a 54-year-old with normal kidneys, raises no critical card or hard stop', () => {
    const kb = defaultKnowledgeBase();
    for (const s of kb.data.doseSentences) {
      const order = { ...draft(s.rxcui, { key: 'sentence' }), dosageInstruction: [dosageOf(s)] };
      const found = cards(input(patient(), [order]));
      expect(found.filter((c) => c.indicator === 'critical').map((c) => c.summary), s.id).toEqual([]);
    }
  });
});
