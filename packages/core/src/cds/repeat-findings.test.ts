import { describe, expect, it } from 'vitest';
import type { MedicationRequest } from '../fhir/types.ts';
import { evaluate, evaluatePrepared, type EvaluateOptions } from './evaluate.ts';
import { prepareChart, reprepareChart, type PreparedChart } from './prepared-chart.ts';
import { allergy, busy, condition, input, lab, med, patient } from './test-fixtures.ts';
import type { Card, PatientContext } from './types.ts';

/** What the server's medication gate asks for (orders/medication-gate.ts). */
const GATE: EvaluateOptions = { suggestions: false, bodies: 'critical' };

const cardsOf = (r: ReturnType<typeof evaluate>): Card[] => {
  if (!r.ok) throw r.error;
  return r.value;
};

/** The same order (same id) at another dose, as a sync push would bring it. */
const atDose = (order: MedicationRequest, mg: number): MedicationRequest => ({
  ...order,
  dosageInstruction: [{ timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd' } }, doseAndRate: [{ doseQuantity: { value: mg, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } }] }],
});

/** The chart with `order` stored in place of the version with its id (as the gate's cache carries it). */
const withStored = (chart: PreparedChart, order: MedicationRequest): PreparedChart =>
  reprepareChart(chart, { ...chart.context, activeMedications: chart.context.activeMedications.map((m) => (m.id === order.id ? order : m)) });

describe("bodies: 'critical' (the server's medication gate)", () => {
  it('gives the same cards as the workstation, but only critical cards carry their texts', () => {
    const i = busy();
    for (const d of i.draftOrders) {
      const one = { ...i, draftOrders: [d] };
      const full = cardsOf(evaluate(one, undefined, { suggestions: false }));
      const lean = cardsOf(evaluate(one, undefined, GATE));
      expect(lean.map((c) => c.uuid)).toEqual(full.map((c) => c.uuid));
      lean.forEach((c, k) => {
        const w = full[k] as Card;
        if (c.indicator === 'critical') expect(c).toEqual(w);
        else expect(c).toEqual({ ...w, summary: '', detail: '' });
      });
    }
    // The busy chart raises warnings and criticals alike, so both kinds were compared.
    const all = i.draftOrders.flatMap((d) => cardsOf(evaluate({ ...i, draftOrders: [d] }, undefined, GATE)));
    expect(all.some((c) => c.indicator === 'critical' && c.summary !== '')).toBe(true);
    expect(all.some((c) => c.indicator !== 'critical' && c.summary === '' && c.detail === '')).toBe(true);
  });
});

describe('dose changes of one order on a prepared chart (repeat-findings.ts)', () => {
  /** An adult on naproxen with poor kidney function; the orders around it change between the dose changes. */
  const naproxen = med('7258', { dose: { value: 250, unit: 'mg', perDay: 2 }, display: 'analgesic' });
  const start = (): PatientContext => patient({
    ageYears: 70, weightKg: 60, activeMedications: [med('11289', { dose: { value: 5, unit: 'mg' } }), naproxen], labs: [lab('2160-0', 2.1, 'mg/dL')],
  });
  const gate = (chart: PreparedChart, order: MedicationRequest): Card[] => cardsOf(evaluatePrepared(chart, { hook: 'order-sign', draftOrders: [order], now: '2026-11-23T12:00:00Z', userId: 'user-clinician-1' }, GATE));
  const fresh = (context: PatientContext, order: MedicationRequest): Card[] => cardsOf(evaluate(input(context, [order]), undefined, GATE));

  it('a repeated dose change reuses the cards that do not depend on the dose, and they are those of a fresh check', () => {
    let chart = prepareChart(start());
    let order = naproxen;
    const seen: Card[][] = [];
    for (const mg of [500, 250, 375]) {
      order = atDose(order, mg);
      const cards = gate(chart, order);
      expect(cards).toEqual(fresh(chart.context, order));
      seen.push(cards);
      chart = withStored(chart, order);
    }
    // The interaction with warfarin is the same card object: it was not worked out again.
    const interaction = (cards: Card[] | undefined) => cards?.find((c) => c.extension['lantern.rule'] === 'drug-drug');
    expect(interaction(seen[0])).toBeDefined();
    expect(interaction(seen[2])).toBe(interaction(seen[1]));
  });

  it('on a busy chart, the dose rules\' cards of every indicator land among the remembered cards where a fresh sort puts them', () => {
    const base = busy();
    const DOSE_RULES = new Set(['hard-stop', 'dose-range', 'renal', 'frequency', 'duplicate-order']);
    const isDose = (c: Card | undefined) => c !== undefined && DOSE_RULES.has(c.extension['lantern.rule']);
    let interleaved = 0;
    let hardStopsFirst = 0;
    for (const d of base.draftOrders) {
      if (d.resourceType !== 'MedicationRequest') continue;
      // The order on the chart, then changed dose after dose: a tenth, the usual, ten and a thousand times.
      let order: MedicationRequest = { ...d, status: 'active' };
      let chart = prepareChart({ ...base.context, activeMedications: [...base.context.activeMedications, order] });
      for (const mg of [50, 500, 5, 5000, 500000, 500, 5000]) {
        order = atDose(order, mg);
        const cards = gate(chart, order);
        expect(cards).toEqual(fresh(chart.context, order));
        if (cards.some((c, k) => isDose(c) && !isDose(cards[k - 1]) && k > 0 && !isDose(cards[k + 1]) && k < cards.length - 1)) interleaved += 1;
        if (cards[0]?.extension['lantern.hardStop'] === true && cards.some((c) => !isDose(c))) hardStopsFirst += 1;
        chart = withStored(chart, order);
      }
    }
    // Both merges were exercised: a dose card between remembered ones, and a hard stop ahead of them.
    expect(interleaved).toBeGreaterThan(0);
    expect(hardStopsFirst).toBeGreaterThan(0);
  });

  it('anything the reused cards were found from changes between two dose changes: the cards are those of a fresh check', () => {
    const RX = 'http://www.nlm.nih.gov/research/umls/rxnorm';
    const otherTramadol = med('10689', { dose: { value: 50, unit: 'mg', perDay: 2 }, key: 'other' });
    type Step = { what: string; change: (c: PatientContext, order: MedicationRequest) => { context: PatientContext; order: MedicationRequest }; rule?: string };
    const steps: Step[] = [
      { what: 'another order', change: (c, order) => ({ context: { ...c, activeMedications: [...c.activeMedications, med('29046', { dose: { value: 20, unit: 'mg' } })] }, order }), rule: 'drug-drug' },
      { what: 'an allergy', change: (c, order) => ({ context: { ...c, allergies: [allergy({ code: '7258' })] }, order }), rule: 'drug-allergy' },
      { what: 'a problem', change: (c, order) => ({ context: { ...c, conditions: [condition('N18.4')] }, order }), rule: 'drug-disease' },
      // The critical allergy card names the order.
      { what: 'the order\'s name', change: (c, order) => ({ context: c, order: { ...order, medicationCodeableConcept: { coding: [{ system: RX, code: '7258', display: 'pain relief' }] } } }) },
      { what: 'a lab', change: (c, order) => ({ context: { ...c, labs: [lab('2160-0', 4.4, 'mg/dL', '2026-11-22T08:00:00Z')] }, order }) },
      { what: 'the weight', change: (c, order) => ({ context: { ...c, weightKg: 41 }, order }) },
      {
        what: 'another order changed to another drug (same id, same number of orders)', rule: 'duplication',
        change: (c, order) => ({ context: { ...c, activeMedications: c.activeMedications.map((m) => (m.id === order.id || m.medicationCodeableConcept?.coding?.[0]?.code !== '11289' ? m : { ...m, medicationCodeableConcept: { coding: [{ system: RX, code: '5640' }] } })) }, order }),
      },
      { what: 'the other orders stopped', change: (c, order) => ({ context: { ...c, activeMedications: c.activeMedications.filter((m) => m.id === order.id) }, order }) },
      // The same label: only the ingredients say the drug changed.
      { what: 'the same order for another drug', change: (c, order) => ({ context: c, order: { ...order, medicationCodeableConcept: { coding: [{ system: RX, code: '10689', display: 'pain relief' }] } } }), rule: 'drug-allergy' },
      { what: 'the age', change: (c, order) => ({ context: { ...c, ageYears: 11 }, order }), rule: 'age' },
      { what: 'a duplicate', change: (c, order) => ({ context: { ...c, activeMedications: [...c.activeMedications, otherTramadol] }, order }), rule: 'duplication' },
      { what: 'the order renews it', change: (c, order) => ({ context: c, order: { ...order, priorPrescription: { reference: `MedicationRequest/${otherTramadol.id ?? ''}` } } }), rule: 'duplication' },
    ];
    let chart = prepareChart(start());
    let order = naproxen;
    let mg = 250;
    const dose = () => {
      mg = mg === 250 ? 500 : 250;
      order = atDose(order, mg);
      const cards = gate(chart, order);
      expect(cards).toEqual(fresh(chart.context, order));
      chart = withStored(chart, order);
      return cards;
    };
    dose();
    for (const step of steps) {
      const before = dose();
      const next = step.change(chart.context, order);
      order = next.order;
      chart = reprepareChart(chart, { ...next.context, activeMedications: next.context.activeMedications.map((m) => (m.id === order.id ? order : m)) });
      const after = dose();
      if (step.rule !== undefined) {
        const count = (cards: Card[]) => cards.filter((c) => c.extension['lantern.rule'] === step.rule).length;
        expect(count(after), step.what).not.toBe(count(before));
      }
    }
  });
});
