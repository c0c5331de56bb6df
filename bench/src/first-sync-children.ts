/**
 * Child processes of the first-sync and PouchDB-peer benches: each side's workstation runs in its own
 * process so its peak RSS (VmHWM from /proc) is its own, and each server in another.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * With LANTERN_BENCH_CPU_PROF=<dir>, every child writes a V8 CPU profile there when it exits (open
 * it in Chrome DevTools): where the CPU goes on each side, per process.
 */
const profDir = process.env['LANTERN_BENCH_CPU_PROF'];
const execArgv = ['--import', 'tsx', ...(profDir === undefined || profDir === '' ? [] : ['--cpu-prof', `--cpu-prof-dir=${profDir}`])];

/** Peak resident set (VmHWM) of a live process, in MB. */
export function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m?.[1] === undefined ? NaN : Math.round(Number(m[1]) / 1024);
}

/** Forks a child module through tsx, sends it `job`, resolves with its first message and its peak RSS; then lets it exit. */
export function runChild<T>(module: URL, job: object): Promise<{ out: T; rssMb: number }> {
  const child = fork(fileURLToPath(module), [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${module.pathname} exited with ${String(code)}`)));
    child.once('message', (m) => {
      const rssMb = peakRssMb(child.pid ?? 0);
      child.removeAllListeners('exit');
      child.send('exit');
      resolve({ out: m as T, rssMb });
    });
    child.send(job);
  });
}

/** Forks a server child, sends it `job`, resolves when it reports ready; `stop()` asks it to exit (SIGKILL after 20 s). */
export function forkServerChild<T>(module: URL, job: object): Promise<{ info: T; pid: number; stop: () => Promise<void> }> {
  const child = fork(fileURLToPath(module), [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${module.pathname} exited with ${String(code)}`)));
    child.once('message', (m) => {
      child.removeAllListeners('exit');
      resolve({
        info: m as T,
        pid: child.pid ?? 0,
        stop: () => new Promise<void>((done) => {
          child.once('exit', () => done());
          child.send('stop');
          setTimeout(() => child.kill('SIGKILL'), 20_000).unref();
        }),
      });
    });
    child.send(job);
  });
}
