/**
 * One Jepsen-style convergence run (README, "Sync under faults"): five workstations edit offline
 * in rounds and sync through the fault proxy while the nemesis SIGKILLs sync-server processes in
 * the middle of pushes and pulls and restarts them; then faults stop, every workstation syncs
 * until quiet, and the checker compares the history and the final states. Rounds last as long as
 * the sync loop needs to empty the outboxes (bounded), not a fixed time. Everything random comes
 * from one seed, printed first.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { PushResult } from '@lantern/core';
import { checkHistory, type HistoryCounts, type ServerRecord, type Violation } from './checker.ts';
import { Nemesis, type NemesisCounts } from './nemesis.ts';
import { FAULT_KINDS, startFaultProxy, type FaultKind } from './fault-proxy.ts';
import { prng } from './prng.ts';
import { freePort, startHaproxy, syncServerProcess, type Haproxy, type SyncServerProcess } from './server-processes.ts';
import { checkAudit, compareStore, type AnyViolation, type ServerDb } from './state-check.ts';
import { openWorkstation, type Workstation } from './workstation.ts';
import { coverage, SharedRecords, Workload, type Coverage, type EditRecord } from './workload.ts';

export interface RunOptions {
  seed: number;
  /** Edits per workstation (the issue's figure is 2,000). */
  edits: number;
  rounds: number;
  /** 1: one server behind the proxy; 3: three behind HAProxy. */
  servers: 1 | 3;
  /** Kills that must interrupt a push or pull in flight. */
  minKills: number;
  faultRate: number;
  /** Upper bound of one round's sync (a round ends as soon as every outbox is empty). */
  roundSyncMs: number;
  /** The one Postgres every server process uses; it outlives every kill. */
  database: { url: string; db: ServerDb };
  log: (line: string) => void;
}

export interface RunReport {
  seed: number;
  counts: HistoryCounts & { deviceAuditEvents: number; centralAuditEvents: number; requests: number; upstreamErrors: number; seconds: number };
  nemesis: NemesisCounts;
  coverage: Coverage;
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

/** Syncs until the outbox is empty, as fast as the sync loop goes (a short pause after a failed cycle), within a bound. */
async function syncUntilEmpty(ws: Workstation, boundMs: number): Promise<void> {
  const until = Date.now() + boundMs;
  for (;;) {
    await ws.loop.runOnce();
    if (outboxSize(ws) === 0 || Date.now() >= until) return;
    await sleep(100);
  }
}

/** CPU seconds (user + system) of this process and of the children it has reaped (the server processes, once stopped or killed). */
function cpuSeconds(pid: number | 'self'): { own: number; children: number } | null {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = f.slice(f.lastIndexOf(')') + 2).split(' ').map(Number);
    // After the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14), in clock ticks.
    const t = (i: number) => (fields[i] ?? 0) / 100;
    return { own: t(11) + t(12), children: t(13) + t(14) };
  } catch {
    return null;
  }
}

/** The Postgres postmaster this process started (a direct child named postgres), whose reaped children are the backends. */
function postmasterPid(): number | null {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const f = readFileSync(`/proc/${d}/stat`, 'utf8');
      const comm = f.slice(f.indexOf('(') + 1, f.lastIndexOf(')'));
      const ppid = Number(f.slice(f.lastIndexOf(')') + 2).split(' ')[1]);
      if (comm === 'postgres' && ppid === process.pid) return Number(d);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

export async function runConvergence(o: RunOptions): Promise<RunReport> {
  const started = Date.now();
  const at = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const rng = prng(o.seed);
  o.log(`convergence: seed=${o.seed} (replay: LANTERN_CONVERGENCE_SEED=${o.seed}) servers=${o.servers} workstations=${STATIONS.length} edits/workstation=${o.edits} rounds=${o.rounds}`);
  const dir = mkdtempSync(join(tmpdir(), 'lantern-convergence-'));
  const secret = randomBytes(32).toString('hex');
  const servers: SyncServerProcess[] = [];
  for (let i = 0; i < o.servers; i += 1) {
    servers.push(syncServerProcess({ databaseUrl: o.database.url, dataDir: join(dir, `server-${i}`), tokenSecret: secret, port: await freePort(), demoPatients: 20 }));
  }
  const pm = postmasterPid();
  const cpu0 = { self: cpuSeconds('self'), pg: pm === null ? null : cpuSeconds(pm) };
  const phases: Record<string, number> = {};
  let phaseAt = Date.now();
  const phase = (name: string) => {
    phases[name] = (phases[name] ?? 0) + (Date.now() - phaseAt) / 1000;
    phaseAt = Date.now();
  };
  let haproxy: Haproxy | null = null;
  const stations: Workstation[] = [];
  let report: RunReport;
  try {
    // The first server migrates and seeds; the others start on the ready database.
    const [first, ...rest] = servers;
    if (first !== undefined) await first.start();
    await Promise.all(rest.map((s) => s.start()));
    o.log(`convergence: ${servers.length} server${servers.length === 1 ? '' : 's'} up at ${at()}`);
    if (haproxy === null && o.servers > 1) haproxy = await startHaproxy(dir, servers.map((s) => s.url));
    const balancer = haproxy;
    const upstream = balancer?.url ?? servers[0]?.url ?? '';
    const proxy = await startFaultProxy(upstream, rng.fork(1), 0);
    // One at a time: on two loaded cores five sign-ins (password hashing) at once time each other out.
    for (const st of STATIONS) stations.push(await openWorkstation({ ...st, dir, baseUrl: proxy.url, password: 'lantern-demo' }));
    o.log(`convergence: ${stations.length} workstations signed in at ${at()}`);
    for (const ws of stations) await ws.loop.runOnce();
    phase('setup');
    o.log(`convergence: servers up and ${stations.length} workstations signed in and synced at ${at()}`);
    const shared = new SharedRecords();
    const workloads = stations.map((ws, i) => new Workload(ws, rng.fork(10 + i), shared));
    const nemesis = new Nemesis({
      proxy, servers, rng: rng.fork(2), log: o.log, restart: startWithRetry,
      ...(balancer === null ? {} : { sessions: async () => (await balancer.servers()).map((s) => s.sessions) }),
    });

    // Kills are armed in rounds chosen at random (one more than required), and again in the next
    // round whenever one failed to interrupt a request, so they are spread over the run.
    proxy.setFaultRate(o.faultRate);
    const planned = new Set<number>();
    const killRounds = Math.min(o.rounds - 1, o.minKills + 1);
    const planRng = rng.fork(3);
    while (planned.size < killRounds) planned.add(planRng.int(o.rounds - 1));
    const perRound = Math.ceil(o.edits / o.rounds);
    for (let r = 0; r < o.rounds; r += 1) {
      // Offline: every workstation edits without syncing, so edits on shared records race.
      for (const w of workloads) await w.edits(Math.min(perRound, o.edits - w.records.length));
      phase('edits');
      const plannedLeft = [...planned].filter((p) => p > r).length;
      if (planned.has(r) || nemesis.counts.inFlightKills + plannedLeft < o.minKills) nemesis.arm();
      // Back online: each workstation syncs until its outbox is empty (through faults and kills), within a bound.
      await Promise.all(stations.map((ws) => syncUntilEmpty(ws, o.roundSyncMs)));
      nemesis.disarm();
      phase('round sync');
      o.log(`convergence: round ${r + 1}/${o.rounds} done at ${at()} (kills ${nemesis.counts.kills}, in flight ${nemesis.counts.inFlightKills})`);
    }
    // Too few kills landed on traffic: more sync passes (pulls, audit uploads) with a kill armed on each.
    for (let extra = 0; nemesis.counts.inFlightKills < o.minKills && extra < 6; extra += 1) {
      await nemesis.settled();
      nemesis.arm(2);
      await Promise.all(stations.map((ws) => ws.loop.runOnce()));
      nemesis.disarm();
    }
    await nemesis.settled();
    nemesis.stop();
    phase('round sync');

    // Fault-free final rounds: everything that is queued goes, then everyone pulls everything.
    for (const s of servers) await startWithRetry(s);
    proxy.setFaultRate(0);
    for (let i = 0; balancer !== null && i < 50; i += 1) {
      // Until HAProxy's health checks see every restarted server up again.
      if ((await balancer.servers()).every((s) => s.up)) break;
      await sleep(200);
    }
    for (let pass = 0; pass < 6; pass += 1) {
      await Promise.all(stations.map((ws) => ws.loop.runOnce()));
      const left = stations.reduce((n, ws) => n + outboxSize(ws), 0);
      if (left === 0 && pass >= 1) break;
    }
    await Promise.all(stations.map((ws) => ws.loop.runOnce()));
    const fc = proxy.counts();
    await proxy.close();
    phase('final sync');

    // The checker: the server is read in a few set-based queries.
    const edits = workloads.flatMap((w) => w.records);
    const received = new Map<string, PushResult>();
    for (const ws of stations) for (const [k, v] of ws.received) received.set(k, v);
    const ids = edits.map((e) => e.mutationId);
    const logged = new Map((await o.database.db.query<{ mutation_id: string; status: string }>('SELECT mutation_id, status FROM mutation_log WHERE mutation_id = ANY($1::uuid[])', [ids])).map((r) => [r.mutation_id, r.status]));
    const conflictRows = await o.database.db.query<{ mutation_id: string; server_version: number | null }>('SELECT mutation_id, server_version FROM conflicts WHERE mutation_id = ANY($1::uuid[])', [ids]);
    const conflicts = new Set(conflictRows.map((r) => r.mutation_id));
    const conflictAgainst = new Map(conflictRows.flatMap((r) => (r.server_version === null ? [] : [[r.mutation_id, Number(r.server_version)] as const])));
    const records = new Map<string, ServerRecord>((await o.database.db.query<{ id: string; version: number; deleted: boolean; resource: Record<string, unknown> | null }>(
      'SELECT id, version, deleted, resource FROM resources WHERE resource_type = $1 AND id = ANY($2::text[])', ['Observation', shared.ids.map((s) => s.id)],
    )).map((r) => [r.id, { version: r.version, deleted: r.deleted, resource: r.resource }]));
    const history = checkHistory(edits, received, { logged, conflicts, conflictAgainst, records });
    const violations: AnyViolation[] = [...history.violations];
    for (const ws of stations) violations.push(...(await compareStore(ws, o.database.db)));
    const audit = await checkAudit(stations, o.database.db);
    violations.push(...audit.violations);
    // A history violation is rare and timing-bound (a replayed seed may not hit it again): print what
    // the server and the workstations recorded for that record, so one occurrence is enough to explain it.
    for (const line of await recordTraces(history.violations, edits, received, o.database.db)) o.log(line);
    phase('checker');
    const faults = Object.fromEntries(FAULT_KINDS.map((k) => [k, fc[k]])) as Record<FaultKind, number>;
    report = {
      seed: o.seed,
      counts: { ...history.counts, deviceAuditEvents: audit.deviceEvents, centralAuditEvents: audit.centralEvents, requests: fc.requests, upstreamErrors: fc.upstreamErrors, seconds: Math.round((Date.now() - started) / 1000) },
      nemesis: nemesis.counts,
      coverage: coverage(edits),
      faults,
      violations,
    };
  } finally {
    for (const ws of stations) await ws.close().catch(() => undefined);
    await haproxy?.stop();
    for (const s of servers) await s.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
  const cpu1 = { self: cpuSeconds('self'), pg: pm === null ? null : cpuSeconds(pm) };
  const cpu = (a: { own: number; children: number } | null, b: { own: number; children: number } | null, part: 'own' | 'children') =>
    a === null || b === null ? 'n/a' : `${(b[part] - a[part]).toFixed(1)} s`;
  o.log(summary(report, {
    phases,
    cpu: `test process ${cpu(cpu0.self, cpu1.self, 'own')}, sync servers ${cpu(cpu0.self, cpu1.self, 'children')}, Postgres backends ${cpu(cpu0.pg, cpu1.pg, 'children')}`,
  }));
  return report;
}

/** Violations grouped by kind and workstation (ids only), then the first few in full. */
function groupViolations(violations: readonly AnyViolation[]): string {
  const groups = new Map<string, number>();
  for (const v of violations) {
    const station = /^([a-z]+-\d): /.exec(v.detail)?.[1];
    const type = /: ([A-Z][A-Za-z]+)\/[0-9a-f-]+ /.exec(v.detail)?.[1];
    const k = [v.kind, station, type].filter((x) => x !== undefined).join(' ');
    groups.set(k, (groups.get(k) ?? 0) + 1);
  }
  return [...groups].map(([k, n]) => `${k}: ${n}`).join(', ');
}

/** The block each run ends with. */
function summary(r: RunReport, x: { phases: Record<string, number>; cpu: string }): string {
  const c = r.counts;
  const n = r.nemesis;
  const cov = r.coverage;
  const faultTotal = Object.values(r.faults).reduce((a, b) => a + b, 0);
  const lines = [
    `---- convergence counts (seed ${r.seed}; replay: LANTERN_CONVERGENCE_SEED=${r.seed}) ----`,
    `writes            ${c.writes} (creates ${cov.creates}, field updates ${cov.fieldUpdates}, notes ${cov.notes}, deletes ${cov.deletes})`,
    `edit cases        same field on two devices ${cov.sameFieldRaces} pairs, different fields on two devices ${cov.differentFieldPairs} pairs, same field twice on one device ${cov.sameDeviceRepeats} pairs`,
    `acknowledged      ${c.acknowledged}`,
    `conflicts         ${c.conflicts} (of which self-conflicts ${c.selfConflicts}, each a violation: a device's own later edit of a field recorded as a race with its earlier one)`,
    `refused           ${c.refused}`,
    `faults injected   ${faultTotal}: ${Object.entries(r.faults).map(([k, v]) => `${k} ${v}`).join(', ')} (requests ${c.requests}, upstream errors ${c.upstreamErrors})`,
    `kills             ${n.kills} SIGKILLs, ${n.inFlightKills} interrupting push/pull in flight (requests interrupted: push ${n.interrupted.push}, pull ${n.interrupted.pull}); restart seconds ${n.restartSeconds.join(', ')}`,
    `audit events      ${c.deviceAuditEvents} device events, central chain ${c.centralAuditEvents} events`,
    `elapsed           ${c.seconds} s (${Object.entries(x.phases).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')}); CPU: ${x.cpu}`,
    `violations        ${r.violations.length}${r.violations.length === 0 ? '' : ` (${groupViolations(r.violations)})`}`,
    ...r.violations.slice(0, 10).map((v) => `  ${v.kind}: ${v.detail}`),
  ];
  return lines.join('\n');
}

/**
 * For each record named by a history violation (at most 3): every version the server stored (with
 * the mutation and device that wrote it and the version's field values), every mutation_log verdict
 * and conflict row for that record, and each workstation edit with its base and the answer it got.
 * Ids and synthetic field values only.
 */
async function recordTraces(violations: readonly Violation[], edits: readonly EditRecord[], received: ReadonlyMap<string, PushResult>, db: ServerDb): Promise<string[]> {
  const ids = [...new Set(violations.flatMap((v) => (v.resourceId === undefined ? [] : [v.resourceId])))].slice(0, 3);
  const lines: string[] = [];
  for (const id of ids) {
    const versions = await db.query<{ version: number; deleted: boolean; device_id: string | null; mutation_id: string | null; last_updated: string; fields: string }>(
      `SELECT version, deleted, device_id, mutation_id::text, last_updated::text,
         concat_ws(' ', resource->'method'->>'text', resource->'bodySite'->>'text', resource->>'issued') AS fields
       FROM resource_versions WHERE resource_type = 'Observation' AND id = $1 ORDER BY version`, [id]);
    const mine = edits.filter((e) => e.resourceId === id);
    const logRows = await db.query<{ mutation_id: string; device_id: string; status: string | null; version: string | null; created_at: string }>(
      `SELECT mutation_id::text, device_id, status, result->>'version' AS version, created_at::text FROM mutation_log WHERE mutation_id = ANY($1::uuid[]) ORDER BY created_at`,
      [mine.map((e) => e.mutationId)]);
    const conflictRows = await db.query<{ mutation_id: string; base_version: number | null; server_version: number; fields: string[] }>(
      'SELECT mutation_id::text, base_version, server_version, fields FROM conflicts WHERE resource_id = $1 ORDER BY created_at', [id]);
    lines.push(`---- trace of ${id} ----`);
    for (const v of versions) lines.push(`  stored v${v.version}${v.deleted ? ' (deleted)' : ''} by ${v.device_id ?? '-'} mutation ${v.mutation_id ?? '-'} at ${v.last_updated}: ${v.fields}`);
    for (const e of mine) {
      const r = received.get(e.mutationId);
      const answer = r === undefined ? 'no answer' : r.status === 'applied' || r.status === 'merged' ? `${r.status} v${r.version}` : r.status;
      const what = e.edit.kind === 'field' ? `${e.edit.field}=${e.edit.value}` : e.edit.kind;
      lines.push(`  edit ${e.device}#${e.n} mutation ${e.mutationId} base v${e.base} ${what} -> ${answer}`);
    }
    for (const l of logRows) lines.push(`  logged ${l.mutation_id} from ${l.device_id}: ${l.status ?? 'in flight'} v${l.version ?? '-'} at ${l.created_at}`);
    for (const c of conflictRows) lines.push(`  conflict ${c.mutation_id}: base v${c.base_version ?? '-'} against v${c.server_version} on ${c.fields.join(',')}`);
  }
  return lines;
}
