import { describe, expect, it } from 'vitest';
import { afterAttempt, retryDelayMs, type DeliveryPolicy } from './backoff.ts';

const policy: DeliveryPolicy = { baseDelayMs: 1000, maxDelayMs: 10_000, maxAttempts: 4, timeoutMs: 1000 };

describe('notification retry schedule', () => {
  it('doubles the ceiling per attempt and keeps at least half of it (equal jitter)', () => {
    expect([1, 2, 3].map((n) => retryDelayMs(policy, n, 0))).toEqual([500, 1000, 2000]);
    expect([1, 2, 3].map((n) => retryDelayMs(policy, n, 0.999_999))).toEqual([1000, 2000, 4000]);
  });
  it('never waits longer than the ceiling, however many attempts failed', () => {
    expect(retryDelayMs(policy, 30, 0.999_999)).toBe(10_000);
  });
  it('an endpoint failing every attempt ends in the dead-letter list after maxAttempts', () => {
    expect(afterAttempt(policy, false, 3, 0.5).kind).toBe('retry');
    expect(afterAttempt(policy, false, 4, 0.5)).toEqual({ kind: 'dead-letter' });
    expect(afterAttempt(policy, true, 4, 0.5)).toEqual({ kind: 'delivered' });
  });
});
