/**
 * `pnpm --filter @lantern/sync-server bench [-- --only=push,audit,pull]`: sync.push throughput
 * (batches of 100 updates, a share of them stale so they go through the three-way merge) and
 * audit.ingest rate, over real HTTP on loopback against embedded Postgres with durable settings
 * (fsync and synchronous_commit on), each beside raw baselines on the same Postgres, as ratios:
 * - `raw`: one multi-row INSERT (own transaction, so one WAL flush) per batch of the same resource
 *   JSON / the same chained events into a plain table;
 * - `rawSameRows`: one statement per batch inserting every row the operation stores (history,
 *   current row, mutation log, audit event / the audit.events row) into copies of the real tables
 *   with their indexes: what storing the rows costs before any checking, hashing or locking.
 * Then the same with 4 devices at once (`concurrent-bench.ts`: Node and Postgres overlap, commits
 * share WAL flushes), beside raw INSERTs from 4 connections at once.
 * CPU per operation (this Node process, which also runs the bench client, and Postgres) is
 * reported too: on a shared machine it depends far less on others' load than the rates do.
 */
import { createHash, randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendToChain, type AuditEventInput, type PullOutput, type PushOutput, type ResourceJson } from '@lantern/core';
import { withClient } from '../db/database.ts';
import { bulkInsertResources } from '../db/resources.ts';
import { startServer } from '../server.ts';
import { ingestInput, login, must, type Session } from '../testing/harness.ts';
import { CONCURRENT_PATIENTS, concurrentIngest, concurrentPush } from './concurrent-bench.ts';
import { nodeCpuMs, postgresCpuMs } from './proc-cpu.ts';
import { ownerConnection } from './owner-connection.ts';
import { SAME_ROWS_AUDIT, SAME_ROWS_PUSH, SAME_ROWS_TABLES, sameRowsAuditRow } from './same-rows.ts';
import { medicationRequest, mutation, observation, type Json } from '../testing/fixtures.ts';

const BATCH = 100;
const RESOURCES = 1000;
const UPDATE_BATCHES = 30;
const STALE_SHARE = 0.2;
const AUDIT_BATCH = 1000;
const AUDIT_BATCHES = 20;
const PULL_RESOURCES = 100_000;

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
const load = () => loadavg().map((x) => +x.toFixed(1));
const ONLY = new Set((process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? 'push,audit,pull').split(','));

/** Wall and CPU time of the measured sections only (setup and baselines excluded). */
class Meter {
  wallMs = 0;
  nodeMs = 0;
  pgMs = 0;
  constructor(private readonly pgDir: string) {}
  async time<T>(fn: () => Promise<T>): Promise<T> {
    const w = performance.now();
    const n = nodeCpuMs();
    const p = postgresCpuMs(this.pgDir);
    const out = await fn();
    this.wallMs += performance.now() - w;
    this.nodeMs += nodeCpuMs() - n;
    this.pgMs += postgresCpuMs(this.pgDir) - p;
    return out;
  }
  /** Microseconds of CPU per item, and the rate 2 dedicated cores could sustain at that cost. */
  cpu(items: number) {
    const nodeUs = Math.round((this.nodeMs / items) * 1000);
    const pgUs = Math.round((this.pgMs / items) * 1000);
    return { nodeUsPer: nodeUs, postgresUsPer: pgUs, capacityOn2CoresPerSecond: Math.round(2e6 / Math.max(1, nodeUs + pgUs)) };
  }
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lantern-bench-'));
  await chmod(dataDir, 0o755);
  const loadBefore = load();
  const server = await startServer({ port: 0, dataDir, demo: true, demoPatients: 20, demoHeavyPatient: false, logLevel: 'silent',
    // One token sends far more than a workstation would: measure throughput, not the per-token rate limit.
    rateLimitPerMinute: 100_000_000 });
  const pgDir = join(dataDir, 'pg');
  const result: Record<string, unknown> = { loadAverageAtStart: loadBefore };
  const raw = ownerConnection(server.databaseOwnerUrl);
  let rawOpen = false;
  try {
    const patients = await withClient(server.databaseOwnerUrl, async (c) =>
      (await c.query("SELECT ct.patient_id AS p FROM care_team ct JOIN users u ON u.id = ct.user_id WHERE u.username = 'dr.ada'")).rows.map((r: { p: string }) => r.p));
    await raw.connect();
    rawOpen = true;
    await raw.query(SAME_ROWS_TABLES);

    if (ONLY.has('push')) {
      // Every measured update changes a dose, so the server's medication gate re-checks each one with
      // the CDS engine against the patient's record. Orders go one per patient (patients of their own
      // on dr.ada's care team): hundreds of orders of one drug on one chart would add up to an
      // overdose the gate rightly refuses.
      const medPatients = Array.from({ length: RESOURCES + CONCURRENT_PATIENTS }, () => randomUUID());
      await raw.query("INSERT INTO care_team (patient_id, user_id) SELECT unnest($1::uuid[]), id FROM users WHERE username = 'dr.ada'", [medPatients]);
      const a = await login(server.url, 'dr.ada');
      const b = await login(server.url, 'dr.ada');
      const push = (s: Session, mutations: Json[]) => must<PushOutput>(server.url, 'sync.push', { deviceId: s.deviceId, mutations }, s.token);

      // Set up: RESOURCES medication orders, version 1.
      const meds = Array.from({ length: RESOURCES }, (_, i) => {
        const patientId = medPatients[i] ?? '';
        return { id: randomUUID(), patientId, version: '1', dose: 5, note: null as string | null };
      });
      for (let i = 0; i < meds.length; i += BATCH) {
        await push(a, meds.slice(i, i + BATCH).map((m) => mutation(a, { op: 'create', patientId: m.patientId, resource: medicationRequest(m.patientId, m.id, m.dose) })));
      }

      // Measured: batches of 100 updates; STALE_SHARE of each batch was edited meanwhile by device b
      // (a dose change) and arrives from device a on the old base with a non-overlapping note: a merge.
      const meter = new Meter(pgDir);
      let mutations = 0;
      let merged = 0;
      for (let k = 0; k < UPDATE_BATCHES; k++) {
        const slice = Array.from({ length: BATCH }, (_, j) => meds[(k * BATCH + j) % meds.length]).filter((m) => m !== undefined);
        const stale = slice.slice(0, Math.round(BATCH * STALE_SHARE));
        const bRes = await push(b, stale.map((m) => mutation(b, { op: 'update', patientId: m.patientId, baseVersion: m.version, resource: medicationRequest(m.patientId, m.id, m.dose + 1, m.note === null ? {} : { note: [{ text: m.note }] }) })));
        bRes.results.forEach((r, j) => {
          const m = stale[j];
          if (m !== undefined && r.status === 'applied') m.dose += 1;
        });
        const batch = slice.map((m, j) =>
          mutation(a, { op: 'update', patientId: m.patientId, baseVersion: m.version, resource: medicationRequest(m.patientId, m.id, j < stale.length ? m.dose - 1 : m.dose + 1, { note: [{ text: `batch ${k}` }] }) }));
        const res = await meter.time(() => push(a, batch));
        mutations += batch.length;
        res.results.forEach((r, j) => {
          const m = slice[j];
          if (m === undefined) return;
          if (r.status === 'applied' || r.status === 'merged') m.version = r.version;
          if (r.status === 'merged') merged += 1;
          if (r.status !== 'merged' && j < stale.length) throw new Error(`expected a merge, got ${r.status}`);
          if (j >= stale.length) m.dose += 1;
          m.note = `batch ${k}`;
        });
      }
      const pushRate = rate(mutations, meter.wallMs);

      // Raw baselines on the same Postgres, same resource JSON, one statement (and commit) per batch.
      await raw.query('CREATE TABLE bench_raw (patient_id uuid, id text, version int, resource jsonb, PRIMARY KEY (patient_id, id, version))');
      let rawMs = 0;
      let sameMs = 0;
      for (let k = 0; k < UPDATE_BATCHES; k++) {
        const rows = Array.from({ length: BATCH }, (_, j) => {
          const m = meds[(k * BATCH + j) % meds.length];
          const resource = medicationRequest(m?.patientId ?? '', m?.id ?? '', 5, { note: [{ text: `batch ${k}` }] });
          return { patient_id: m?.patientId, id: m?.id, version: 1000 + k, resource, mutation_id: randomUUID(), seq: k * BATCH + j + 1,
            result: { mutationId: '', status: 'applied', version: String(1000 + k) }, event: { mutationId: '', op: 'update', version: 1000 + k, origin: 'server', role: 'physician', clientAddress: '127.0.0.1', purposeOfUse: 'TREAT' } };
        });
        rawMs += await timed(() => raw.query('INSERT INTO bench_raw SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(patient_id uuid, id text, version int, resource jsonb)', [JSON.stringify(rows)]));
        sameMs += await timed(() => raw.query(SAME_ROWS_PUSH, [JSON.stringify(rows)]));
      }
      const rawRate = rate(UPDATE_BATCHES * BATCH, rawMs);
      const sameRate = rate(UPDATE_BATCHES * BATCH, sameMs);
      result['push'] = {
        mutationsPerSecond: pushRate, mutations, merged, target: 5000,
        rawInsertRowsPerSecond: rawRate, ratioToRaw: +(pushRate / rawRate).toFixed(3),
        rawSameRowsPerSecond: sameRate, ratioToRawSameRows: +(pushRate / sameRate).toFixed(3),
        cpu: meter.cpu(mutations),
      };
      result['pushConcurrent'] = await concurrentPush(server, medPatients.slice(RESOURCES), pgDir);
    }

    if (ONLY.has('audit')) {
      // Audit ingest: a device chain in batches of AUDIT_BATCH.
      const dev = await login(server.url, 'rn.ben');
      const inputs: AuditEventInput[] = Array.from({ length: AUDIT_BATCH * AUDIT_BATCHES }, (_, i) => ({
        eventId: randomUUID(), deviceId: dev.deviceId as AuditEventInput['deviceId'], userId: dev.userId as AuditEventInput['userId'],
        action: 'chart-view', patientId: (patients[i % patients.length] ?? null) as AuditEventInput['patientId'], resourceType: 'Patient', resourceId: patients[i % patients.length] ?? null,
        outcome: 'success', reason: null, detail: { i }, recordedAt: new Date(Date.UTC(2026, 10, 20) + i * 1000).toISOString(),
      }));
      const chain = appendToChain(inputs, null, sha);
      const meter = new Meter(pgDir);
      for (let k = 0; k < AUDIT_BATCHES; k++) {
        const events = chain.slice(k * AUDIT_BATCH, (k + 1) * AUDIT_BATCH);
        await meter.time(() => must(server.url, 'audit.ingest', ingestInput(dev, events), dev.token));
      }
      const auditRate = rate(chain.length, meter.wallMs);
      await raw.query('CREATE TABLE bench_audit_raw (seq bigint PRIMARY KEY, event jsonb, hash text)');
      let rawMs = 0;
      let sameMs = 0;
      for (let k = 0; k < AUDIT_BATCHES; k++) {
        const part = chain.slice(k * AUDIT_BATCH, (k + 1) * AUDIT_BATCH);
        rawMs += await timed(() => raw.query('INSERT INTO bench_audit_raw SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(seq bigint, event jsonb, hash text)', [JSON.stringify(part.map((e) => ({ seq: e.seq, event: e, hash: e.hash })))]));
        const rows = part.map((e) => sameRowsAuditRow(e, 1_000_000));
        sameMs += await timed(() => raw.query(SAME_ROWS_AUDIT, [JSON.stringify(rows)]));
      }
      const rawRate = rate(chain.length, rawMs);
      const sameRate = rate(chain.length, sameMs);
      result['auditIngest'] = {
        eventsPerSecond: auditRate, events: chain.length, target: 25000,
        rawInsertRowsPerSecond: rawRate, ratioToRaw: +(auditRate / rawRate).toFixed(3),
        rawSameRowsPerSecond: sameRate, ratioToRawSameRows: +(auditRate / sameRate).toFixed(3),
        cpu: meter.cpu(chain.length),
      };
      result['auditIngestConcurrent'] = await concurrentIngest(server, pgDir);
    }
    rawOpen = false;
    await raw.end();

    if (ONLY.has('pull')) result['pull'] = await pullBench(server, patients);
    result['loadAverageAtEnd'] = load();
    result['note'] = 'Node CPU is the server and the bench client together (one process); Postgres CPU is the whole embedded cluster';
    console.log(JSON.stringify(result, null, 2));
  } finally {
    // Closed before the server stops its Postgres: a fast shutdown terminates every connected
    // backend, and that must not replace the error that got us here.
    if (rawOpen) await raw.end().catch(() => undefined);
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Initial sync of a 100,000-resource scope: pages of 1000, server heap sampled throughout. */
async function pullBench(server: Awaited<ReturnType<typeof startServer>>, patients: string[]) {
  await withClient(server.databaseOwnerUrl, async (c) => {
    for (let k = 0; k < PULL_RESOURCES; k += 5000) {
      const items = Array.from({ length: Math.min(5000, PULL_RESOURCES - k) }, (_, j) => {
        const patientId = patients[(k + j) % patients.length] ?? '';
        return { patientId, resource: observation(patientId, randomUUID(), 60 + ((k + j) % 40)) as ResourceJson };
      });
      await c.query('BEGIN');
      await bulkInsertResources(c, items, new Date());
      await c.query('COMMIT');
    }
  });
  const reader = await login(server.url, 'dr.ada');
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  const sampler = setInterval(() => {
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }, 20);
  let cursor: string | null = null;
  let pulled = 0;
  let pages = 0;
  const tp = performance.now();
  for (;;) {
    const page: PullOutput = await must<PullOutput>(server.url, 'sync.pull', { cursor, limit: 1000 }, reader.token);
    pulled += page.changes.length;
    pages += 1;
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  const pullMs = performance.now() - tp;
  clearInterval(sampler);
  return { changes: pulled, pages, changesPerSecond: rate(pulled, pullMs), heapGrowthMb: +((heapPeak - heapBefore) / 1e6).toFixed(1), note: 'client and server share this process' };
}

main().catch((e: unknown) => {
  console.error('sync-server bench failed:', e);
  process.exit(1);
});
