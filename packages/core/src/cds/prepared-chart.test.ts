import { describe, expect, it } from 'vitest';
import { evaluate, evaluatePrepared, type EvaluateRequest } from './evaluate.ts';
import { prepareChart, reprepareChart } from './prepared-chart.ts';
import { allergy, busy, condition, draft, input, lab, med, patient } from './test-fixtures.ts';
import type { MedicationRequest } from '../fhir/types.ts';
import { RULE_IDS, type Card, type EvaluateInput, type PatientContext } from './types.ts';

const cardsOf = (r: ReturnType<typeof evaluate>): Card[] => {
  if (!r.ok) throw r.error;
  return r.value;
};


const requestOf = ({ context: _context, ...request }: EvaluateInput): EvaluateRequest => request;

/** An adult with kidney disease on warfarin: an NSAID raises interaction and renal cards, CKD a disease card. */
const adult = (over: Partial<PatientContext> = {}): PatientContext => patient({
  ageYears: 70, weightKg: 60, activeMedications: [med('11289', { dose: { value: 5, unit: 'mg' } })],
  labs: [lab('2160-0', 2.1, 'mg/dL')], ...over,
});
const naproxen = () => draft('7258', { dose: { value: 500, unit: 'mg', perDay: 2 } });

describe('prepareChart / evaluatePrepared', () => {
  it('gives the same cards as evaluate, field for field and in order, on a chart where every rule fires', () => {
    const i = busy();
    const expected = cardsOf(evaluate(i));
    expect(new Set(expected.map((c) => c.extension['lantern.rule']))).toEqual(new Set(RULE_IDS));
    const chart = prepareChart(i.context);
    // Twice on one chart: the second evaluation reads what the first left in the chart's memo.
    expect(cardsOf(evaluatePrepared(chart, requestOf(i)))).toEqual(expected);
    expect(cardsOf(evaluatePrepared(chart, requestOf(i)))).toEqual(expected);
    for (const options of [{ suggestions: false }, {}]) {
      const select: EvaluateInput = { ...i, hook: 'order-select', selections: [i.draftOrders[0]?.id ?? ''] };
      expect(cardsOf(evaluatePrepared(chart, requestOf(select), options))).toEqual(cardsOf(evaluate(select, undefined, options)));
      expect(cardsOf(evaluatePrepared(chart, requestOf(i), options))).toEqual(cardsOf(evaluate(i, undefined, options)));
    }
  });

  it('one chart, many single-order checks: each gives what evaluate gives for that order alone', () => {
    const i = busy();
    const chart = prepareChart(i.context);
    for (const d of i.draftOrders) {
      const one: EvaluateInput = { ...i, draftOrders: [d] };
      expect(cardsOf(evaluatePrepared(chart, requestOf(one), { suggestions: false }))).toEqual(cardsOf(evaluate(one, undefined, { suggestions: false })));
    }
  });

  it('a draft that is also in the chart (an edited active order) is counted once, as the draft', () => {
    const active = med('7258', { dose: { value: 250, unit: 'mg', perDay: 2 } });
    const context = adult({ activeMedications: [...adult().activeMedications, active] });
    const edited = { ...active, dosageInstruction: naproxen().dosageInstruction ?? [] };
    const i = input(context, [edited]);
    const cards = cardsOf(evaluatePrepared(prepareChart(context), requestOf(i)));
    expect(cards).toEqual(cardsOf(evaluate(i)));
    expect(cards.some((c) => c.extension['lantern.rule'] === 'duplication')).toBe(false);
  });

  it('refuses a bad request as evaluate does', () => {
    const r = evaluatePrepared(prepareChart(patient()), { hook: 'order-sign', draftOrders: [], now: 'not a time' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('BAD_INPUT');
  });
});

describe('reprepareChart', () => {
  const rules = (cards: Card[]): string[] => [...new Set(cards.map((c) => c.extension['lantern.rule']))].sort();
  const check = (chart: ReturnType<typeof prepareChart>) => cardsOf(evaluatePrepared(chart, requestOf(input(chart.context, [naproxen()])), { suggestions: false }));
  const fresh = (context: PatientContext) => cardsOf(evaluate(input(context, [naproxen()]), undefined, { suggestions: false }));

  it('follows every kind of change to the chart: the cards are those of a chart prepared afresh', () => {
    let context = adult();
    let chart = prepareChart(context);
    check(chart); // fills the memo (problems, allergies, kidney function) from the chart as it was
    const steps: ((c: PatientContext) => PatientContext)[] = [
      // A new problem: chronic kidney disease makes the NSAID a disease card.
      (c) => ({ ...c, conditions: [...c.conditions, condition('N18.4')] }),
      // A new allergy: an NSAID allergy blocks naproxen.
      (c) => ({ ...c, allergies: [...c.allergies, allergy({ code: '7258' })] }),
      // A worse creatinine: a new renal band.
      (c) => ({ ...c, labs: [lab('2160-0', 4.2, 'mg/dL', '2026-11-22T08:00:00Z')] }),
      // A new weight and age (CrCl reads both).
      (c) => ({ ...c, weightKg: 45, ageYears: 85 }),
      // An active order changed (a new object with the same id) and one stopped.
      (c) => ({ ...c, activeMedications: [med('11289', { dose: { value: 7.5, unit: 'mg' } }), med('5640', { dose: { value: 400, unit: 'mg', perDay: 3 } })] }),
      (c) => ({ ...c, activeMedications: c.activeMedications.slice(1) }),
    ];
    const seen: string[][] = [];
    for (const step of steps) {
      context = step(context);
      chart = reprepareChart(chart, context);
      const cards = check(chart);
      expect(cards).toEqual(fresh(context));
      seen.push(rules(cards));
    }
    expect(seen[0]).toContain('drug-disease');
    expect(seen[1]).toContain('drug-allergy');
  });

  it('keeps what did not change: the resolved orders and the memo entries of unchanged parts', () => {
    const context = adult({ conditions: [condition('N18.4')] });
    const chart = prepareChart(context);
    check(chart);
    const next = reprepareChart(chart, { ...context, activeMedications: [...context.activeMedications, med('5640')] });
    expect(next.active[0]).toBe(chart.active[0]);
    expect(next.memo.problems).toBe(chart.memo.problems);
    expect(next.memo.renal).toBe(chart.memo.renal);
    expect(reprepareChart(chart, context)).toBe(chart);
  });

  it('resolves the orders as prepareChart does whatever changed in the list (added, removed, replaced, reordered)', () => {
    const orders = ['11289', '5640', '7258', '83367', '21212', '36567'].map((rx) => med(rx, { dose: { value: 10, unit: 'mg' } }));
    const lists = [
      orders, orders.slice(1), [orders[0], ...orders.slice(3)], [...orders].reverse(), [med('2670'), ...orders], orders.map((o, i) => (i % 2 === 0 ? { ...o } : o)), [],
    ].map((l) => l.filter((o) => o !== undefined));
    let chart = prepareChart(adult({ activeMedications: orders }));
    for (const activeMedications of [...lists, ...lists.slice().reverse()]) {
      const context = { ...chart.context, activeMedications };
      chart = reprepareChart(chart, context);
      expect(chart.active).toEqual(prepareChart(context).active);
      expect(chart.active.map((r) => r.resource)).toEqual(activeMedications);
    }
  });
});

describe("the chart's index of its orders (active-index.ts)", () => {
  const request = (order: MedicationRequest): EvaluateRequest => ({ hook: 'order-sign', draftOrders: [order], now: '2026-11-23T12:00:00Z', userId: 'user-clinician-1' });
  /** An order of the chart at another daily dose (same id), as a dose change brings it. */
  const atDose = (order: MedicationRequest, value: number, unit = 'mg'): MedicationRequest => ({
    ...order, dosageInstruction: [{ timing: { repeat: { frequency: 4, period: 1, periodUnit: 'd' } }, doseAndRate: [{ doseQuantity: { value, unit, code: unit } }] }],
  });

  it('dose sums across the orders sharing an ingredient are those of evaluate, through dose changes and list changes', () => {
    // Acetaminophen alone and in hydrocodone/acetaminophen: the dose-range card sums both.
    const norco = med('857002', { dose: { value: 2, unit: '{tbl}', perDay: 4 } });
    const apap = med('161', { dose: { value: 500, unit: 'mg', perDay: 4 } });
    let context = adult({ activeMedications: [...adult().activeMedications, norco, apap] });
    let chart = prepareChart(context);
    const steps: { order: MedicationRequest; list?: (c: PatientContext) => MedicationRequest[] }[] = [
      { order: atDose(apap, 1000) }, { order: atDose(apap, 500) }, { order: atDose(norco, 3, '{tbl}') },
      { order: atDose(apap, 1000), list: (c) => [...c.activeMedications, med('161', { dose: { value: 650, unit: 'mg', perDay: 3 }, key: 'second' })] },
      { order: atDose(apap, 325), list: (c) => c.activeMedications.filter((m) => m.id !== norco.id) },
    ];
    let summed = 0;
    for (const step of steps) {
      if (step.list !== undefined) {
        context = { ...context, activeMedications: step.list(context) };
        chart = reprepareChart(chart, context);
      }
      for (const options of [{}, { suggestions: false, bodies: 'critical' as const }]) {
        const cards = cardsOf(evaluatePrepared(chart, request(step.order), options));
        expect(cards).toEqual(cardsOf(evaluate(input(context, [step.order]), undefined, options)));
        summed += cards.filter((c) => c.extension['lantern.rule'] === 'dose-range' && c.extension['lantern.related'].length > 0).length;
      }
      context = { ...context, activeMedications: context.activeMedications.map((m) => (m.id === step.order.id ? step.order : m)) };
      const next = reprepareChart(chart, context);
      if (step.list === undefined) expect(next.memo.index).toBe(chart.memo.index);
      chart = next;
    }
    expect(summed).toBeGreaterThan(0);
  });

  it('two orders with one id (a chart not built by buildPatientContext): both are left out for the draft, as evaluate does', () => {
    const a = med('161', { dose: { value: 500, unit: 'mg', perDay: 4 } });
    const context = adult({ activeMedications: [a, { ...a }] });
    const draftOrder = atDose(a, 1000);
    expect(cardsOf(evaluatePrepared(prepareChart(context), request(draftOrder)))).toEqual(cardsOf(evaluate(input(context, [draftOrder]))));
  });

  it("the chart's own entry for the draft's id is never read: any version of it, or none, gives the cards of the chart as it really is", () => {
    // The server keeps a chart across a patient's dose changes without carrying each changed order
    // into it: the chart may hold an earlier version of the order being checked, or lack it.
    const norco = med('857002', { dose: { value: 2, unit: '{tbl}', perDay: 4 } });
    const apap = med('161', { dose: { value: 500, unit: 'mg', perDay: 4 } });
    const nsaid = med('7258', { dose: { value: 250, unit: 'mg', perDay: 2 } });
    const others = [...adult().activeMedications, norco];
    const real = adult({ activeMedications: others, conditions: [condition('N18.4')], allergies: [allergy({ code: '7258' })] });
    const stale = (order: MedicationRequest): MedicationRequest[] => [
      atDose(order, 1), atDose(order, 50_000), { ...order, status: 'stopped' }, { ...med('11289'), id: order.id ?? '' }, { ...med('7454', { dose: { value: 100, unit: 'mg' } }), id: order.id ?? '' },
    ];
    let compared = 0;
    for (const order of [apap, atDose(apap, 1000), atDose(apap, 3000), nsaid, atDose(nsaid, 500)]) {
      const expected = (options: Parameters<typeof evaluatePrepared>[2]) => cardsOf(evaluate(input(real, [order]), undefined, options));
      for (const entry of [...stale(order), null]) {
        const chart = prepareChart({ ...real, activeMedications: entry === null ? others : [entry, ...others, entry] });
        // Twice: the second check reads what the first remembered (repeat-findings.ts).
        for (const options of [{ suggestions: false, bodies: 'critical' as const }, { suggestions: false, bodies: 'critical' as const }, {}]) {
          expect(cardsOf(evaluatePrepared(chart, request(order), options))).toEqual(expected(options));
          compared += 1;
        }
      }
    }
    expect(compared).toBe(90);
  });
});
