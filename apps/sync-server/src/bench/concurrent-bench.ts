/**
 * The server as it is used: several workstations at once. DEVICES signed-in devices push (or
 * ingest) their own batches concurrently, so Node and Postgres work in parallel on the two cores
 * and commits can share a WAL flush. Each beside the raw baseline run the same way: the same rows,
 * one INSERT per batch, from DEVICES connections at once on the same Postgres.
 */
import { createHash, randomUUID } from 'node:crypto';

import { appendToChain, type AuditEventInput, type PushOutput } from '@lantern/core';
import type { RunningServer } from '../server.ts';
import { ingestInput, login, must, type Session } from '../testing/harness.ts';
import { medicationRequest, mutation } from '../testing/fixtures.ts';
import { nodeCpuMs, postgresCpuMs } from './proc-cpu.ts';
import { ownerConnection } from './owner-connection.ts';

const DEVICES = 4;
const RESOURCES_PER_DEVICE = 300;
/** Patients `concurrentPush` needs: one per order, so no chart collects the same drug from every device. */
export const CONCURRENT_PATIENTS = DEVICES * RESOURCES_PER_DEVICE;
const ROUNDS = 8;
const BATCH = 100;
const EVENTS_PER_DEVICE = 8000;
const AUDIT_BATCH = 1000;

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

interface Measured { wallMs: number; nodeUsPer: number; postgresUsPer: number }

async function measure(pgDir: string, items: number, fn: () => Promise<unknown>): Promise<Measured> {
  const n = nodeCpuMs();
  const p = postgresCpuMs(pgDir);
  const t = performance.now();
  await fn();
  const wallMs = performance.now() - t;
  return { wallMs, nodeUsPer: Math.round(((nodeCpuMs() - n) / items) * 1000), postgresUsPer: Math.round(((postgresCpuMs(pgDir) - p) / items) * 1000) };
}

/** Each of DEVICES connections inserts its batches (one statement and commit each), all at once. */
async function rawConcurrent(url: string, table: string, columns: string, batches: unknown[][][]): Promise<number> {
  const clients = await Promise.all(batches.map(async () => {
    const c = ownerConnection(url);
    await c.connect();
    return c;
  }));
  try {
    const t = performance.now();
    await Promise.all(batches.map(async (perDevice, k) => {
      for (const rows of perDevice) await clients[k]?.query(`INSERT INTO ${table} SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(${columns})`, [JSON.stringify(rows)]);
    }));
    return performance.now() - t;
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

export async function concurrentPush(server: RunningServer, patients: string[], pgDir = '') {
  const devs = await Promise.all(Array.from({ length: DEVICES }, () => login(server.url, 'dr.ada')));
  const push = (s: Session, mutations: unknown[]) => must<PushOutput>(server.url, 'sync.push', { deviceId: s.deviceId, mutations }, s.token);
  const sets = devs.map((_, k) => Array.from({ length: RESOURCES_PER_DEVICE }, (_, i) => ({ id: randomUUID(), patientId: patients[(k * RESOURCES_PER_DEVICE + i) % patients.length] ?? '', version: '1' })));
  await Promise.all(devs.map(async (d, k) => {
    const meds = sets[k] ?? [];
    for (let i = 0; i < meds.length; i += BATCH) await push(d, meds.slice(i, i + BATCH).map((m) => mutation(d, { op: 'create', patientId: m.patientId, resource: medicationRequest(m.patientId, m.id, 5) })));
  }));
  const total = DEVICES * RESOURCES_PER_DEVICE * ROUNDS;
  const m = await measure(pgDir, total, () => Promise.all(devs.map(async (d, k) => {
    const meds = sets[k] ?? [];
    for (let r = 0; r < ROUNDS; r++) {
      for (let i = 0; i < meds.length; i += BATCH) {
        const slice = meds.slice(i, i + BATCH);
        const res = await push(d, slice.map((x) => mutation(d, { op: 'update', patientId: x.patientId, baseVersion: x.version, resource: medicationRequest(x.patientId, x.id, 6 + r, { note: [{ text: `round ${r}` }] }) })));
        res.results.forEach((x, j) => {
          const item = slice[j];
          if (x.status !== 'applied' || item === undefined) throw new Error(`expected applied, got ${x.status}`);
          item.version = x.version;
        });
      }
    }
  })));
  const rawMs = await rawConcurrent(server.databaseOwnerUrl, 'bench_raw', 'patient_id uuid, id text, version int, resource jsonb', sets.map((meds) =>
    Array.from({ length: ROUNDS * (RESOURCES_PER_DEVICE / BATCH) }, (_, b) => meds.slice((b % 3) * BATCH, (b % 3) * BATCH + BATCH).map((x) => ({
      patient_id: x.patientId, id: x.id, version: 2000 + b, resource: medicationRequest(x.patientId, x.id, 6, { note: [{ text: `round ${b}` }] }),
    })))));
  const pushRate = rate(total, m.wallMs);
  const rawRate = rate(total, rawMs);
  return { devices: DEVICES, mutations: total, mutationsPerSecond: pushRate, rawInsertRowsPerSecond: rawRate, ratioToRaw: +(pushRate / rawRate).toFixed(3), target: 5000,
    cpu: { nodeUsPer: m.nodeUsPer, postgresUsPer: m.postgresUsPer, capacityOn2CoresPerSecond: Math.round(2e6 / Math.max(1, m.nodeUsPer + m.postgresUsPer)) } };
}

export async function concurrentIngest(server: RunningServer, pgDir = '') {
  const devs = await Promise.all(Array.from({ length: DEVICES }, () => login(server.url, 'rn.ben')));
  const chains = devs.map((d) => appendToChain(Array.from({ length: EVENTS_PER_DEVICE }, (_, i): AuditEventInput => ({
    eventId: randomUUID(), deviceId: d.deviceId as AuditEventInput['deviceId'], userId: d.userId as AuditEventInput['userId'], action: 'chart-view',
    patientId: null, resourceType: null, resourceId: null, outcome: 'success', reason: null, detail: { i }, recordedAt: new Date(Date.UTC(2026, 10, 21) + i * 1000).toISOString(),
  })), null, sha));
  const total = DEVICES * EVENTS_PER_DEVICE;
  const m = await measure(pgDir, total, () => Promise.all(devs.map(async (d, k) => {
    const chain = chains[k] ?? [];
    for (let i = 0; i < chain.length; i += AUDIT_BATCH) await must(server.url, 'audit.ingest', ingestInput(d, chain.slice(i, i + AUDIT_BATCH)), d.token);
  })));
  const rawMs = await rawConcurrent(server.databaseOwnerUrl, 'bench_audit_raw', 'seq bigint, event jsonb, hash text', chains.map((chain, k) =>
    Array.from({ length: EVENTS_PER_DEVICE / AUDIT_BATCH }, (_, b) => chain.slice(b * AUDIT_BATCH, (b + 1) * AUDIT_BATCH).map((e) => ({ seq: 10_000_000 * (k + 1) + e.seq, event: e, hash: e.hash })))));
  const ingestRate = rate(total, m.wallMs);
  const rawRate = rate(total, rawMs);
  return { devices: DEVICES, events: total, eventsPerSecond: ingestRate, rawInsertRowsPerSecond: rawRate, ratioToRaw: +(ingestRate / rawRate).toFixed(3), target: 25000,
    cpu: { nodeUsPer: m.nodeUsPer, postgresUsPer: m.postgresUsPer, capacityOn2CoresPerSecond: Math.round(2e6 / Math.max(1, m.nodeUsPer + m.postgresUsPer)) } };
}

