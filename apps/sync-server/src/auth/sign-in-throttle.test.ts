import { describe, expect, it } from 'vitest';
import { backoffSeconds, DEFAULT_SIGN_IN_THROTTLE, usernameKey } from './sign-in-throttle.ts';

describe('sign-in backoff', () => {
  it('waits nothing before the threshold, then doubles from the base delay up to the cap', () => {
    const o = { baseDelaySeconds: 5, maxDelaySeconds: 60 };
    expect([1, 4].map((n) => backoffSeconds(n, 5, o))).toEqual([0, 0]);
    expect([5, 6, 7, 8, 9].map((n) => backoffSeconds(n, 5, o))).toEqual([5, 10, 20, 40, 60]);
    expect(backoffSeconds(10_000, 5, o)).toBe(60);
  });

  it('locks an account before its delays grow past the cap, so guessing never gets cheaper', () => {
    const d = DEFAULT_SIGN_IN_THROTTLE;
    expect(d.lockoutAfter).toBeGreaterThan(d.accountBackoffAfter);
    expect(backoffSeconds(d.lockoutAfter - 1, d.accountBackoffAfter, d)).toBeLessThanOrEqual(d.maxDelaySeconds);
  });

  it('counts one account however its name is typed', () => {
    expect(usernameKey('  Dr.Ada ')).toBe('dr.ada');
    expect(usernameKey('ＤＲ.ada')).toBe('dr.ada');
  });
});
