/**
 * A seeded PRNG (mulberry32) so a failing convergence run can be replayed with the same seed:
 * the same faults on the same request numbers, the same edits, the same kill times.
 */
export interface Prng {
  readonly seed: number;
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  /** A child generator with its own stream, so one consumer's draws do not shift another's. */
  fork(label: number): Prng;
}

export function prng(seed: number): Prng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    seed,
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      const item = items[int(items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    fork: (label: number) => prng((Math.imul(seed ^ 0x9e3779b9, 31) + label * 0x85ebca6b) >>> 0),
  };
}
