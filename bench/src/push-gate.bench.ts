/**
 * What the server's medication re-check costs sync.push: catch-up batches (500, as the workstation
 * sends them) of dose changes pushed with and without the gate, in turn, on one server
 * (`push-gate.child.ts`), for minimal charts and for outpatient charts of 40 medications. Targets:
 * the gate adds at most 10% (CPU per mutation, Node and the Postgres backends, which another
 * process's load changes less than wall time; the wall-clock cost is printed beside it), and at
 * most 25 us of Node + Postgres CPU per gated mutation in absolute terms.
 * Run alone with `pnpm --filter @lantern/bench exec tsx src/push-gate.bench.ts`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchSuite } from './suite.ts';

interface SideOut { mutationsPerSecond: number; nodeUsPer: number; postgresUsPer: number }
interface ScenarioOut {
  mutations: number; reads: { fromFeed: number; current: number }; withGate: SideOut; withoutGate: SideOut; wallCostPercent: number; cpuCostPercent: number;
  gateUsPer: number; gateNodeUsPer: number; gatePostgresUsPer: number; postgresBackgroundUsPer: number;
  medianGateUsPer: number; medianGateNodeUsPer: number; medianGatePostgresUsPer: number; medianCpuCostPercent: number;
}
interface Output {
  batch: number; rounds: number; warmup: number; minimal: ScenarioOut; outpatient: ScenarioOut;
  /** What the gate evaluated over the whole run (the child stops if a batch was not really checked). */
  gate: { evaluated: number; cardsByRule: Record<string, number> };
  loadAverageAtStart: number[]; loadAverageAtEnd: number[] }

function runChild(): Promise<Output> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./push-gate.child.ts', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`push-gate bench exited with ${String(code)}`));
      else resolve(JSON.parse(out.slice(out.indexOf('{'))) as Output);
    });
  });
}

const TARGET_PERCENT = 10;
/**
 * The gate's own cost per gated mutation (Node + Postgres CPU): push itself keeps getting cheaper,
 * so the percentage alone would let the gate's share grow while its cost stood still.
 */
const TARGET_US = 25;
const met = (ok: boolean): string => (ok ? 'met' : 'NOT met');

const line = (what: string, s: ScenarioOut): string =>
  `${what}: with the gate ${s.withGate.mutationsPerSecond.toLocaleString('en')}/s, without ${s.withoutGate.mutationsPerSecond.toLocaleString('en')}/s (wall cost ${s.wallCostPercent}%); ` +
  `CPU per mutation ${s.withGate.nodeUsPer} + ${s.withGate.postgresUsPer} us vs ${s.withoutGate.nodeUsPer} + ${s.withoutGate.postgresUsPer} us (Node + Postgres): ` +
  `the gate costs ${s.gateUsPer} us per mutation (Node ${s.gateNodeUsPer} + Postgres ${s.gatePostgresUsPer}; target <= ${TARGET_US} us: ${met(s.gateUsPer <= TARGET_US)}), ` +
  `${s.cpuCostPercent}% of push (target <= ${TARGET_PERCENT}%: ${met(s.cpuCostPercent <= TARGET_PERCENT)}); ` +
  `median of batch pairs: ${s.medianGateUsPer} us (Node ${s.medianGateNodeUsPer}, Postgres ${s.medianGatePostgresUsPer}), ${s.medianCpuCostPercent}%; ` +
  `Postgres background processes ${s.postgresBackgroundUsPer} us per mutation, out of the comparison; ` +
  `the gate's record reads: ${s.reads.current.toLocaleString('en')} current without the change feed (nobody else wrote), ${s.reads.fromFeed.toLocaleString('en')} from it`;

export const pushGateBench: BenchSuite = {
  name: 'push-gate',
  async run() {
    console.log('\n== Medication gate on sync.push (catch-up batches of dose changes of knowledge-base drugs, with and without the gate, interleaved) ==');
    const r = await runChild();
    if (process.env['LANTERN_BENCH_PG_SIDE'] !== undefined) {
      console.log(`one side only (${process.env['LANTERN_BENCH_PG_SIDE']}), for profiles: no comparison`);
      return;
    }
    console.log(line('minimal charts (one order each)', r.minimal));
    console.log(line('outpatient charts (40 medications, 10 allergies, 20 conditions)', r.outpatient));
    console.log(`the gate evaluated ${r.gate.evaluated.toLocaleString('en')} orders (naproxen, tramadol, metformin, nitrofurantoin), cards by rule: ${Object.entries(r.gate.cardsByRule).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    console.log(`${r.rounds} batches of ${r.batch} per side and chart after ${r.warmup} warm-up rounds; load average at start ${r.loadAverageAtStart.join(' ')}, at end ${r.loadAverageAtEnd.join(' ')}`);
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) await pushGateBench.run();
