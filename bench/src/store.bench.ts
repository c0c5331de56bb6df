/**
 * The local store benchmark: opening the heavy patient's whole chart in a
 * store of 10,000 patients, and patient search over 100,000 patients, each on the encrypted store
 * and on an unencrypted copy of the same file, as medians, p99s and encrypted/plain ratios.
 * Targets on 2 cores: chart open p99 <= 5 ms, search p99 <= 3 ms, ratio <= 1.3.
 *
 * Stores are generated once and cached under bench/.cache/ (delete it to rebuild).
 * LANTERN_BENCH_PATIENTS / LANTERN_BENCH_SEARCH_PATIENTS shrink them for a quick run.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unwrap } from '@lantern/core';
import { generatePatientOnly, generatePatients } from '@lantern/core/synthetic';
import {
  StoreClient, decryptedCopyForBenchmark, keyFileProvider, openPlainStoreForBenchmark, openReadonlyStore, openStore, readKeyFile, seedStore,
  type ReadableStore,
} from '@lantern/desktop/host/store';
import type { BenchSuite } from './suite.ts';
import { availableParallelism, loadavg } from 'node:os';
import { ms, ratio, stats, timeAsync, timeSyncBoth, type Samples, type Stats } from './stats.ts';

const SEED = 42;
/** Bump when what a cached store holds changes in a way a migration does not cover. */
const CACHE_VERSION = { chart: 1, search: 2 } as const;
const benchDir = fileURLToPath(new URL('../', import.meta.url));
const cacheRoot = join(benchDir, '.cache');
const CHART_PATIENTS = Number(process.env['LANTERN_BENCH_PATIENTS'] ?? 10_000);
const SEARCH_PATIENTS = Number(process.env['LANTERN_BENCH_SEARCH_PATIENTS'] ?? 100_000);
const HEAVY_INDEX = 0;

interface CachedStore {
  db: string;
  keyFile: string;
  plain: string;
  meta: { patients: number; resources: number; buildMs: number; schemaVersion: number };
}

const log = (line: string): void => void process.stdout.write(`${line}\n`);
const note = (line: string): void => void process.stderr.write(`${line}\n`);

/** Builds (once) an encrypted store plus its decrypted twin; `meta.json` is written last, so a
 *  half-built cache is never mistaken for a finished one. */
async function cachedStore(name: string, version: number, build: (path: string, keyFile: string) => Promise<{ patients: number; resources: number }>): Promise<CachedStore> {
  const dir = join(cacheRoot, `${name}-v${version}`);
  const paths = { db: join(dir, 'store.db'), keyFile: join(dir, 'store.key'), plain: join(dir, 'plain.db') };
  const metaPath = join(dir, 'meta.json');
  if (existsSync(metaPath)) {
    // A cached store from an older schema is migrated (opening it writable does that), and its
    // plain twin is decrypted again, rather than generated from scratch.
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as CachedStore['meta'];
    const store = unwrap(await openStore({ path: paths.db, keyProvider: keyFileProvider({ path: paths.keyFile }) }));
    const schemaVersion = unwrap(store.schemaVersion());
    unwrap(store.checkpoint());
    store.close();
    if (schemaVersion !== meta.schemaVersion) {
      note(`bench: ${name}: schema ${meta.schemaVersion} -> ${schemaVersion}, refreshing the plain copy`);
      unwrap(decryptedCopyForBenchmark(paths.db, unwrap(readKeyFile(paths.keyFile)), paths.plain));
      meta.schemaVersion = schemaVersion;
      writeFileSync(metaPath, JSON.stringify(meta));
    }
    return { ...paths, meta };
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  note(`bench: building ${name} (cached in ${dir}) ...`);
  const started = performance.now();
  const built = await build(paths.db, paths.keyFile);
  const check = unwrap(await openReadonlyStore({ path: paths.db, keyProvider: keyFileProvider({ path: paths.keyFile }) }));
  const schemaVersion = unwrap(check.schemaVersion());
  check.close();
  unwrap(decryptedCopyForBenchmark(paths.db, unwrap(readKeyFile(paths.keyFile)), paths.plain));
  const meta = { ...built, buildMs: Math.round(performance.now() - started), schemaVersion };
  writeFileSync(metaPath, JSON.stringify(meta));
  note(`bench: built ${name}: ${built.patients} patients, ${built.resources} resources in ${(meta.buildMs / 1000).toFixed(1)} s`);
  return { ...paths, meta };
}

const lastUpdated = '2026-11-01T12:00:00Z';

async function buildChartStore(path: string, keyFile: string): Promise<{ patients: number; resources: number }> {
  const store = unwrap(await openStore({ path, keyProvider: keyFileProvider({ path: keyFile, createIfMissing: true }) }));
  const r = unwrap(seedStore(store, generatePatients({ seed: SEED, count: CHART_PATIENTS, heavyIndex: HEAVY_INDEX }), {
    lastUpdated, onProgress: (n) => note(`bench:   ${n} patients`),
  }));
  unwrap(store.checkpoint());
  store.close();
  return { patients: r.count, resources: r.resources };
}

function* patientsOnly(count: number) {
  for (let index = 0; index < count; index++) {
    const p = generatePatientOnly({ seed: SEED, index, heavy: index === HEAVY_INDEX });
    yield { index, ...p, resources: [] };
  }
}

async function buildSearchStore(path: string, keyFile: string): Promise<{ patients: number; resources: number }> {
  const store = unwrap(await openStore({ path, keyProvider: keyFileProvider({ path: keyFile, createIfMissing: true }) }));
  const r = unwrap(seedStore(store, patientsOnly(SEARCH_PATIENTS), { lastUpdated }));
  unwrap(store.checkpoint());
  store.close();
  return { patients: r.count, resources: r.resources };
}

/** What clinicians type: surname prefixes, full names, MRNs (whole or just the number), birth dates. */
function searchQueries(count: number): { kind: string; q: string }[] {
  const out: { kind: string; q: string }[] = [];
  let x = 12345;
  const next = (): number => (x = (x * 1103515245 + 12345) % 2 ** 31);
  for (let i = 0; i < count; i++) {
    const p = generatePatientOnly({ seed: SEED, index: next() % SEARCH_PATIENTS });
    const name = p.patient.name?.[0];
    const family = name?.family ?? 'x';
    const given = name?.given?.[0] ?? 'x';
    const dob = p.patient.birthDate ?? '2000-01-01';
    const [y, m, d] = dob.split('-');
    const kinds: [string, string][] = [
      ['surname prefix (3)', family.slice(0, 3)],
      ['surname prefix (5)', family.slice(0, 5)],
      ['surname + given initial', `${family} ${given.slice(0, 1)}`],
      ['given + surname', `${given} ${family}`],
      ['MRN', p.mrn],
      ['MRN number', String(Number(p.mrn.slice(3, 11)))],
      ['DOB ISO', dob],
      ['DOB US', `${m}/${d}/${y}`],
    ];
    const pick = kinds[i % kinds.length];
    if (pick !== undefined) out.push({ kind: pick[0], q: pick[1] });
  }
  return out;
}

function report(label: string, enc: Samples, plain: Samples, target: number): Record<string, Stats> {
  const out = { wall: stats(enc.wall), cpu: stats(enc.cpu), plainWall: stats(plain.wall), plainCpu: stats(plain.cpu) };
  const line = (kind: string, e: Stats, p: Stats): void => {
    const verdict = e.p99 <= target ? 'ok' : 'OVER';
    const r = e.p99 / p.p99;
    log(`  ${label.padEnd(28)} ${kind} encrypted median ${ms(e.median)} p99 ${ms(e.p99)} [target ${target} ms: ${verdict}] | plain median ${ms(p.median)} p99 ${ms(p.p99)} | enc/plain median ${ratio(e.median, p.median)} p99 ${ratio(e.p99, p.p99)} [<= 1.3: ${r <= 1.3 ? 'ok' : 'OVER'}]`);
  };
  line('wall', out.wall, out.plainWall);
  line('cpu ', out.cpu, out.plainCpu);
  return out;
}

const loadLine = (): string => `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`;

async function chartBench(): Promise<Record<string, unknown>> {
  const cache = await cachedStore(`chart-${CHART_PATIENTS}`, CACHE_VERSION.chart, buildChartStore);
  const heavyId = generatePatientOnly({ seed: SEED, index: HEAVY_INDEX, heavy: true }).patient.id ?? '';
  const key = unwrap(readKeyFile(cache.keyFile));
  const enc = unwrap(await openReadonlyStore({ path: cache.db, keyProvider: keyFileProvider({ path: cache.keyFile }) }));
  const plain = openPlainStoreForBenchmark(cache.plain);
  const coldStart = performance.now();
  const chart = unwrap(enc.openChart(heavyId));
  const cold = performance.now() - coldStart;
  log(`store: open the heavy patient's whole chart (openChart) in a store of ${cache.meta.patients.toLocaleString('en-US')} patients, ${cache.meta.resources.toLocaleString('en-US')} resources`);
  log(`  heavy chart: ${chart.observationCount} observations, ${chart.notes.length} notes, ${chart.encounters.length} encounters, ${chart.summary.activeMedications.length} active meds, ${chart.summary.latestVitals.length} vitals, ${chart.summary.recentLabs.length} labs; first (cold-cache) open ${ms(cold)}`);
  const run = (s: ReadableStore, into: Samples): void => {
    const r = timeSyncBoth(() => void unwrap(s.openChart(heavyId)), 250, 50);
    into.wall.push(...r.wall);
    into.cpu.push(...r.cpu);
  };
  // Interleave the two so background load on a shared machine hits both alike.
  const encSamples: Samples = { wall: [], cpu: [] };
  const plainSamples: Samples = { wall: [], cpu: [] };
  for (let round = 0; round < 4; round++) {
    run(enc, encSamples);
    run(plain, plainSamples);
  }
  log(`  (${loadLine()})`);
  const inProcess = report('chart open, in process', encSamples, plainSamples, 5);
  enc.close();
  plain.close();

  // Worst case for encryption: a page cache too small to hold the chart, so every open reads
  // (and SQLCipher decrypts and authenticates) its pages again from the OS file cache.
  const SMALL_CACHE_KIB = 256;
  const encSmall = unwrap(await openReadonlyStore({ path: cache.db, keyProvider: keyFileProvider({ path: cache.keyFile }), cacheKiB: SMALL_CACHE_KIB }));
  const plainSmall = openPlainStoreForBenchmark(cache.plain, SMALL_CACHE_KIB);
  const encSmallSamples: Samples = { wall: [], cpu: [] };
  const plainSmallSamples: Samples = { wall: [], cpu: [] };
  for (let round = 0; round < 2; round++) {
    run(encSmall, encSmallSamples);
    run(plainSmall, plainSmallSamples);
  }
  const smallCache = report(`  with a ${SMALL_CACHE_KIB} KiB page cache`, encSmallSamples, plainSmallSamples, 5);
  encSmall.close();
  plainSmall.close();

  const client = unwrap(await StoreClient.open({ path: cache.db, key: { kind: 'explicit', key }, readonly: true }));
  const rpc = stats(await timeAsync(async () => void unwrap(await client.call('openChart', heavyId)), 200, 20));
  log(`  ${'chart open, worker round trip'.padEnd(34)} encrypted median ${ms(rpc.median)}  p99 ${ms(rpc.p99)}  (includes structured clone of the chart)`);
  await client.close();
  return { patients: cache.meta.patients, resources: cache.meta.resources, coldMs: cold, inProcess, smallCache, worker: rpc, load: loadavg() };
}

async function searchBench(): Promise<Record<string, unknown>> {
  const cache = await cachedStore(`search-${SEARCH_PATIENTS}`, CACHE_VERSION.search, buildSearchStore);
  const key = unwrap(readKeyFile(cache.keyFile));
  const enc = unwrap(await openReadonlyStore({ path: cache.db, keyProvider: keyFileProvider({ path: cache.keyFile }) }));
  const plain = openPlainStoreForBenchmark(cache.plain);
  const queries = searchQueries(400);
  log(`store: patient search (limit 20) over ${cache.meta.patients.toLocaleString('en-US')} patients, ${queries.length} queries x 3 rounds (after 1 warm-up round)`);
  const perKind = (s: ReadableStore, m: Map<string, Samples>): void => {
    for (let round = 0; round < 4; round++) {
      for (const { kind, q } of queries) {
        const c = process.cpuUsage();
        const t = performance.now();
        unwrap(s.searchPatients(q, 20));
        const wall = performance.now() - t;
        const d = process.cpuUsage(c);
        if (round === 0) continue; // warm-up round
        const samples = m.get(kind) ?? { wall: [], cpu: [] };
        samples.wall.push(wall);
        samples.cpu.push((d.user + d.system) / 1000);
        m.set(kind, samples);
      }
    }
  };
  const e = new Map<string, Samples>();
  const p = new Map<string, Samples>();
  perKind(enc, e);
  perKind(plain, p);
  const all = (m: Map<string, Samples>): Samples => ({ wall: [...m.values()].flatMap((x) => x.wall), cpu: [...m.values()].flatMap((x) => x.cpu) });
  log(`  (${loadLine()})`);
  const inProcess = report('search, in process', all(e), all(p), 3);
  for (const [kind, samples] of e) {
    const es = stats(samples.wall);
    const ec = stats(samples.cpu);
    const ps = stats(p.get(kind)?.wall ?? []);
    log(`    ${kind.padEnd(26)} wall median ${ms(es.median)} p99 ${ms(es.p99)}, cpu p99 ${ms(ec.p99)} | plain wall median ${ms(ps.median)} p99 ${ms(ps.p99)}`);
  }
  const hits = queries.slice(0, 8).map(({ kind, q }) => `${kind}: ${unwrap(enc.searchPatients(q, 20)).length}`);
  log(`    hits (first of each kind, limit 20): ${hits.join(', ')}`);
  enc.close();
  plain.close();

  const client = unwrap(await StoreClient.open({ path: cache.db, key: { kind: 'explicit', key }, readonly: true }));
  const samples: number[] = [];
  for (let round = 0; round < 2; round++) {
    for (const { q } of queries) {
      const t = performance.now();
      unwrap(await client.call('searchPatients', q, 20));
      if (round > 0) samples.push(performance.now() - t);
    }
  }
  const rpc = stats(samples);
  log(`  ${'search, worker round trip'.padEnd(34)} encrypted median ${ms(rpc.median)}  p99 ${ms(rpc.p99)}`);
  await client.close();
  return { patients: cache.meta.patients, inProcess, worker: rpc, load: loadavg() };
}

export const storeBench: BenchSuite = {
  name: 'store',
  async run() {
    const chart = await chartBench();
    const search = await searchBench();
    const resultsDir = join(benchDir, 'results');
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, 'store.json'), `${JSON.stringify({ at: new Date().toISOString(), chart, search }, null, 2)}\n`);
  },
};
