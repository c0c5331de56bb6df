/**
 * One Jepsen-style convergence run (README, "Sync under faults"): five workstations edit offline
 * in rounds and sync through the fault proxy while sync-server processes are SIGKILLed and
 * restarted at random; then faults stop, every workstation syncs until quiet, and the checker
 * compares the history and the final states. Everything random comes from one seed, printed first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { PushResult } from '@lantern/core';
import { checkHistory, type HistoryCounts, type ServerRecord } from './checker.ts';
import { FAULT_KINDS, startFaultProxy, type FaultKind } from './fault-proxy.ts';
import { prng } from './prng.ts';
import { freePort, startHaproxy, syncServerProcess, type Haproxy, type SyncServerProcess } from './server-processes.ts';
import { checkAudit, compareStore, type AnyViolation, type ServerDb } from './state-check.ts';
import { openWorkstation, type Workstation } from './workstation.ts';
import { SharedRecords, Workload } from './workload.ts';

export interface RunOptions {
  seed: number;
  /** Edits per workstation (the issue's figure is 2,000). */
  edits: number;
  rounds: number;
  /** 1: one server behind the proxy; 3: three behind HAProxy. */
  servers: 1 | 3;
  minKills: number;
  faultRate: number;
  /** How long a workstation keeps syncing after a round of offline edits (bounds a run while servers are down). */
  roundSyncMs: number;
  /** The one Postgres every server process uses; it outlives every kill. */
  database: { url: string; db: ServerDb };
  log: (line: string) => void;
}

export interface RunReport {
  seed: number;
  counts: HistoryCounts & { deviceAuditEvents: number; centralAuditEvents: number; kills: number; requests: number; upstreamErrors: number; seconds: number };
  faults: Record<FaultKind, number>;
  violations: AnyViolation[];
}

/** Five workstations on users whose care teams overlap: three of dr.ada's devices, two of rn.ben's. */
const STATIONS = [
  { name: 'ada-1', username: 'dr.ada' }, { name: 'ada-2', username: 'dr.ada' }, { name: 'ada-3', username: 'dr.ada' },
  { name: 'ben-1', username: 'rn.ben' }, { name: 'ben-2', username: 'rn.ben' },
];

const outboxSize = (ws: Workstation): number => ws.store.db.get<{ n: number }>('SELECT count(*) AS n FROM outbox')?.n ?? 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startWithRetry(s: SyncServerProcess): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await s.start();
    } catch (e) {
      if (attempt >= 3) throw e;
      await sleep(1000);
    }
  }
}

export const newSeed = (): number => randomBytes(4).readUInt32LE(0);

export async function runConvergence(o: RunOptions): Promise<RunReport> {
  const started = Date.now();
  const rng = prng(o.seed);
  o.log(`convergence: seed=${o.seed} (replay: LANTERN_CONVERGENCE_SEED=${o.seed}) servers=${o.servers} workstations=${STATIONS.length} edits/workstation=${o.edits} rounds=${o.rounds}`);
  const dir = mkdtempSync(join(tmpdir(), 'lantern-convergence-'));
  const secret = randomBytes(32).toString('hex');
  const servers: SyncServerProcess[] = [];
  for (let i = 0; i < o.servers; i += 1) {
    servers.push(syncServerProcess({ databaseUrl: o.database.url, dataDir: join(dir, `server-${i}`), tokenSecret: secret, port: await freePort(), demoPatients: 20 }));
  }
  let haproxy: Haproxy | null = null;
  const stations: Workstation[] = [];
  let kills = 0;
  try {
    // The first server migrates and seeds; the others start on the ready database.
    for (const s of servers) await s.start();
    if (o.servers > 1) haproxy = await startHaproxy(dir, servers.map((s) => s.url));
    const upstream = haproxy?.url ?? servers[0]?.url ?? '';
    const proxy = await startFaultProxy(upstream, rng.fork(1), 0);
    for (const st of STATIONS) stations.push(await openWorkstation({ ...st, dir, baseUrl: proxy.url, password: 'lantern-demo' }));
    for (const ws of stations) await ws.loop.runOnce();
    o.log(`convergence: servers up and ${stations.length} workstations signed in and synced after ${Math.round((Date.now() - started) / 1000)} s`);
    const shared = new SharedRecords();
    const workloads = stations.map((ws, i) => new Workload(ws, rng.fork(10 + i), shared));

    // The nemesis: kill a server at random moments, restart it after a moment, until the rounds are over.
    proxy.setFaultRate(o.faultRate);
    let roundsDone = false;
    const chaosRng = rng.fork(2);
    const chaos = (async () => {
      while (!roundsDone || kills < o.minKills) {
        await sleep(2000 + chaosRng.int(6000));
        if (roundsDone && kills >= o.minKills) break;
        const victim = chaosRng.pick(servers);
        await victim.kill();
        kills += 1;
        o.log(`convergence: SIGKILL server ${servers.indexOf(victim)} (kill ${kills})`);
        await sleep(300 + chaosRng.int(2000));
        await startWithRetry(victim);
        o.log(`convergence: server ${servers.indexOf(victim)} back at ${Math.round((Date.now() - started) / 1000)} s`);
      }
    })();
    const perRound = Math.ceil(o.edits / o.rounds);
    for (let r = 0; r < o.rounds; r += 1) {
      // Offline: every workstation edits without syncing, so edits on shared records race.
      for (let k = 0; k < perRound; k += 1) for (const w of workloads) if (w.records.length < o.edits) await w.edit();
      // Back online: each workstation syncs until its outbox is empty (through faults and kills), within a bound.
      await Promise.all(stations.map(async (ws) => {
        const until = Date.now() + o.roundSyncMs;
        do {
          await ws.loop.runOnce();
          if (outboxSize(ws) === 0) break;
          await sleep(250);
        } while (Date.now() < until);
      }));
      o.log(`convergence: round ${r + 1}/${o.rounds} done at ${Math.round((Date.now() - started) / 1000)} s (kills so far ${kills})`);
    }
    roundsDone = true;
    await chaos;

    // Fault-free final rounds: everything that is queued goes, then everyone pulls everything.
    for (const s of servers) await startWithRetry(s);
    proxy.setFaultRate(0);
    if (haproxy !== null) await sleep(2000); // health checks see the restarted servers up
    for (let pass = 0; pass < 6; pass += 1) {
      await Promise.all(stations.map((ws) => ws.loop.runOnce()));
      const left = stations.reduce((n, ws) => n + outboxSize(ws), 0);
      if (left === 0 && pass >= 1) break;
    }
    await Promise.all(stations.map((ws) => ws.loop.runOnce()));
    const fc = proxy.counts();
    await proxy.close();

    // The checker.
    const edits = workloads.flatMap((w) => w.records);
    const received = new Map<string, PushResult>();
    for (const ws of stations) for (const [k, v] of ws.received) received.set(k, v);
    const ids = edits.map((e) => e.mutationId);
    const logged = new Map((await o.database.db.query<{ mutation_id: string; status: string }>('SELECT mutation_id, status FROM mutation_log WHERE mutation_id = ANY($1::uuid[])', [ids])).map((r) => [r.mutation_id, r.status]));
    const conflicts = new Set((await o.database.db.query<{ mutation_id: string }>('SELECT mutation_id FROM conflicts WHERE mutation_id = ANY($1::uuid[])', [ids])).map((r) => r.mutation_id));
    const records = new Map<string, ServerRecord>((await o.database.db.query<{ id: string; version: number; deleted: boolean; resource: Record<string, unknown> | null }>(
      'SELECT id, version, deleted, resource FROM resources WHERE resource_type = $1 AND id = ANY($2::text[])', ['Observation', shared.ids.map((s) => s.id)],
    )).map((r) => [r.id, { version: r.version, deleted: r.deleted, resource: r.resource }]));
    const history = checkHistory(edits, received, { logged, conflicts, records });
    const violations: AnyViolation[] = [...history.violations];
    for (const ws of stations) violations.push(...(await compareStore(ws, o.database.db)));
    const audit = await checkAudit(stations, o.database.db);
    violations.push(...audit.violations);
    const faults = Object.fromEntries(FAULT_KINDS.map((k) => [k, fc[k]])) as Record<FaultKind, number>;
    const report: RunReport = {
      seed: o.seed,
      counts: { ...history.counts, deviceAuditEvents: audit.deviceEvents, centralAuditEvents: audit.centralEvents, kills, requests: fc.requests, upstreamErrors: fc.upstreamErrors, seconds: Math.round((Date.now() - started) / 1000) },
      faults,
      violations,
    };
    o.log(`convergence: ${JSON.stringify(report.counts)}`);
    o.log(`convergence: faults injected ${JSON.stringify(faults)}`);
    o.log(`convergence: ${violations.length} violations${violations.length === 0 ? '' : `:\n  ${violations.slice(0, 25).map((v) => `${v.kind}: ${v.detail}`).join('\n  ')}`}`);
    return report;
  } finally {
    for (const ws of stations) await ws.close().catch(() => undefined);
    await haproxy?.stop();
    for (const s of servers) await s.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
