/**
 * Where the signed-in user was, so unlocking returns there and a different user never lands on the
 * previous user's chart. Kept in sessionStorage for this window only: a path (ids, no names).
 */
const KEY = 'lantern-last-location';

interface Last { userId: string; path: string }

export function rememberLocation(userId: string, path: string): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ userId, path } satisfies Last));
  } catch {
    // Storage unavailable: unlocking then starts at the landing page, which is safe.
  }
}

/** Whether another user was the last one signed in to this window (then the next one starts at their landing page). */
export function lastUserWasNot(userId: string): boolean {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (raw === null) return false;
    const v: unknown = JSON.parse(raw);
    return typeof v === 'object' && v !== null && 'userId' in v && v.userId !== userId;
  } catch {
    return false;
  }
}

/** The path to reopen for this user, or null (a different user, or nothing remembered). */
export function lastLocationFor(userId: string): string | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (raw === null) return null;
    const v: unknown = JSON.parse(raw);
    if (typeof v !== 'object' || v === null || !('userId' in v) || !('path' in v)) return null;
    return v.userId === userId && typeof v.path === 'string' && v.path.startsWith('/') ? v.path : null;
  } catch {
    return null;
  }
}

export function forgetLocation(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing to forget
  }
}
