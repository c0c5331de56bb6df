/** Timing helpers shared by the suites. */
export interface Stats {
  n: number;
  median: number;
  p99: number;
  max: number;
}

export function stats(samples: readonly number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
  return { n: s.length, median: at(0.5), p99: at(0.99), max: s[s.length - 1] ?? NaN };
}

/** Runs `fn` `iterations` times after `warmup` untimed runs; returns milliseconds per run. */
export function timeSync(fn: () => void, iterations: number, warmup = Math.ceil(iterations / 10)): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

export async function timeAsync(fn: () => Promise<void>, iterations: number, warmup = Math.ceil(iterations / 10)): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

export const ms = (x: number): string => `${x.toFixed(2)} ms`;
export const ratio = (a: number, b: number): string => (a / b).toFixed(2);

export interface Samples {
  /** Wall-clock ms per run: what a clinician waits, including time the OS gave to other processes. */
  wall: number[];
  /** CPU ms this process spent per run: the work itself, unaffected by other load on the machine. */
  cpu: number[];
}

export function timeSyncBoth(fn: () => void, iterations: number, warmup = Math.ceil(iterations / 10)): Samples {
  for (let i = 0; i < warmup; i++) fn();
  const out: Samples = { wall: [], cpu: [] };
  for (let i = 0; i < iterations; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    fn();
    out.wall.push(performance.now() - t);
    const d = process.cpuUsage(c);
    out.cpu.push((d.user + d.system) / 1000);
  }
  return out;
}
