/**
 * The CDS engine benchmark: one order-sign evaluation for a patient with
 * 40 active medications, 10 allergies and 20 conditions, in-process. Target p99 <= 1 ms.
 * Then, for the server's medication gate: a dose change of one order re-checked on that chart
 * prepared once (core gateMedicationWrite), on one chart and on 2,000 charts in turn (as a catch-up
 * push checks one patient after another: each chart is then cold in the CPU's caches). No target
 * of its own: it says where the gate's cost in `push-gate` comes from.
 * Run alone with `pnpm --filter @lantern/bench exec tsx src/cds.bench.ts`.
 */
import { loadavg } from 'node:os';
import { PerformanceObserver, constants as perfConstants, type PerformanceEntry } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  defaultKnowledgeBase, evaluate, prepareChart, type EvaluateInput, type PatientContext,
} from '@lantern/core/cds';
import { gateMedicationWrite, medicationChange } from '@lantern/core/orders';
import type { AllergyIntolerance, Condition, MedicationRequest, ServiceRequest } from '@lantern/core';

const RX = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const PATIENT = '0b7e6c1a-2d3f-4a5b-8c9d-0e1f2a3b4c5d';
const subject = { reference: `Patient/${PATIENT}` };
const NOW = '2026-11-23T12:00:00Z';

// 40 common outpatient ingredients and products (RxNorm), each with a dose so dose checks run.
const ACTIVE: [string, number, string, number][] = [
  ['83367', 40, 'mg', 1], ['10582', 0.1, 'mg', 1], ['6809', 1000, 'mg', 2], ['29046', 20, 'mg', 1], ['17767', 10, 'mg', 1],
  ['6918', 50, 'mg', 2], ['435', 0.09, 'mg', 4], ['7646', 20, 'mg', 1], ['25480', 300, 'mg', 3], ['5487', 25, 'mg', 1],
  ['36437', 100, 'mg', 1], ['88249', 10, 'mg', 1], ['4603', 40, 'mg', 1], ['10737', 50, 'mg', 1], ['41126', 0.05, 'mg', 2],
  ['77492', 0.4, 'mg', 1], ['20352', 12.5, 'mg', 2], ['41493', 15, 'mg', 1], ['32968', 75, 'mg', 1], ['8640', 10, 'mg', 1],
  ['8591', 20, 'mg', 1], ['596', 0.5, 'mg', 2], ['21949', 10, 'mg', 3], ['519', 300, 'mg', 1], ['9997', 25, 'mg', 1],
  ['4821', 5, 'mg', 2], ['1364430', 5, 'mg', 2], ['28889', 10, 'mg', 1], ['593411', 100, 'mg', 1], ['187832', 75, 'mg', 2],
  ['25025', 5, 'mg', 1], ['2683', 0.6, 'mg', 1], ['4278', 20, 'mg', 2], ['3407', 0.125, 'mg', 1], ['857002', 1, '{tbl}', 4],
  ['42347', 150, 'mg', 2], ['2418', 0.025, 'mg', 1], ['1897', 500, 'mg', 2], ['4511', 1, 'mg', 1], ['7454', 100, 'mg', 2],
];
const ALLERGY_CODES = ['70618', '10180', '5640', '2670', '4053', '7052', '3640', '2551', '29046', '6922'];
const ICD10 = ['E11.9', 'I10', 'E78.5', 'N18.3', 'I48.91', 'J45.909', 'K21.9', 'F32.9', 'M17.11', 'G47.00',
  'E03.9', 'N40.1', 'M10.9', 'I50.9', 'E55.9', 'D64.9', 'G62.9', 'F41.1', 'M54.50', 'E66.9'];

function medication(rxcui: string, value: number, unit: string, perDay: number, i: number, status: 'active' | 'draft'): MedicationRequest {
  return {
    resourceType: 'MedicationRequest', id: `med-${status}-${i}`, status, intent: 'order', subject,
    medicationCodeableConcept: { coding: [{ system: RX, code: rxcui }] },
    dosageInstruction: [{ timing: { repeat: { frequency: perDay, period: 1, periodUnit: 'd' } }, doseAndRate: [{ doseQuantity: { value, unit, code: unit } }] }],
  };
}

export function benchInput(): EvaluateInput {
  const allergies: AllergyIntolerance[] = ALLERGY_CODES.map((code, i) => ({
    resourceType: 'AllergyIntolerance', id: `allergy-${i}`, patient: subject, code: { coding: [{ system: RX, code }] },
  }));
  const conditions: Condition[] = ICD10.map((code, i) => ({
    resourceType: 'Condition', id: `condition-${i}`, subject, code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code }] },
  }));
  const recentOrders: ServiceRequest[] = [{
    resourceType: 'ServiceRequest', id: 'sr-cbc', status: 'active', intent: 'order', subject,
    code: { coding: [{ system: 'http://loinc.org', code: '58410-2' }] }, authoredOn: '2026-11-23T06:00:00Z',
  }];
  const context: PatientContext = {
    patientId: PATIENT, ageYears: 71, sex: 'female', weightKg: 68,
    activeMedications: ACTIVE.map(([rx, v, u, f], i) => medication(rx, v, u, f, i, 'active')),
    allergies, conditions, recentOrders,
    labs: [
      { resourceType: 'Observation', id: 'egfr', status: 'final', subject, code: { coding: [{ system: 'http://loinc.org', code: '98979-8' }] }, effectiveDateTime: '2026-11-20T08:00:00Z', valueQuantity: { value: 41, unit: 'mL/min/{1.73_m2}' } },
      { resourceType: 'Observation', id: 'scr', status: 'final', subject, code: { coding: [{ system: 'http://loinc.org', code: '2160-0' }] }, effectiveDateTime: '2026-11-20T08:00:00Z', valueQuantity: { value: 1.3, unit: 'mg/dL' } },
    ],
  };
  return {
    hook: 'order-sign', context, now: NOW, userId: 'bench-user',
    draftOrders: [
      medication('36567', 40, 'mg', 1, 0, 'draft'),   // simvastatin: ONC critical with nothing here, duplication with atorvastatin
      medication('21212', 500, 'mg', 2, 1, 'draft'),  // clarithromycin: ONC critical with the simvastatin draft, QT, colchicine, digoxin
      medication('198440', 2, '{tbl}', 3, 2, 'draft'), // acetaminophen 500 mg: summed with Norco
      { resourceType: 'ServiceRequest', id: 'sr-draft-cbc', status: 'draft', intent: 'order', subject, code: { coding: [{ system: 'http://loinc.org', code: '58410-2' }] }, authoredOn: NOW },
    ],
  };
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

export const cdsBench = {
  name: 'cds',
  async run(): Promise<void> {
    const kbStart = performance.now();
    const kb = defaultKnowledgeBase();
    const kbMs = performance.now() - kbStart;
    const input = benchInput();
    const first = evaluate(input, kb);
    if (!first.ok) throw first.error;
    // 5 rounds of 4,000: on a shared machine another process can preempt this one for milliseconds;
    // the per-round p99s show whether a bad p99 is the engine (every round) or interference (one round).
    const rounds = 5;
    const perRound = 4_000;
    const iterations = rounds * perRound;
    for (let i = 0; i < 2_000; i++) evaluate(input, kb);
    // Wall-clock time, and the process's CPU time for the same call: on a shared 2-core machine the
    // wall p99 also measures how often another process preempts this one; CPU time does not.
    const samples: number[] = [];
    const cpu: number[] = [];
    const roundP99: number[] = [];
    // Young-generation collections (scavenges) during the measured calls: a call that meets one
    // pays its pause, so the p99 depends on whether more than 1% of calls do, i.e. on how much
    // one evaluation allocates.
    let scavenges = 0;
    let scavengeMs = 0;
    const gcObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const detail: unknown = (e as PerformanceEntry & { detail?: unknown }).detail;
        const kind = typeof detail === 'object' && detail !== null && 'kind' in detail ? detail.kind : undefined;
        if (kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) {
          scavenges += 1;
          scavengeMs += e.duration;
        }
      }
    });
    gcObserver.observe({ entryTypes: ['gc'] });
    for (let r = 0; r < rounds; r++) {
      const round: number[] = [];
      for (let i = 0; i < perRound; i++) {
        const c = process.cpuUsage();
        const t = performance.now();
        evaluate(input, kb);
        const wall = performance.now() - t;
        const d = process.cpuUsage(c);
        round.push(wall);
        samples.push(wall);
        cpu.push((d.user + d.system) / 1000);
      }
      round.sort((a, b) => a - b);
      roundP99.push(percentile(round, 0.99));
    }
    await new Promise((resolve) => setTimeout(resolve, 10)); // gc entries are delivered asynchronously
    gcObserver.disconnect();
    samples.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    const p50 = percentile(samples, 0.5);
    const p99 = percentile(samples, 0.99);
    const medianRoundP99 = [...roundP99].sort((a, b) => a - b)[Math.floor(rounds / 2)] ?? Number.NaN;
    const byIndicator = first.value.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c.indicator]: (acc[c.indicator] ?? 0) + 1 }), {});
    const line = (s: string): void => void process.stdout.write(`${s}\n`);
    line(`cds: knowledge base ${kb.version}: ${kb.ingredients.size} ingredients, ${kb.pairs.size} interacting ingredient pairs, loaded in ${kbMs.toFixed(1)} ms`);
    line(`cds: order-sign, 40 active meds, 10 allergies, 20 conditions, 4 draft orders -> ${first.value.length} cards ${JSON.stringify(byIndicator)}`);
    line(`cds: evaluate x${iterations} wall: p50 ${p50.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms, max ${(samples.at(-1) ?? 0).toFixed(3)} ms (target p99 <= 1 ms: ${p99 <= 1 ? 'met' : 'NOT met'})`);
    line(`cds: per-round wall p99 (${rounds} x ${perRound}): ${roundP99.map((x) => x.toFixed(3)).join(', ')} ms; median round ${medianRoundP99.toFixed(3)} ms`);
    line(`cds: ${scavenges} young-generation collections in ${iterations} calls (1 per ${scavenges === 0 ? '-' : Math.round(iterations / scavenges)} calls, ${(100 * scavenges / iterations).toFixed(2)}% of calls), mean pause ${scavenges === 0 ? '-' : (scavengeMs / scavenges).toFixed(2)} ms`);
    line(`cds: evaluate x${iterations} cpu:  p50 ${percentile(cpu, 0.5).toFixed(3)} ms, p99 ${percentile(cpu, 0.99).toFixed(3)} ms, max ${(cpu.at(-1) ?? 0).toFixed(3)} ms; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    for (const charts of [1, 2_000]) {
      const r = gateRecheck(input.context, charts);
      line(`cds: medication gate, a dose change re-checked on the prepared chart, ${charts === 1 ? 'one chart' : `${charts.toLocaleString('en')} charts in turn`}: ${r.us.toFixed(2)} us CPU per check (${r.cards} cards each)`);
    }
  },
};

/** Naproxen on the chart, at the dose given (the order the gate re-checks). */
const naproxen = (dose: number): MedicationRequest => ({
  resourceType: 'MedicationRequest', id: 'med-gated', status: 'active', intent: 'order', subject,
  medicationCodeableConcept: { coding: [{ system: RX, code: '7258' }] },
  dosageInstruction: [{ timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } }, doseAndRate: [{ doseQuantity: { value: dose, unit: 'mg', code: 'mg' } }] }],
});

/** Mean CPU per gate check over `charts` copies of the chart, each dose change on the next chart (250 <-> 500 mg). */
function gateRecheck(context: PatientContext, charts: number): { us: number; cards: number } {
  const low = naproxen(250);
  const high = naproxen(500);
  const prepared = Array.from({ length: charts }, () => prepareChart(structuredClone({ ...context, activeMedications: [...context.activeMedications, low] })));
  const run = (n: number): number => {
    let cards = 0;
    for (let i = 0; i < n; i++) {
      const chart = prepared[i % charts] as (typeof prepared)[number];
      const [before, after] = Math.floor(i / charts) % 2 === 0 ? [low, high] : [high, low];
      const r = gateMedicationWrite({ before, after, context: chart.context, chart, now: NOW, userId: 'bench-user', changes: medicationChange(before, after) });
      if (!r.ok) throw r.error;
      cards += r.value.cards.length;
    }
    return cards;
  };
  run(Math.max(20_000, 4 * charts)); // warm-up: compiled, and every chart has remembered its cards
  const n = 100_000;
  const c = process.cpuUsage();
  const cards = run(n);
  const d = process.cpuUsage(c);
  return { us: (d.user + d.system) / n, cards: Math.round(cards / n) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await cdsBench.run();
