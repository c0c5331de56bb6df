/**
 * CPU time of this process and of the embedded Postgres cluster (postmaster and every backend),
 * from /proc (Linux). On a shared machine a wall-clock rate depends on everyone else's load; CPU
 * per operation does not, so the bench reports both.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** utime+stime (+ children's, so backends that exited still count) per pid, and each pid's parent. */
function scanProc(): { parent: Map<number, number>; ticks: Map<number, number> } {
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(d), Number(f[1]));
      ticks.set(Number(d), Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]));
    } catch {
      // the process ended meanwhile
    }
  }
  return { parent, ticks };
}

/** CPU milliseconds used so far by the process tree under `root` (a postmaster: itself and every backend, at any depth). */
export function processTreeCpuMs(root: number): number {
  const { parent, ticks } = scanProc();
  let total = 0;
  for (const [pid, t] of ticks) {
    for (let p = pid, i = 0; p > 1 && i < 50; p = parent.get(p) ?? 0, i++) {
      if (p === root) {
        total += t;
        break;
      }
    }
  }
  return total * 10; // USER_HZ = 100
}

/** CPU milliseconds used so far by the Postgres whose data directory is `pgDir`. */
export function postgresCpuMs(pgDir: string): number {
  let root: number;
  try {
    root = Number.parseInt(readFileSync(join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
  } catch {
    return Number.NaN;
  }
  const { parent, ticks } = scanProc();
  let total = 0;
  for (const [pid, t] of ticks) if (pid === root || parent.get(pid) === root) total += t;
  return total * 10; // USER_HZ = 100
}

/** CPU milliseconds used so far by this Node process. */
export function nodeCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
