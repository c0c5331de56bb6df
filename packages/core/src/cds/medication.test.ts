import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { defaultKnowledgeBase } from './knowledge-base.ts';
import { resolveActiveMedication, resolveMedication } from './medication.ts';
import type { Dosage, MedicationRequest } from '../fhir/types.ts';
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

describe('the dose key (part of every dose card uuid the workstation and server must agree on)', () => {
  /** The key as it was first written: the parts, empty when absent, joined by '/'. */
  const reference = (mr: MedicationRequest): string => {
    const d = mr.dosageInstruction?.find((x) => x.doseAndRate?.[0]?.doseQuantity?.value !== undefined || x.doseAndRate?.[0]?.doseRange?.high?.value !== undefined);
    const q = d?.doseAndRate?.[0]?.doseQuantity ?? d?.doseAndRate?.[0]?.doseRange?.high;
    if (d === undefined || q?.value === undefined) return 'no-dose';
    const r = d.timing?.repeat;
    const max = d.maxDosePerPeriod;
    return [
      q.value, q.code ?? q.unit ?? '', d.timing?.code?.coding?.[0]?.code ?? d.timing?.code?.text ?? '', r?.frequency, r?.frequencyMax, r?.period, r?.periodMax, r?.periodUnit,
      max?.numerator?.value, max?.denominator?.value, max?.denominator?.code ?? max?.denominator?.unit,
    ].map((x) => (x === undefined || x === null ? '' : String(x))).join('/');
  };
  it('is the same string for every shape of dosage', () => {
    const kb = defaultKnowledgeBase();
    const dosages: Dosage[] = [
      { doseAndRate: [{ doseQuantity: { value: 0.125, unit: 'mg' } }] },
      { doseAndRate: [{ doseQuantity: { value: 5, code: 'mg', unit: 'milligram' } }], timing: { repeat: { frequency: 2, frequencyMax: 3, period: 1, periodMax: 2, periodUnit: 'd' } } },
      { doseAndRate: [{ doseRange: { high: { value: 10, unit: 'mL' } } }], timing: { code: { text: 'BID' } }, maxDosePerPeriod: { numerator: { value: 8 }, denominator: { value: 24, unit: 'h' } } },
      { doseAndRate: [{ doseQuantity: { value: 1e21, unit: 'mg' } }], timing: { code: { coding: [{ code: 'QID' }] } }, maxDosePerPeriod: { numerator: { value: 4 }, denominator: { value: 1, code: 'd' } } },
      { text: 'no dose' },
    ];
    for (const dosageInstruction of dosages) {
      const order: MedicationRequest = { ...med('7258'), dosageInstruction: [dosageInstruction] };
      expect(resolveMedication(order, kb).doseKey).toBe(reference(order));
    }
  });
});
