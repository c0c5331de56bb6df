/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"):
 * the delay is random in [0, min(cap, base * 2^attempt)], so workstations that lost the same link
 * do not all retry at the same instant when it comes back.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export function backoffDelay(attempt: number, o: BackoffOptions, random: () => number): number {
  const ceiling = Math.min(o.maxMs, o.baseMs * 2 ** Math.min(attempt, 30));
  return Math.max(o.baseMs / 2, Math.floor(random() * ceiling));
}
