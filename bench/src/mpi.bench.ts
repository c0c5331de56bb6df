/**
 * Master patient index quality and speed: a generated population of 100,000 patients (the
 * server's scale) with known duplicates. Every duplicate registration and as many newcomers (people
 * in nobody's records) are checked against the index; truth is known, so precision and recall are
 * exact; one newcomer in ten is a twin of an indexed patient. Targets: precision >= 0.99 at the certain threshold, recall >= 0.95 within the review
 * band (score >= review), under 5 ms per registration check.
 * Run alone with `pnpm --filter @lantern/bench exec tsx src/mpi.bench.ts` (MPI_SIZE to change the size).
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_MATCH_CONFIG, DUPLICATE_KINDS, MatchIndex, makeDuplicate, matchPersonFromPatient, newcomer, populationPatient, twinOf,
  type DuplicateKind, type MatchConfig,
} from '@lantern/core/mpi';
import { stats, ms } from './stats.ts';

const SEED = 20261203;

export interface MpiQuality {
  size: number;
  duplicates: number;
  newcomers: number;
  precisionCertain: number;
  recallCertain: number;
  recallReview: number;
  /** Review-band candidates per newcomer (HIM work that is not a duplicate). */
  falseReviewPerNewcomer: number;
  recallReviewByKind: Partial<Record<DuplicateKind, { n: number; recall: number }>>;
  msPerCheck: { median: number; p99: number; mean: number };
  buildMs: number;
}

export function measureMpi(size: number, duplicates: number, newcomers: number, config: MatchConfig = DEFAULT_MATCH_CONFIG): MpiQuality {
  const index = new MatchIndex(config);
  const buildStart = performance.now();
  const ids: string[] = [];
  for (let i = 0; i < size; i++) {
    const p = matchPersonFromPatient(populationPatient(SEED, i));
    ids.push(p.id);
    index.add(p);
  }
  const buildMs = performance.now() - buildStart;

  let certainPairs = 0;
  let certainTrue = 0;
  let foundCertain = 0;
  let foundReview = 0;
  let falseReview = 0;
  const byKind = new Map<DuplicateKind, { n: number; hit: number }>();
  const times: number[] = [];

  for (let n = 0; n < duplicates; n++) {
    const dup = makeDuplicate(SEED, size, n);
    const t = performance.now();
    const found = index.match(matchPersonFromPatient(dup.patient));
    times.push(performance.now() - t);
    const truth = ids[dup.originalIndex];
    const hit = found.find((c) => c.id === truth);
    for (const c of found) if (c.grade === 'certain') { certainPairs++; if (c.id === truth) certainTrue++; }
    if (hit?.grade === 'certain') foundCertain++;
    if (hit !== undefined) foundReview++;
    for (const kind of dup.kinds) {
      const k = byKind.get(kind) ?? { n: 0, hit: 0 };
      k.n++;
      if (hit !== undefined) k.hit++;
      byKind.set(kind, k);
    }
  }
  // Newcomers: one in ten is a twin of someone indexed (a true non-match that looks like a duplicate).
  for (let n = 0; n < newcomers; n++) {
    const person = matchPersonFromPatient(n % 10 === 0 ? twinOf(SEED, size, n) : newcomer(SEED, size, n));
    const t = performance.now();
    const found = index.match(person);
    times.push(performance.now() - t);
    for (const c of found) {
      if (c.grade === 'certain') certainPairs++;
      else falseReview++;
    }
  }
  const s = stats(times);
  const recallReviewByKind: MpiQuality['recallReviewByKind'] = {};
  for (const kind of DUPLICATE_KINDS) {
    const k = byKind.get(kind);
    if (k !== undefined) recallReviewByKind[kind] = { n: k.n, recall: k.hit / k.n };
  }
  return {
    size, duplicates, newcomers,
    precisionCertain: certainPairs === 0 ? 1 : certainTrue / certainPairs,
    recallCertain: foundCertain / duplicates,
    recallReview: foundReview / duplicates,
    falseReviewPerNewcomer: falseReview / Math.max(1, newcomers),
    recallReviewByKind,
    msPerCheck: { median: s.median, p99: s.p99, mean: times.reduce((a, b) => a + b, 0) / Math.max(1, times.length) },
    buildMs,
  };
}

export const mpiBench = {
  name: 'mpi',
  async run(): Promise<void> {
    const size = Number(process.env.MPI_SIZE ?? 100_000);
    const q = measureMpi(size, 10_000, 5_000);
    console.log(`\nmpi: ${q.size} patients indexed in ${(q.buildMs / 1000).toFixed(1)} s; ${q.duplicates} duplicate registrations, ${q.newcomers} newcomers (load ${loadavg()[0]?.toFixed(2)})`);
    console.log(`  precision at certain ${q.precisionCertain.toFixed(4)} (target >= 0.99); recall at certain ${q.recallCertain.toFixed(4)}`);
    console.log(`  recall within review band ${q.recallReview.toFixed(4)} (target >= 0.95); review candidates per newcomer ${q.falseReviewPerNewcomer.toFixed(3)}`);
    for (const [kind, k] of Object.entries(q.recallReviewByKind)) console.log(`    ${kind.padEnd(18)} n=${String(k.n).padStart(5)} recall ${k.recall.toFixed(4)}`);
    console.log(`  per registration check: median ${ms(q.msPerCheck.median)}, p99 ${ms(q.msPerCheck.p99)}, mean ${ms(q.msPerCheck.mean)} (target < 5 ms)`);
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) await mpiBench.run();
