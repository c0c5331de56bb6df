import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate.ts';
import { draft, input, med, patient } from '../test-fixtures.ts';

describe('duplication rule', () => {
  it('two statins (atorvastatin 83367 active, rosuvastatin 301542 draft) is a duplication warning', () => {
    const r = evaluate(input(patient({ activeMedications: [med('83367')] }), [draft('301542')]));
    if (!r.ok) throw r.error;
    const cards = r.value.filter((c) => c.extension['lantern.rule'] === 'duplication');
    expect(cards).toHaveLength(1);
    expect(cards[0]?.indicator).toBe('warning');
    expect(cards[0]?.extension['lantern.kbEntry']).toBe('dup/class/statin');
  });

  it('the same ingredient in two orders is a duplicate (lisinopril alone and in lisinopril/HCTZ 197886)', () => {
    const r = evaluate(input(patient({ activeMedications: [med('29046')] }), [draft('197886')]));
    if (!r.ok) throw r.error;
    expect(r.value.map((c) => c.extension['lantern.kbEntry'])).toContain('dup/ingredient/29046');
  });

  it('a renewal of the active order (priorPrescription) is not a duplicate', () => {
    const active = med('83367');
    const renewal = { ...draft('83367'), priorPrescription: { reference: `MedicationRequest/${active.id ?? ''}` } };
    const r = evaluate(input(patient({ activeMedications: [active] }), [renewal]));
    if (!r.ok) throw r.error;
    expect(r.value.filter((c) => c.extension['lantern.rule'] === 'duplication')).toEqual([]);
  });

  it('different classes do not duplicate (atorvastatin + lisinopril)', () => {
    const r = evaluate(input(patient({ activeMedications: [med('83367')] }), [draft('29046')]));
    if (!r.ok) throw r.error;
    expect(r.value).toEqual([]);
  });
});
