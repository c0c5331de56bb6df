import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';

describe('backoffDelay', () => {
  const o = { baseMs: 500, maxMs: 30_000 };
  it('grows exponentially up to the cap', () => {
    expect(backoffDelay(0, o, () => 0.999)).toBeLessThanOrEqual(500);
    expect(backoffDelay(3, o, () => 0.999)).toBeGreaterThan(3500);
    expect(backoffDelay(3, o, () => 0.999)).toBeLessThanOrEqual(4000);
    expect(backoffDelay(50, o, () => 0.999)).toBeLessThanOrEqual(30_000);
  });
  it('spreads retries (jitter) but never retries in a tight loop', () => {
    const delays = new Set(Array.from({ length: 20 }, (_, i) => backoffDelay(6, o, () => (i + 0.5) / 20)));
    expect(delays.size).toBeGreaterThan(10);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(250);
  });
});
