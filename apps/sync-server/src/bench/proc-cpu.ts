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
function scanProc(): { parent: Map<number, number>; ms: Map<number, number> } {
  const parent = new Map<number, number>();
  const ms = new Map<number, number>();
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
    } catch {
      // the process ended meanwhile
    }
  }
  return { parent, ms };
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

/** CPU milliseconds used so far by this Node process. */
export function nodeCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
