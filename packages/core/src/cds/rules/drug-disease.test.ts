import { describe, expect, it } from 'vitest';
import type { Condition, MedicationRequest } from '../../fhir/types.ts';
import { evaluate } from '../evaluate.ts';
import { defaultKnowledgeBase } from '../knowledge-base.ts';
import { condition, draft, input, med, patient } from '../test-fixtures.ts';
import type { Card } from '../types.ts';

const diseaseCards = (conditions: Condition[], drafts: MedicationRequest[], activeMedications: MedicationRequest[] = []): Card[] => {
  const r = evaluate(input(patient({ conditions, activeMedications }), drafts));
  if (!r.ok) throw r.error;
  return r.value.filter((c) => c.extension['lantern.rule'] === 'drug-disease');
};
const IBUPROFEN_400_TID = draft('5640', { dose: { value: 400, unit: 'mg', perDay: 3 } });

describe('drug-disease rule', () => {
  it('ibuprofen for a patient with CKD stage 3 (ICD-10-CM N18.3): warning citing KDIGO, offering acetaminophen as a complete order', () => {
    const ckd = condition('N18.3');
    const cards = diseaseCards([ckd], [IBUPROFEN_400_TID]);
    expect(cards.map((c) => [c.indicator, c.extension['lantern.kbEntry']])).toEqual([['warning', 'drug-disease/nsaid--ckd3']]);
    expect(cards[0]?.source.label).toContain('KDIGO');
    expect(cards[0]?.extension['lantern.related']).toEqual([`Condition/${ckd.id ?? ''}`]);
    const apap = cards[0]?.suggestions.find((s) => s.label.startsWith('Use acetaminophen instead'));
    const created = apap?.actions.find((a) => a.type === 'create')?.resource;
    expect(created?.resourceType === 'MedicationRequest' ? created.dosageInstruction?.[0]?.text : '').toBe('650 mg oral every 6 hours as needed for pain or fever');
  });

  it('CKD stage 3a coded in ICD-10-CM 2023 (N18.31) and in SNOMED CT (433144002) match too', () => {
    expect(diseaseCards([condition('N18.31')], [IBUPROFEN_400_TID])).toHaveLength(1);
    expect(diseaseCards([condition('433144002', 'snomed')], [IBUPROFEN_400_TID])).toHaveLength(1);
  });

  it('ibuprofen in CKD stage 4 (N18.4) is critical', () => {
    expect(diseaseCards([condition('N18.4')], [IBUPROFEN_400_TID])[0]?.indicator).toBe('critical');
  });

  it('the issue\'s patient: CKD stage 3 and heart failure, naproxen ordered: one card for each problem', () => {
    const cards = diseaseCards([condition('N18.3'), condition('I50.22')], [draft('7258', { dose: { value: 500, unit: 'mg', perDay: 2 } })]);
    expect(cards.map((c) => c.extension['lantern.kbEntry']).sort()).toEqual(['drug-disease/nsaid--ckd3', 'drug-disease/nsaid--heart-failure']);
  });

  it('ibuprofen with no renal or heart problem (hypertension I10, asthma none): silent', () => {
    expect(diseaseCards([condition('I10')], [IBUPROFEN_400_TID])).toEqual([]);
    expect(diseaseCards([], [IBUPROFEN_400_TID])).toEqual([]);
  });

  it('low-dose aspirin in heart failure: silent (aspirin is not in the NSAID entries)', () => {
    expect(diseaseCards([condition('I50.9')], [draft('1191', { dose: { value: 81, unit: 'mg' } })])).toEqual([]);
  });

  it('a resolved or refuted problem does not count', () => {
    expect(diseaseCards([condition('N18.3', 'icd10', 'resolved')], [IBUPROFEN_400_TID])).toEqual([]);
    const refuted = { ...condition('N18.3'), verificationStatus: { coding: [{ code: 'refuted' }] } };
    expect(diseaseCards([refuted], [IBUPROFEN_400_TID])).toEqual([]);
  });

  it('when acetaminophen is already active, the suggestion is "stop this order", never a duplicate acetaminophen', () => {
    const apap = med('161', { dose: { value: 500, unit: 'mg', perDay: 3 } });
    const [card] = diseaseCards([condition('N18.3')], [IBUPROFEN_400_TID], [apap]);
    const labels = card?.suggestions.map((s) => s.label) ?? [];
    expect(labels.some((l) => l.startsWith('Use acetaminophen'))).toBe(false);
    const stop = card?.suggestions.find((s) => s.label.startsWith('Stop this order'));
    expect(stop?.label).toContain(`MedicationRequest/${apap.id ?? ''}`);
    expect(stop?.actions).toEqual([expect.objectContaining({ type: 'delete', resourceId: `MedicationRequest/${IBUPROFEN_400_TID.id ?? ''}` })]);
  });

  it('pioglitazone in heart failure (SNOMED 84114007) is critical; bupropion with epilepsy (G40.909) is critical; sumatriptan with CAD (I25.10) is critical', () => {
    expect(diseaseCards([condition('84114007', 'snomed')], [draft('33738')])[0]?.indicator).toBe('critical');
    expect(diseaseCards([condition('G40.909')], [draft('42347')])[0]?.indicator).toBe('critical');
    expect(diseaseCards([condition('I25.10')], [draft('37418')])[0]?.indicator).toBe('critical');
  });

  it('propranolol with asthma is critical; metoprolol (cardioselective) with asthma is silent', () => {
    expect(diseaseCards([condition('J45.909')], [draft('8787')])[0]?.indicator).toBe('critical');
    expect(diseaseCards([condition('J45.909')], [draft('6918')])).toEqual([]);
  });

  it('holds at least 25 cited drug-disease pairs, each with a condition code', () => {
    const entries = defaultKnowledgeBase().data.drugDisease;
    expect(entries.length).toBeGreaterThanOrEqual(25);
    for (const e of entries) {
      expect(e.source.label.length).toBeGreaterThan(10);
      expect(e.condition.icd10.length + e.condition.snomed.length).toBeGreaterThan(0);
    }
  });

  it('the problem list is read once per condition object, and read again when a field of the same object is replaced', () => {
    const naproxen = draft('7258', { dose: { value: 500, unit: 'mg', perDay: 2 } });
    const ckd = condition('N18.3');
    const hf = condition('I50.22');
    const entries = (conditions: Condition[]): string[] => diseaseCards(conditions, [naproxen]).map((c) => c.extension['lantern.kbEntry']).sort();
    // The same objects again give the same cards, byte for byte, as fresh copies of them.
    const first = diseaseCards([ckd, hf], [naproxen]);
    expect(diseaseCards([ckd, hf], [naproxen])).toEqual(first);
    expect(JSON.stringify(diseaseCards([structuredClone(ckd), structuredClone(hf)], [naproxen]))).toBe(JSON.stringify(first));
    // A condition resolved in place, a code corrected in place, a new id: the memo is not used.
    hf.clinicalStatus = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'resolved' }] };
    expect(entries([ckd, hf])).toEqual(['drug-disease/nsaid--ckd3']);
    ckd.code = { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'N18.4' }] };
    expect(entries([ckd, hf])).toEqual(['drug-disease/nsaid--ckd45']);
    ckd.id = 'renamed';
    expect(diseaseCards([ckd], [naproxen])[0]?.extension['lantern.related']).toEqual(['Condition/renamed']);
  });
});
