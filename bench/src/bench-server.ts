/**
 * Shared plumbing of the benches that run a sync server in a child process: fork it, wait for the
 * message it sends when ready, stop it; and read CPU time from /proc, because on a shared machine a
 * wall-clock rate depends on everyone else's load while CPU per request does not.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * CPU ms (utime + stime) of a process and all its descendants (the server and its Postgres), or of
 * the process alone. cutime + cstime are included for the tree, so a Postgres backend that exited
 * is still counted in its parent.
 */
export function treeCpuMs(root: number, selfOnly = false): number {
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(d), Number(f[1]));
      ticks.set(Number(d), Number(f[11]) + Number(f[12]) + (selfOnly ? 0 : Number(f[13]) + Number(f[14])));
    } catch {
      // the process ended meanwhile
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, i = 0; p > 1 && i < 50; p = parent.get(p) ?? 0, i++) if (p === root) return true;
    return false;
  };
  let total = 0;
  for (const [pid, t] of ticks) if (selfOnly ? pid === root : inTree(pid)) total += t;
  return total * 10; // USER_HZ = 100
}

/** Forks `childModule` (run through tsx) and resolves with the first message it sends. */
export function forkBenchServer<T>(childModule: URL): Promise<{ info: T; child: ChildProcess; stop: () => Promise<void> }> {
  const child = fork(fileURLToPath(childModule), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench server exited with ${String(code)}`)));
    child.once('message', (m) => {
      child.removeAllListeners('exit');
      resolve({
        info: m as T,
        child,
        stop: () => new Promise<void>((done) => {
          child.once('exit', () => done());
          child.send('stop');
          setTimeout(() => child.kill('SIGKILL'), 20_000).unref();
        }),
      });
    });
  });
}
