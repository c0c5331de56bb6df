/**
 * `pnpm --filter @lantern/sync-server bench`: sync.push throughput (batches of 100 updates, a
 * share of them stale so they go through the three-way merge) and audit.ingest rate, over real
 * HTTP on loopback against embedded Postgres with durable settings, each beside a raw baseline on
 * the same Postgres (one multi-row INSERT of the same rows per batch), reported as ratios.
 */
import { randomUUID } from 'node:crypto';
import { createHash } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendToChain, type AuditEventInput, type PullOutput, type PushOutput, type ResourceJson } from '@lantern/core';
import pg from 'pg';
import { withClient } from '../db/database.ts';
import { bulkInsertResources } from '../db/resources.ts';
import { startServer } from '../server.ts';
import { login, must, type Session } from '../testing/harness.ts';
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

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lantern-bench-'));
  await chmod(dataDir, 0o755);
  const server = await startServer({ port: 0, dataDir, demo: true, demoPatients: 20, demoHeavyPatient: false, logLevel: 'silent' });
  try {
    const patients = await withClient(server.databaseOwnerUrl, async (c) =>
      (await c.query("SELECT ct.patient_id AS p FROM care_team ct JOIN users u ON u.id = ct.user_id WHERE u.username = 'dr.ada'")).rows.map((r: { p: string }) => r.p));
    const a = await login(server.url, 'dr.ada');
    const b = await login(server.url, 'dr.ada');
    const push = (s: Session, mutations: Json[]) => must<PushOutput>(server.url, 'sync.push', { deviceId: s.deviceId, mutations }, s.token);

    // Set up: RESOURCES medication orders, version 1.
    const meds = Array.from({ length: RESOURCES }, (_, i) => {
      const patientId = patients[i % patients.length] ?? '';
      return { id: randomUUID(), patientId, version: '1', dose: 5, note: null as string | null };
    });
    for (let i = 0; i < meds.length; i += BATCH) {
      await push(a, meds.slice(i, i + BATCH).map((m) => mutation(a, { op: 'create', patientId: m.patientId, resource: medicationRequest(m.patientId, m.id, m.dose) })));
    }

    // Measured: batches of 100 updates; STALE_SHARE of each batch was edited meanwhile by device b
    // (a dose change) and arrives from device a on the old base with a non-overlapping note: a merge.
    let mutations = 0;
    let merged = 0;
    let elapsed = 0;
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
      const t0 = performance.now();
      const res = await push(a, batch);
      elapsed += performance.now() - t0;
      mutations += batch.length;
      res.results.forEach((r, j) => {
        const m = slice[j];
        if (m === undefined) return;
        if (r.status === 'applied' || r.status === 'merged') m.version = r.version;
        if (r.status === 'merged') merged += 1;
        if (r.status !== "merged" && j < stale.length) throw new Error(`expected a merge, got ${r.status === "conflict" ? r.fields.join(",") + " k=" + String(k) + " v=" + (slice[j]?.version ?? "") : r.status}`);
        if (j >= stale.length) m.dose += 1;
        m.note = `batch ${k}`;
      });
      // b's edits moved those versions too
      for (const m of stale) m.version = String(Number(m.version));
    }
    const pushRate = rate(mutations, elapsed);

    // Raw baseline: the same resource JSON, one multi-row INSERT per batch of 100, on the same Postgres.
    const raw = new pg.Client({ connectionString: server.databaseOwnerUrl });
    await raw.connect();
    await raw.query('CREATE TABLE bench_raw (patient_id uuid, id text, version int, resource jsonb, PRIMARY KEY (patient_id, id, version))');
    let rawElapsed = 0;
    for (let k = 0; k < UPDATE_BATCHES; k++) {
      const rows = Array.from({ length: BATCH }, (_, j) => {
        const m = meds[(k * BATCH + j) % meds.length];
        return { patient_id: m?.patientId, id: m?.id, version: 1000 + k, resource: medicationRequest(m?.patientId ?? '', m?.id ?? '', 5) };
      });
      const t0 = performance.now();
      await raw.query('INSERT INTO bench_raw SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(patient_id uuid, id text, version int, resource jsonb)', [JSON.stringify(rows)]);
      rawElapsed += performance.now() - t0;
    }
    const rawPushRate = rate(UPDATE_BATCHES * BATCH, rawElapsed);

    // Audit ingest: a device chain in batches of AUDIT_BATCH.
    const dev = await login(server.url, 'rn.ben');
    const inputs: AuditEventInput[] = Array.from({ length: AUDIT_BATCH * AUDIT_BATCHES }, (_, i) => ({
      eventId: randomUUID(), deviceId: dev.deviceId as AuditEventInput['deviceId'], userId: dev.userId as AuditEventInput['userId'],
      action: 'chart-view', patientId: (patients[i % patients.length] ?? null) as AuditEventInput['patientId'], resourceType: 'Patient', resourceId: patients[i % patients.length] ?? null,
      outcome: 'success', reason: null, detail: { i }, recordedAt: new Date(Date.UTC(2026, 10, 20) + i * 1000).toISOString(),
    }));
    const chain = appendToChain(inputs, null, sha);
    let auditElapsed = 0;
    for (let k = 0; k < AUDIT_BATCHES; k++) {
      const events = chain.slice(k * AUDIT_BATCH, (k + 1) * AUDIT_BATCH);
      const t0 = performance.now();
      await must(server.url, 'audit.ingest', { deviceId: dev.deviceId, events }, dev.token);
      auditElapsed += performance.now() - t0;
    }
    const auditRate = rate(chain.length, auditElapsed);
    await raw.query('CREATE TABLE bench_audit_raw (seq bigint PRIMARY KEY, event jsonb, hash text)');
    let rawAuditElapsed = 0;
    for (let k = 0; k < AUDIT_BATCHES; k++) {
      const rows = chain.slice(k * AUDIT_BATCH, (k + 1) * AUDIT_BATCH).map((e) => ({ seq: e.seq, event: e, hash: e.hash }));
      const t0 = performance.now();
      await raw.query('INSERT INTO bench_audit_raw SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(seq bigint, event jsonb, hash text)', [JSON.stringify(rows)]);
      rawAuditElapsed += performance.now() - t0;
    }
    const rawAuditRate = rate(chain.length, rawAuditElapsed);
    await raw.end();

    // Initial sync of a 100,000-resource scope: pages of 1000, server heap sampled throughout.
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

    const result = {
      pull: { changes: pulled, pages, changesPerSecond: rate(pulled, pullMs), heapGrowthMb: +((heapPeak - heapBefore) / 1e6).toFixed(1), note: 'client and server share this process' },
      push: { mutationsPerSecond: pushRate, mutations, merged, rawInsertRowsPerSecond: rawPushRate, ratioToRaw: +(pushRate / rawPushRate).toFixed(3), target: 5000 },
      auditIngest: { eventsPerSecond: auditRate, events: chain.length, rawInsertRowsPerSecond: rawAuditRate, ratioToRaw: +(auditRate / rawAuditRate).toFixed(3), target: 25000 },
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
