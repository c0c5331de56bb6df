/**
 * CPU time of this process and of the embedded Postgres cluster (postmaster and every backend),
 * from /proc (Linux). On a shared machine a wall-clock rate depends on everyone else's load; CPU
 * per operation does not, so the bench reports both.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * CPU milliseconds per pid and each pid's parent. A live process counts its scheduler run time
 * (/proc/<pid>/schedstat, nanoseconds; utime+stime are in 10 ms ticks, too coarse for a batch of
 * 100 mutations that costs Postgres ~20 ms) plus its reaped children's cutime+cstime (ticks), so
 * backends that exited still count. Postgres processes are single-threaded, so the main thread's
 * schedstat is the process's.
 */
function scanProc(): { parent: Map<number, number>; ms: Map<number, number>; ownMs: Map<number, number> } {
  const parent = new Map<number, number>();
  const ms = new Map<number, number>();
  /** The same without the reaped children's time. */
  const own = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(d), Number(f[1]));
      const reapedMs = (Number(f[13]) + Number(f[14])) * 10; // USER_HZ = 100
      let ownMs: number;
      try {
        ownMs = Number(readFileSync(`/proc/${d}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
      } catch {
        ownMs = (Number(f[11]) + Number(f[12])) * 10;
      }
      ms.set(Number(d), ownMs + reapedMs);
      own.set(Number(d), ownMs);
    } catch {
      // the process ended meanwhile
    }
  }
  return { parent, ms, ownMs: own };
}

/** CPU milliseconds used so far by the process tree under `root` (a postmaster: itself and every backend, at any depth). */
export function processTreeCpuMs(root: number): number {
  const { parent, ms } = scanProc();
  let total = 0;
  for (const [pid, t] of ms) {
    for (let p = pid, i = 0; p > 1 && i < 50; p = parent.get(p) ?? 0, i++) {
      if (p === root) {
        total += t;
        break;
      }
    }
  }
  return total;
}

/** CPU milliseconds used so far by the Postgres whose data directory is `pgDir`. */
export function postgresCpuMs(pgDir: string): number {
  let root: number;
  try {
    root = Number.parseInt(readFileSync(join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
  } catch {
    return Number.NaN;
  }
  const { parent, ms } = scanProc();
  let total = 0;
  for (const [pid, t] of ms) if (pid === root || parent.get(pid) === root) total += t;
  return total;
}

/**
 * The same split by who did the work: the client backends (the queries the app sent) and the
 * cluster's background processes (checkpointer, background and WAL writers, autovacuum, I/O
 * workers), whose work follows the write volume and lands in whichever interval is running.
 * Returns a sampler of two running totals. A process that exits takes its time since the sample
 * before with it (a pool closing an idle connection: nothing), so the totals never step back.
 */
export function postgresCpuSplitSampler(pgDir: string): () => { backends: number; background: number } {
  const last = new Map<number, { ms: number; background: boolean }>();
  const totals = { backends: 0, background: 0 };
  return () => {
    let root: number;
    try {
      root = Number.parseInt(readFileSync(join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
    } catch {
      return { backends: Number.NaN, background: Number.NaN };
    }
    // Each process's own time: a backend that exits would otherwise come back whole as the postmaster's reaped time.
    const { parent, ownMs: ms } = scanProc();
    const seen = new Set<number>();
    for (const [pid, t] of ms) {
      if (pid !== root && parent.get(pid) !== root) continue;
      seen.add(pid);
      const before = last.get(pid);
      const background = before?.background ?? (pid === root || isBackgroundProcess(pid));
      // A process first seen now started since the sample before (or this is the first sample).
      const delta = before === undefined ? (last.size === 0 ? 0 : t) : t - before.ms;
      if (background) totals.background += delta;
      else totals.backends += delta;
      last.set(pid, { ms: t, background });
    }
    for (const pid of last.keys()) if (!seen.has(pid)) last.delete(pid);
    return { ...totals };
  };
}

/** A postmaster child that serves no client connection (its process title, e.g. "postgres: checkpointer"). */
function isBackgroundProcess(pid: number): boolean {
  let title: string;
  try {
    title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return false;
  }
  return /postgres: (checkpointer|background writer|walwriter|autovacuum|logical replication|archiver|io worker|walsummarizer|stats)/.test(title);
}

/** CPU milliseconds used so far by this Node process. */
export function nodeCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
