/**
 * The user's scope (care team and units) fetched at sign-in. Right after the server restarts, or on a
 * loaded server, one call may fail while the sign-in itself went through: it is asked again a couple
 * of times before the session falls back to the stored scope, which it then marks for the sync loop
 * to fetch before pulling (a stale scope hides or shows the wrong charts).
 */
import type { PatientScope, ServerApi } from '../sync/server-api.ts';

const RETRY_DELAYS_MS = [250, 1000];

/** The scope, or null when the server did not give it after a few tries. */
export async function scopeAtSignIn(api: Pick<ServerApi, 'scope'>, accessToken: string, delays: readonly number[] = RETRY_DELAYS_MS): Promise<PatientScope | null> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await api.scope(accessToken);
    } catch {
      const delay = delays[attempt];
      if (delay === undefined) return null;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
