import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { defaultKnowledgeBase } from './knowledge-base.ts';
import { resolveActiveMedication } from './medication.ts';
import { input, med, patient } from './test-fixtures.ts';

const SIMVASTATIN = '36567';
const CLARITHROMYCIN = '21212';
const AZITHROMYCIN = '18631';

const criticalFor = (active: ReturnType<typeof med>) => {
  const r = evaluate(input(patient({ activeMedications: [active] }), [med(SIMVASTATIN, { status: 'draft', dose: { value: 20, unit: 'mg' } })]), defaultKnowledgeBase());
  if (!r.ok) throw r.error;
  return r.value.filter((c) => c.indicator === 'critical').map((c) => c.summary);
};

describe('an active order is resolved once per order object', () => {
  it('the same order with the same knowledge base and weight gives the same resolution; another weight does not', () => {
    const kb = defaultKnowledgeBase();
    const clari = med(CLARITHROMYCIN, { dose: { value: 500, unit: 'mg', perDay: 2 } });
    const first = resolveActiveMedication(clari, kb, 70);
    expect(resolveActiveMedication(clari, kb, 70)).toBe(first);
    expect(resolveActiveMedication(clari, kb, 80)).not.toBe(first);
    expect(first.ingredients[0]?.mgPerDose).toBe(500);
  });

  it('simvastatin: clarithromycin on the chart blocks it; the same order object switched to azithromycin no longer does', () => {
    const active = med(CLARITHROMYCIN, { dose: { value: 500, unit: 'mg', perDay: 2 } });
    expect(criticalFor(active).join(' ').toLowerCase()).toContain('clarithromycin');
    // A caller that replaces the drug on the same object (not the usual new version) must not get the old answer.
    active.medicationCodeableConcept = { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: AZITHROMYCIN }] };
    expect(criticalFor(active).join(' ').toLowerCase()).not.toContain('clarithromycin');
  });
});
