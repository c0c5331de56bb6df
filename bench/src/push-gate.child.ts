/**
 * The medication gate's cost on sync.push, in its own process (a real sync server on embedded
 * Postgres with durable settings, and the bench client in the same process, as the server's own
 * push bench does). Every measured mutation is a dose change of an active MedicationRequest, so the
 * server re-checks each one with the CDS engine against the patient's stored record.
 *
 * With and without the gate: the same server, batches of the same dose changes for two sets of
 * patients alike, in turn (see `scenario`). "Without" is a switch that exists only in this bench
 * process: it wraps `PushMedicationGate` so that it loads no patient and checks nothing. The server
 * itself has no way to turn the gate off.
 *
 * Two kinds of chart: "minimal" (the push suite's patients: the one order), and "outpatient" (the
 * CDS bench's patient: 40 active medications, 10 allergies, 20 conditions, eGFR and creatinine,
 * weight), where the engine checks against 40 orders. The gate's record cache (one per server
 * process) reads each patient's 73 rows once, then only what changed since (here: the previous
 * gated batch's dose change, applied in place at its commit), in the first warm-up round.
 * Prints one JSON object.
 */
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ok, type PushOutput, type ResourceJson } from '@lantern/core';
import { withTx } from '../../apps/sync-server/src/db/database.ts';
import { bulkInsertResources } from '../../apps/sync-server/src/db/resources.ts';
import { PushMedicationGate } from '../../apps/sync-server/src/medication-gate/push-gate.ts';
import { medicationGateTally } from '../../apps/sync-server/src/medication-gate/server-gate.ts';
import { patientContextCacheOf } from '../../apps/sync-server/src/medication-gate/patient-context-cache.ts';
import { nodeCpuMs, postgresCpuSplitSampler } from '../../apps/sync-server/src/bench/proc-cpu.ts';
import { startServer } from '../../apps/sync-server/src/server.ts';
import { mutation, type Json } from '../../apps/sync-server/src/testing/fixtures.ts';
import { login, must, type Session } from '../../apps/sync-server/src/testing/harness.ts';
import { benchInput } from './cds.bench.ts';
import { startChildProfiler } from './child-profiler.ts';

/**
 * Mutations per push: the workstation's catch-up batch (the host's sync loop sends 500, the most
 * sync.push takes), so the gate's per-batch work (one read of the change feed) weighs on each
 * mutation as it does in a catch-up. LANTERN_BENCH_PG_BATCH sets another size (it was 100; those
 * figures are in bench/HISTORY.md).
 */
const BATCH = Number(process.env['LANTERN_BENCH_PG_BATCH'] ?? 500);
/**
 * Measured batches per chart kind and per side (gate on / off), interleaved on, off, on, off...
 * 100: a pair's difference spreads over tens of microseconds either way on this 2-core VM (a
 * collection or another process lands in one batch of the pair; minimal charts' deciles ran from
 * -29 to +59 us in one run), and the median of 40 pairs moved 3-5 points run to run.
 * LANTERN_BENCH_PG_ROUNDS sets another count.
 */
const ROUNDS = Number(process.env['LANTERN_BENCH_PG_ROUNDS'] ?? 100);
/**
 * Unmeasured rounds first, each way: a server runs for days, so the gate's steady cost is what
 * matters, not V8 compiling the engine on its first few thousand checks. Compiling runs on V8's
 * worker threads and counts as this process's CPU: with one warm-up batch of 100, 60 measured
 * rounds of 100 put ~40 us per gated mutation of compilation on the gated side (gone after ~4,000
 * checks). LANTERN_BENCH_PG_WARMUP sets another count.
 */
const WARMUP = Number(process.env['LANTERN_BENCH_PG_WARMUP'] ?? 20);
const load = (): number[] => loadavg().map((x) => +x.toFixed(1));
/**
 * Profiling: LANTERN_BENCH_PG_PROFILE=<prefix> writes this process's CPU profile of each chart
 * kind's measured batches (after its warm-up batch) to <prefix>.minimal.cpuprofile and
 * <prefix>.outpatient.cpuprofile; LANTERN_BENCH_PG_SIDE=on|off runs every batch on that side only,
 * so two profiles compare the gate's cost function by function (the summary is then half empty).
 */
const PROFILE = process.env['LANTERN_BENCH_PG_PROFILE'];
const ONE_SIDE = process.env['LANTERN_BENCH_PG_SIDE'];
const SIDES = ONE_SIDE === 'on' ? [true] : ONE_SIDE === 'off' ? [false] : [true, false];

// The bench-only switch (see the file comment).
let gateOn = true;
const realPrepare = PushMedicationGate.prepare.bind(PushMedicationGate);
const realCheck = Object.getOwnPropertyDescriptor(PushMedicationGate.prototype, 'check')?.value as PushMedicationGate['check'];
PushMedicationGate.prepare = (q, mutations, actor, now) => realPrepare(q, gateOn ? mutations : [], actor, now);
PushMedicationGate.prototype.check = function check(this: PushMedicationGate, m, before, after) {
  return gateOn ? realCheck.call(this, m, before, after) : ok([]);
};
/** Knowledge-base drugs and the two doses each order alternates between (mg daily; both within limits, no critical card on either chart). */
const DRUGS = [
  { rxcui: '7258', name: 'naproxen', doses: [250, 500] },
  { rxcui: '10689', name: 'tramadol', doses: [50, 100] },
  { rxcui: '6809', name: 'metformin', doses: [500, 1000] },
  { rxcui: '7454', name: 'nitrofurantoin', doses: [50, 100] },
] as const;
type Drug = (typeof DRUGS)[number];
/** Rule families the outpatient orders must raise cards from, so the engine's real checks are measured. */
const OUTPATIENT_RULES = ['drug-drug', 'drug-allergy', 'drug-disease', 'renal'];

function order(patientId: string, id: string, drug: Drug, doseMg: number): Json {
  return {
    resourceType: 'MedicationRequest', id, status: 'active', intent: 'order', subject: { reference: `Patient/${patientId}` },
    medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: drug.rxcui, display: drug.name }], text: drug.name },
    authoredOn: '2026-11-20T10:00:00Z',
    dosageInstruction: [{ sequence: 1, text: `${doseMg} mg daily`, doseAndRate: [{ doseQuantity: { value: doseMg, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } }] }],
  };
}

/** The gate's tally (server-gate.ts) since `from`: evaluations and cards by rule. */
function tallySince(from: { evaluated: number; cards: Map<string, number> }): { evaluated: number; cards: Map<string, number> } {
  const cards = new Map<string, number>();
  for (const [rule, n] of medicationGateTally.cardsByRule) cards.set(rule, n - (from.cards.get(rule) ?? 0));
  return { evaluated: medicationGateTally.evaluated - from.evaluated, cards };
}
const tallyNow = () => ({ evaluated: medicationGateTally.evaluated, cards: new Map(medicationGateTally.cardsByRule) });

interface Side {
  mutations: number; wallMs: number; nodeMs: number;
  /** Postgres CPU of the client backends (the push's queries and the gate's), and of the background processes. */
  pgMs: number; pgBackgroundMs: number;
  /** Node + Postgres CPU per mutation (us), batch by batch, and each part alone. */
  batchUs: number[]; batchNodeUs: number[]; batchPgUs: number[];
}
const side = (): Side => ({ mutations: 0, wallMs: 0, nodeMs: 0, pgMs: 0, pgBackgroundMs: 0, batchUs: [], batchNodeUs: [], batchPgUs: [] });

const dataDir = await mkdtemp(join(tmpdir(), 'lantern-push-gate-bench-'));
await chmod(dataDir, 0o755);
const loadAtStart = load();
const server = await startServer({ port: 0, dataDir, demo: true, demoPatients: 20, demoHeavyPatient: false, logLevel: 'silent',
  // One token sends far more than a workstation would: measure throughput, not the per-token rate limit.
  rateLimitPerMinute: 100_000_000,
  // Work of the server's background loops lands in whichever batch is running: noise, the same on
  // both sides (leaving it in would only lower the gate's share). No subscriptions exist here, yet
  // their dispatcher reads the change feed twice a second, waiting at its safe point for the push
  // in flight; the privacy alert processor judges each batch's audit events.
  subscriptions: { enabled: false }, privacyAlerts: { pollMs: 3_600_000 } });
const pgDir = join(dataDir, 'pg');
const postgresCpuSplitMs = postgresCpuSplitSampler(pgDir);

/** The outpatient chart of the CDS bench, under fresh ids for one patient. */
function outpatientChart(patientId: string): ResourceJson[] {
  const ctx = benchInput().context;
  const subject = { reference: `Patient/${patientId}` };
  const again = (r: Json): ResourceJson => ({ ...r, id: randomUUID(), ...('patient' in r ? { patient: subject } : { subject }) });
  const weight: Json = {
    resourceType: 'Observation', status: 'final', effectiveDateTime: '2026-11-20T08:00:00Z',
    code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] }, valueQuantity: { value: 68, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
  };
  const records: Json[] = [...ctx.activeMedications, ...ctx.allergies, ...ctx.conditions, ...ctx.labs, weight].map((r) => JSON.parse(JSON.stringify(r)) as Json);
  return [{ resourceType: 'Patient', id: patientId, gender: 'female', birthDate: '1955-06-01' }, ...records.map(again)];
}

/**
 * Two sets of BATCH patients with one order each: the gated set's batches always pass the gate, the
 * other set's never do, batch for batch in turn. Each gated read of the change feed then finds one
 * new version of each order since the last (the previous gated batch's, applied in place), as in
 * service where every batch is gated, and everything the gate does at commit counts on its side.
 * (Alternating the gate on ONE set made each gated read find two versions, the ungated batch's too,
 * and the ungated batch had to hand its writes to the gate's cache: work counted out by hand.)
 */
async function scenario(chart: 'minimal' | 'outpatient', s: Session): Promise<{ on: Side; off: Side; reads: Reads }> {
  const sets = [await patientSet(chart, s, true), await patientSet(chart, s, false)];
  const on = side();
  const off = side();
  let profiler: { stop(): Promise<void> } | null = null;
  const cacheReads = patientContextCacheOf(server.pool).reads;
  let readsAtStart: Reads = { ...cacheReads };
  // Warm-up rounds each way, then interleaved rounds (the machine's load drifts; pairs do not).
  for (let k = -WARMUP; k < ROUNDS; k++) {
    if (k === 0) {
      profiler = await startChildProfiler(PROFILE === undefined ? undefined : `${PROFILE}.${chart}.cpuprofile`);
      readsAtStart = { ...cacheReads };
    }
    for (const withGate of SIDES) {
      gateOn = withGate;
      const orders = sets[withGate ? 0 : 1] as PatientSet;
      // Low <-> high dose: a dose change every time (the gate re-checks it), always within limits.
      const batch = orders.map((o) => mutation(s, { op: 'update', patientId: o.patientId, baseVersion: o.version, resource: order(o.patientId, o.id, o.drug, o.drug.doses[o.high ? 0 : 1]) }));
      const tally0 = tallyNow();
      // Postgres first and last: reading /proc for it costs this process CPU that is not the push's.
      const p = postgresCpuSplitMs();
      const w = performance.now();
      const n = nodeCpuMs();
      const res = await push(s, batch);
      const nodeMs = nodeCpuMs() - n;
      const wallMs = performance.now() - w;
      checkTally(chart, withGate, batch.length, tallySince(tally0));
      const into = withGate ? on : off;
      if (k >= 0) {
        const pg = postgresCpuSplitMs();
        const pgMs = pg.backends - p.backends;
        into.pgBackgroundMs += pg.background - p.background;
        into.wallMs += wallMs;
        into.nodeMs += nodeMs;
        into.pgMs += pgMs;
        into.mutations += batch.length;
        into.batchUs.push(((nodeMs + pgMs) / batch.length) * 1000);
        into.batchNodeUs.push((nodeMs / batch.length) * 1000);
        into.batchPgUs.push((pgMs / batch.length) * 1000);
      }
      res.results.forEach((r, i) => {
        const o = orders[i];
        if (o === undefined) return;
        if (r.status !== 'applied') throw new Error(`order ${i} was ${r.status}${r.status === 'rejected' ? `: ${r.code}` : ''}`);
        o.version = r.version;
        o.high = !o.high;
      });
    }
  }
  await profiler?.stop();
  gateOn = true;
  return { on, off, reads: { fromFeed: cacheReads.fromFeed - readsAtStart.fromFeed, current: cacheReads.current - readsAtStart.current } };
}

/** The gate's record reads (patient-context-cache.ts): current without the change feed, or read from it. */
interface Reads { fromFeed: number; current: number }

const push = (s: Session, mutations: Json[]) => must<PushOutput>(server.url, 'sync.push', { deviceId: s.deviceId, mutations }, s.token);

type PatientSet = { patientId: string; id: string; version: string; drug: Drug; high: boolean }[];

/**
 * BATCH patients (with the outpatient chart, or only the order), each with one active order, on
 * dr.ada's care team; the orders of the ungated set are written without the gate too, so the gate's
 * cache never holds those patients.
 */
async function patientSet(chart: 'minimal' | 'outpatient', s: Session, gated: boolean): Promise<PatientSet> {
  const patients = Array.from({ length: BATCH }, () => randomUUID());
  await withTx(server.pool, async (c) => {
    if (chart === 'outpatient') await bulkInsertResources(c, patients.flatMap((p) => outpatientChart(p).map((resource) => ({ patientId: p, resource }))), new Date());
    await c.query("INSERT INTO care_team (patient_id, user_id) SELECT unnest($1::uuid[]), id FROM users WHERE username = 'dr.ada'", [patients]);
  });
  const orders: PatientSet = patients.map((patientId, i) => ({ patientId, id: randomUUID(), version: '1', drug: DRUGS[i % DRUGS.length] as Drug, high: false }));
  gateOn = gated;
  const created = await push(s, orders.map((o) => mutation(s, { op: 'create', patientId: o.patientId, resource: order(o.patientId, o.id, o.drug, o.drug.doses[0]) })));
  gateOn = true;
  created.results.forEach((r, i) => {
    if (r.status !== 'applied') throw new Error(`setup: order ${i} was ${r.status}`);
  });
  return orders;
}

/** Stops the bench when the gate did not really check the batch (see the file comment). */
function checkTally(chart: 'minimal' | 'outpatient', withGate: boolean, mutations: number, t: { evaluated: number; cards: Map<string, number> }): void {
  const expected = withGate ? mutations : 0;
  if (t.evaluated !== expected) throw new Error(`${chart}: the gate evaluated ${t.evaluated} of ${expected} dose changes`);
  if (!withGate) return;
  const unresolved = t.cards.get('coverage') ?? 0;
  if (unresolved > 0) throw new Error(`${chart}: ${unresolved} orders were not resolved by the knowledge base (coverage cards)`);
  if (chart !== 'outpatient') return;
  const missing = OUTPATIENT_RULES.filter((rule) => (t.cards.get(rule) ?? 0) === 0);
  if (missing.length > 0) throw new Error(`outpatient: no ${missing.join(', ')} cards were raised; the gate did not run those checks`);
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length === 0 ? Number.NaN : s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

const summary = (x: { on: Side; off: Side; reads: Reads }) => {
  // Each gated batch against the ungated batch right after it: a burst of load from another
  // process moves one pair, not the median (the sums above take every burst in).
  const pairs = (on: number[], off: number[]) => on.map((v, i) => v - (off[i] ?? Number.NaN));
  const paired = pairs(x.on.batchUs, x.off.batchUs);
  const rate = (s: Side) => Math.round((s.mutations / s.wallMs) * 1000);
  const us = (ms: number, s: Side) => Math.round((ms / s.mutations) * 1000);
  return {
    mutations: x.on.mutations,
    reads: x.reads,
    withGate: { mutationsPerSecond: rate(x.on), nodeUsPer: us(x.on.nodeMs, x.on), postgresUsPer: us(x.on.pgMs, x.on) },
    withoutGate: { mutationsPerSecond: rate(x.off), nodeUsPer: us(x.off.nodeMs, x.off), postgresUsPer: us(x.off.pgMs, x.off) },
    /**
     * Postgres background processes per mutation over both sides (checkpoints, WAL and background
     * writers, autovacuum): the writes' cost, the same whichever side is running, out of the A/B.
     */
    postgresBackgroundUsPer: Math.round(((x.on.pgBackgroundMs + x.off.pgBackgroundMs) / (x.on.mutations + x.off.mutations)) * 1000),
    /** Throughput lost to the gate, from wall-clock rates (noisy on a shared machine). */
    wallCostPercent: +((rate(x.off) / rate(x.on) - 1) * 100).toFixed(1),
    /** Node + Postgres CPU per gated mutation added by the gate, in microseconds (and split). */
    gateUsPer: Math.round(((x.on.nodeMs + x.on.pgMs) / x.on.mutations - (x.off.nodeMs + x.off.pgMs) / x.off.mutations) * 1000),
    gateNodeUsPer: Math.round((x.on.nodeMs / x.on.mutations - x.off.nodeMs / x.off.mutations) * 1000),
    gatePostgresUsPer: Math.round((x.on.pgMs / x.on.mutations - x.off.pgMs / x.off.mutations) * 1000),
    /** Node + Postgres CPU per mutation added by the gate (what 2 dedicated cores would lose). */
    cpuCostPercent: +((((x.on.nodeMs + x.on.pgMs) / x.on.mutations) / ((x.off.nodeMs + x.off.pgMs) / x.off.mutations) - 1) * 100).toFixed(1),
    /** The median over batch pairs of the gate's Node + Postgres CPU per mutation (us), and as a share of the ungated median. */
    medianGateUsPer: Math.round(median(paired)),
    /** The same median for Node and for Postgres alone (they need not add up to the one above). */
    medianGateNodeUsPer: Math.round(median(pairs(x.on.batchNodeUs, x.off.batchNodeUs))),
    medianGatePostgresUsPer: Math.round(median(pairs(x.on.batchPgUs, x.off.batchPgUs))),
    medianCpuCostPercent: +((median(paired) / median(x.off.batchUs)) * 100).toFixed(1),
  };
};

try {
  const s = await login(server.url, 'dr.ada');
  const minimal = summary(await scenario('minimal', s));
  const outpatient = summary(await scenario('outpatient', s));
  const gate = { evaluated: medicationGateTally.evaluated, cardsByRule: Object.fromEntries(medicationGateTally.cardsByRule) };
  console.log(JSON.stringify({ batch: BATCH, rounds: ROUNDS, warmup: WARMUP, minimal, outpatient, gate, loadAverageAtStart: loadAtStart, loadAverageAtEnd: load() }));
} finally {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
}
