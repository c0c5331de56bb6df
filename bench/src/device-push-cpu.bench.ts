/**
 * The server's share of one workstation catching up (`pnpm bench device-push-cpu`): batches of 500
 * queued mutations (the device-push mix: updates of existing observations, note and vital-sign
 * creates) sent straight to `sync.push` over loopback HTTP, prepared before the clock starts, so
 * the CPU counted is the server process's and its Postgres's alone. The figure to watch is CPU per
 * mutation (server + Postgres): 5,000 mutations/s on 2 dedicated cores needs <= 400 us per mutation
 * in total, so the target here is <= 350 us, leaving the workstation's own share room (the
 * end-to-end figure is `pnpm bench device-push`). LANTERN_BENCH_DPC_BATCHES (default 20).
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { postgresCpuMs } from '../../apps/sync-server/src/bench/proc-cpu.ts';
import { login, must } from '../../apps/sync-server/src/testing/harness.ts';
import { treeCpuMs } from './bench-server.ts';
import { forkServerChild } from './first-sync-children.ts';
import type { BenchSuite } from './suite.ts';

const BATCHES = Number(process.env['LANTERN_BENCH_DPC_BATCHES'] ?? 20);
const BATCH = 500;
/** Server + Postgres CPU per mutation that leaves room for 5,000/s on 2 cores. */
const TARGET_US = 350;

type Json = Record<string, unknown>;
interface Change { resourceType: string; resourceId: string; patientId: string; version: string; resource: Json | null }

function vital(patientId: string, id: string, value: number, at: string): Json {
  return {
    resourceType: 'Observation', id, status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
    subject: { reference: `Patient/${patientId}` }, effectiveDateTime: at,
    valueQuantity: { value, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
  };
}

function note(patientId: string, id: string, at: string): Json {
  return {
    resourceType: 'DocumentReference', id, status: 'current', docStatus: 'preliminary',
    type: { coding: [{ system: 'http://loinc.org', code: '11506-3', display: 'Progress note' }] },
    subject: { reference: `Patient/${patientId}` }, date: at,
    content: [{ attachment: { contentType: 'text/plain', data: 'U3ludGhldGljIG5vdGU=' } }],
  };
}

export const devicePushCpuBench: BenchSuite = {
  name: 'device-push-cpu',
  async run() {
    console.log(`\n== sync.push server CPU: ${BATCHES} batches of ${BATCH} mutations from one workstation ==`);
    const server = await forkServerChild<{ url: string; pgDir: string }>(new URL('./device-push-server.child.ts', import.meta.url), {});
    try {
      const url = server.info.url;
      const s = await login(url, 'dr.ada');
      const scope = await must<{ careTeam: string[] }>(url, 'sync.scope', undefined, s.token);
      const patients = scope.careTeam;
      // The care team's heart rates, to update (as the device-push bench does).
      const existing: Change[] = [];
      for (let cursor: string | null = null; ;) {
        const page: { changes: Change[]; cursor: string; hasMore: boolean } = await must(url, 'sync.pull', { deviceId: s.deviceId, cursor, limit: 5000 }, s.token);
        for (const c of page.changes) {
          if (c.resourceType === 'Observation' && c.resource !== null && patients.includes(c.patientId) && typeof (c.resource['valueQuantity'] as Json | undefined)?.['value'] === 'number') existing.push(c);
        }
        cursor = page.cursor;
        if (!page.hasMore) break;
      }
      const at = new Date().toISOString();
      const updatesPerBatch = BATCH / 20;
      let next = 0;
      const batches = Array.from({ length: BATCHES + 1 }, () => {
        const mutations: Json[] = [];
        for (let i = 0; i < BATCH; i++) {
          const e = i < updatesPerBatch ? existing[next++ % existing.length] : undefined;
          const base = { mutationId: randomUUID(), deviceId: s.deviceId, userId: s.userId, createdAt: at };
          if (e !== undefined && e.resource !== null && next <= existing.length) {
            const q = e.resource['valueQuantity'] as Json;
            const resource = { ...e.resource, valueQuantity: { ...q, value: Number(q['value']) + 1 } };
            mutations.push({ ...base, resourceType: 'Observation', resourceId: e.resourceId, patientId: e.patientId, op: 'update', baseVersion: e.version, resource });
            continue;
          }
          const patientId = patients[i % patients.length] ?? '';
          const id = randomUUID();
          const resource = i % 10 === 0 ? note(patientId, id, at) : vital(patientId, id, 60 + (i % 40), at);
          mutations.push({ ...base, resourceType: resource['resourceType'], resourceId: id, patientId, op: 'create', baseVersion: null, resource });
        }
        return JSON.stringify({ deviceId: s.deviceId, mutations });
      });
      const send = async (body: string) => {
        const r = await fetch(`${url}/trpc/sync.push`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` }, body });
        const out = (await r.json()) as { result?: { data: { results: { status: string }[] } } };
        const results = out.result?.data.results;
        if (results === undefined) throw new Error(`sync.push failed: ${r.status}`);
        return results;
      };
      await send(batches[0] ?? ''); // warm-up: code paths compiled, caches filled
      const load0 = loadavg().map((x) => x.toFixed(1));
      const cpu0 = [treeCpuMs(server.pid, true), postgresCpuMs(server.info.pgDir)];
      const t0 = performance.now();
      const verdicts = new Map<string, number>();
      for (const body of batches.slice(1)) for (const r of await send(body)) verdicts.set(r.status, (verdicts.get(r.status) ?? 0) + 1);
      const wall = performance.now() - t0;
      const [sv, pg] = [treeCpuMs(server.pid, true) - (cpu0[0] ?? 0), postgresCpuMs(server.info.pgDir) - (cpu0[1] ?? 0)];
      const n = BATCHES * BATCH;
      const us = ((sv + pg) * 1000) / n;
      console.log(`${n.toLocaleString('en')} mutations in ${(wall / 1000).toFixed(1)} s wall (${Math.round(n / (wall / 1000)).toLocaleString('en')}/s; ${[...verdicts].map(([k, v]) => `${k} ${v}`).join(', ')})`);
      console.log(`CPU per mutation: server ${((sv * 1000) / n).toFixed(0)} us + Postgres ${((pg * 1000) / n).toFixed(0)} us = ${us.toFixed(0)} us (capacity ~${Math.round(2e6 / us).toLocaleString('en')}/s on 2 cores); target <= ${TARGET_US} us: ${us <= TARGET_US ? 'met' : 'NOT met'}`);
      console.log(`load average at start ${load0.join(' ')}, at end ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    } finally {
      await server.stop();
    }
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) await devicePushCpuBench.run();
