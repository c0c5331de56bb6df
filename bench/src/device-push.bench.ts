/**
 * One workstation catching up after a day offline (`pnpm bench device-push`): the real host store
 * and sync loop (createHost, signed in online, then a SyncLoop over the same store, session and a
 * timed ServerApi) push LANTERN_BENCH_DP_MUTATIONS queued mutations (default 20,000: vital-sign
 * creates, note creates and updates of the patients' existing observations, across dr.ada's care
 * team) and upload LANTERN_BENCH_DP_EVENTS local audit events (default 100,000) to a real sync
 * server (`device-push-server.child.ts`, embedded Postgres, durable). Every mutation goes through
 * the server's authorization, field policy, medication gate and conflict detection; every event
 * through the device binding and the chain. Targets on 2 cores: push >= 5,000 mutations/s, audit
 * ingest >= 25,000 events/s (wall clock, from the first request to the last answer of each phase).
 * Quick check: `LANTERN_BENCH_DP_MUTATIONS=2000 LANTERN_BENCH_DP_EVENTS=10000 pnpm bench device-push`.
 * The host's CPU profile over the sync run (V8's sampling profiler): `LANTERN_BENCH_DP_PROFILE=/tmp/host.cpuprofile`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuditEventInputSchema, MutationSchema, type AuditEventInput, type LanternResource, type Mutation } from '@lantern/core';
import { createHost } from '@lantern/desktop/serve';
import { nodeCpuMs, postgresCpuMs } from '../../apps/sync-server/src/bench/proc-cpu.ts';
import { LocalStore } from '../../apps/desktop/src/host/store/local-store.ts';
import { writeLocalMutation } from '../../apps/desktop/src/host/store/resource-writes.ts';
import { loadOrCreateDeviceKey } from '../../apps/desktop/src/host/session/device-key.ts';
import { localSyncStore } from '../../apps/desktop/src/host/sync/local-sync-store.ts';
import { createServerApi, type ServerApi } from '../../apps/desktop/src/host/sync/server-api.ts';
import { SyncLoop } from '../../apps/desktop/src/host/sync/sync-loop.ts';
import { treeCpuMs } from './bench-server.ts';
import { startChildProfiler } from './child-profiler.ts';
import { forkServerChild } from './first-sync-children.ts';
import type { BenchSuite } from './suite.ts';

const MUTATIONS = Number(process.env['LANTERN_BENCH_DP_MUTATIONS'] ?? 20_000);
const EVENTS = Number(process.env['LANTERN_BENCH_DP_EVENTS'] ?? 100_000);
const TARGET = { push: 5000, ingest: 25_000 };
/** A CPU profile of this process (the host) over the sync run only, written to this file when set. */
const PROFILE = process.env['LANTERN_BENCH_DP_PROFILE'];

/** CPU ms so far: this process (bench + host), the server process, its Postgres. */
type Cpu = () => [number, number, number];
interface Phase { first: number; last: number; requests: number; items: number; cpu0: [number, number, number]; cpu1: [number, number, number]; calls: [number, number][] }
const phase = (): Phase => ({ first: NaN, last: NaN, requests: 0, items: 0, cpu0: [0, 0, 0], cpu1: [0, 0, 0], calls: [] });

/**
 * Where a phase's wall clock goes: a request's time (the workstation's client from call to checked
 * answer: serialising, HTTP, the server, parsing) and the time from one answer to the next call
 * (the workstation's own work in between, which nothing overlaps), medians in ms.
 */
function criticalPath(p: Phase): string {
  const median = (xs: number[]): string => (xs.length === 0 ? '-' : ([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0).toFixed(1));
  const requests = p.calls.map(([a, b]) => b - a);
  const gaps = p.calls.slice(1).map(([a], i) => a - (p.calls[i]?.[1] ?? a));
  return `request ${median(requests)} ms, from an answer to the next request ${median(gaps)} ms (medians)`;
}

/** Times every push and ingest request (from the first request sent to the last answer received). */
function timedApi(api: ServerApi, push: Phase, ingest: Phase, verdicts: Map<string, number>, cpu: Cpu): ServerApi {
  return {
    ...api,
    push: async (token, input) => {
      if (Number.isNaN(push.first)) {
        push.cpu0 = cpu();
        push.first = performance.now();
      }
      const called = performance.now();
      const out = await api.push(token, input);
      push.last = performance.now();
      push.calls.push([called, push.last]);
      push.cpu1 = cpu();
      push.requests += 1;
      push.items += input.mutations.length;
      for (const r of out.results) verdicts.set(r.status, (verdicts.get(r.status) ?? 0) + 1);
      return out;
    },
    ingestAudit: async (token, input) => {
      if (Number.isNaN(ingest.first)) {
        ingest.cpu0 = cpu();
        ingest.first = performance.now();
      }
      const out = await api.ingestAudit(token, input);
      ingest.last = performance.now();
      ingest.cpu1 = cpu();
      ingest.requests += 1;
      ingest.items += input.events.length;
      return out;
    },
  };
}

function vital(patientId: string, id: string, value: number, at: string): LanternResource {
  return {
    resourceType: 'Observation', id, status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
    subject: { reference: `Patient/${patientId}` }, effectiveDateTime: at,
    valueQuantity: { value, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
  } as LanternResource;
}

function note(patientId: string, id: string, at: string): LanternResource {
  return {
    resourceType: 'DocumentReference', id, status: 'current', docStatus: 'preliminary',
    type: { coding: [{ system: 'http://loinc.org', code: '11506-3', display: 'Progress note' }] },
    subject: { reference: `Patient/${patientId}` }, date: at,
    content: [{ attachment: { contentType: 'text/plain', data: 'U3ludGhldGljIG5vdGU=' } }],
  } as LanternResource;
}

export const devicePushBench: BenchSuite = {
  name: 'device-push',
  async run() {
    console.log(`\n== One workstation catching up: ${MUTATIONS.toLocaleString('en')} queued mutations and ${EVENTS.toLocaleString('en')} audit events through the host sync loop ==`);
    const load0 = loadavg().map((x) => +x.toFixed(1));
    const server = await forkServerChild<{ url: string; pgDir: string }>(new URL('./device-push-server.child.ts', import.meta.url), {});
    const dir = mkdtempSync(join(tmpdir(), 'lantern-device-push-host-'));
    const host = await createHost({ dataDir: dir, serverUrl: server.info.url, syncIntervalMs: 3_600_000, autoLockMs: 3_600_000 });
    try {
      const { store, session, sync, deviceId } = host.services;
      if (!(store instanceof LocalStore)) throw new Error('the host did not open a LocalStore');
      await session.signIn('dr.ada', 'lantern-demo');
      await sync.runOnce();
      await sync.stop();
      const userId = session.userId;
      if (userId === null) throw new Error('not signed in');
      // The care team's patients (the unit's census is read-only for a physician: the server would refuse those edits).
      const patients = [...((await session.requireActive()).scope?.careTeam ?? [])];
      if (patients.length === 0) throw new Error('dr.ada has no care-team patients');
      const existing = store.db.all<{ id: string; patient_id: string; version: string; json: string }>(
        "SELECT id, patient_id, version, json FROM resources WHERE resource_type = 'Observation' AND json_extract(json, '$.valueQuantity.value') IS NOT NULL AND patient_id IN (SELECT value FROM json_each(?)) LIMIT ?",
        JSON.stringify(patients), Math.floor(MUTATIONS / 20));

      // The day offline: queued edits (written as the store writes them, in a few transactions) and the local audit chain.
      const at = new Date().toISOString();
      const mutations: { m: Mutation; r: LanternResource }[] = [];
      for (const e of existing) {
        const r = JSON.parse(e.json) as LanternResource & { valueQuantity: { value: number } };
        const updated = { ...r, valueQuantity: { ...r.valueQuantity, value: r.valueQuantity.value + 1 } } as LanternResource;
        mutations.push({ r: updated, m: MutationSchema.parse({ mutationId: randomUUID(), deviceId, userId, resourceType: 'Observation', resourceId: e.id, patientId: e.patient_id, op: 'update', baseVersion: e.version, resource: updated, createdAt: at }) });
      }
      for (let i = mutations.length; i < MUTATIONS; i++) {
        const patientId = patients[i % patients.length] ?? '';
        const id = randomUUID();
        const r = i % 10 === 0 ? note(patientId, id, at) : vital(patientId, id, 60 + (i % 40), at);
        mutations.push({ r, m: MutationSchema.parse({ mutationId: randomUUID(), deviceId, userId, resourceType: r.resourceType, resourceId: id, patientId, op: 'create', baseVersion: null, resource: r, createdAt: at }) });
      }
      for (let i = 0; i < mutations.length; i += 2000) {
        store.db.write(() => {
          for (const { m, r } of mutations.slice(i, i + 2000)) writeLocalMutation(store.db, m, r);
        });
      }
      for (let i = 0; i < EVENTS; i += 5000) {
        const events: AuditEventInput[] = Array.from({ length: Math.min(5000, EVENTS - i) }, (_, k) => AuditEventInputSchema.parse({
          eventId: randomUUID(), deviceId, userId, action: 'chart-view', patientId: patients[(i + k) % patients.length] ?? null,
          resourceType: null, resourceId: null, outcome: 'success', reason: null, detail: { tab: 'summary' }, recordedAt: at,
        }));
        const r = store.appendAudit(events);
        if (!r.ok) throw r.error;
      }
      console.log(`queued: ${mutations.length.toLocaleString('en')} mutations (${existing.length.toLocaleString('en')} updates of existing observations, the rest vital-sign and note creates) over ${patients.length} patients; ${EVENTS.toLocaleString('en')} audit events`);

      const push = phase();
      const ingest = phase();
      const verdicts = new Map<string, number>();
      const cpu: Cpu = () => [nodeCpuMs(), treeCpuMs(server.pid, true), postgresCpuMs(server.info.pgDir)];
      const api = timedApi(createServerApi({ baseUrl: server.info.url, timeoutMs: 300_000, device: loadOrCreateDeviceKey(store.db, deviceId) }), push, ingest, verdicts, cpu);
      const loop = new SyncLoop({ store: localSyncStore(store, { userId: () => session.userId, uuid: () => randomUUID(), now: () => new Date() }), api, auth: session, deviceId, intervalMs: 3_600_000 });
      const profiler = await startChildProfiler(PROFILE === '' ? undefined : PROFILE);
      await loop.runOnce();
      await profiler.stop();
      const status = await loop.status();
      const pushRate = Math.round(push.items / ((push.last - push.first) / 1000));
      const ingestRate = Math.round(ingest.items / ((ingest.last - ingest.first) / 1000));
      console.log(`push: ${pushRate.toLocaleString('en')} mutations/s (${push.items.toLocaleString('en')} in ${push.requests} requests, ${((push.last - push.first) / 1000).toFixed(1)} s; ${[...verdicts].map(([k, v]) => `${k} ${v}`).join(', ')}); target >= ${TARGET.push.toLocaleString('en')}: ${pushRate >= TARGET.push ? 'met' : 'NOT met'}`);
      console.log(`  push wall per request: ${criticalPath(push)}`);
      console.log(`audit ingest: ${ingestRate.toLocaleString('en')} events/s (${ingest.items.toLocaleString('en')} in ${ingest.requests} requests, ${((ingest.last - ingest.first) / 1000).toFixed(1)} s); target >= ${TARGET.ingest.toLocaleString('en')}: ${ingestRate >= TARGET.ingest ? 'met' : 'NOT met'}`);
      // On a shared machine wall-clock rates follow everyone's load; CPU per item does not.
      for (const [what, p] of [['push', push], ['audit ingest', ingest]] as const) {
        const [h, sv, pg] = p.cpu1.map((x, i) => x - (p.cpu0[i] ?? 0)) as [number, number, number];
        const us = ((h + sv + pg) * 1000) / p.items;
        console.log(`  ${what} CPU per item: host ${((h * 1000) / p.items).toFixed(0)} us + server ${((sv * 1000) / p.items).toFixed(0)} us + Postgres ${((pg * 1000) / p.items).toFixed(0)} us = capacity ~${Math.round(2e6 / us).toLocaleString('en')}/s on 2 dedicated cores`);
      }
      console.log(`left in the outbox ${status.pending}, conflicts and refusals in the inbox ${status.conflicts}, last error ${status.lastError ?? 'none'}`);
    } finally {
      await host.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(`load average at start ${load0.join(' ')}, at end ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) await devicePushBench.run();
