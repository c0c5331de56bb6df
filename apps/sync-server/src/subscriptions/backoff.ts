/**
 * Retry schedule of a notification: exponential back-off with "equal jitter" (AWS Architecture
 * Blog, "Exponential Backoff And Jitter"): half the exponential delay is kept, the other half is
 * random, so retries still spread out under load but each wait is at least half the previous
 * ceiling: an endpoint that is down sees attempts thin out, never a burst.
 */
export interface DeliveryPolicy {
  /** Delay before the 2nd attempt (ms); doubles for each further attempt. */
  baseDelayMs: number;
  /** Ceiling of one delay (ms). */
  maxDelayMs: number;
  /** Attempts before the notification goes to the dead-letter list. */
  maxAttempts: number;
  /** Time allowed for one POST (ms). */
  timeoutMs: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = { baseDelayMs: 5_000, maxDelayMs: 15 * 60_000, maxAttempts: 8, timeoutMs: 10_000 };

/** Delay after the `attempts`-th failed attempt (1-based); `random` in [0, 1). */
export function retryDelayMs(policy: DeliveryPolicy, attempts: number, random: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

export type AttemptOutcome = { kind: 'delivered' } | { kind: 'retry'; delayMs: number } | { kind: 'dead-letter' };

/** What follows an attempt: `ok` or a failure after `attempts` attempts in all. */
export function afterAttempt(policy: DeliveryPolicy, ok: boolean, attempts: number, random: number): AttemptOutcome {
  if (ok) return { kind: 'delivered' };
  if (attempts >= policy.maxAttempts) return { kind: 'dead-letter' };
  return { kind: 'retry', delayMs: retryDelayMs(policy, attempts, random) };
}
