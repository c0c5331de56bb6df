/**
 * The matcher thresholds this workstation scores registrations with: the server's (its
 * LANTERN_MPI_* configuration), fetched while online and kept in the store, so offline checks decide
 * "certain / probable / possible" as the server will; core's defaults until the server has answered.
 */
import { DEFAULT_MATCH_CONFIG, MatchConfigSchema, type MatchConfig } from '@lantern/core/mpi';
import { getState, setState } from '../store/sync-state.ts';
import type { StoreDb } from '../store/store-db.ts';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '@lantern/sync-server/router';

const KEY = 'mpi-thresholds';
const Thresholds = MatchConfigSchema.shape.thresholds;

export function localMatchConfig(db: StoreDb): MatchConfig {
  const raw = getState(db, KEY);
  if (raw === null) return DEFAULT_MATCH_CONFIG;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return DEFAULT_MATCH_CONFIG;
  }
  const t = Thresholds.safeParse(json);
  return t.success ? { ...DEFAULT_MATCH_CONFIG, thresholds: t.data } : DEFAULT_MATCH_CONFIG;
}

/** Asks the server for its thresholds (online only); a refusal or no answer keeps what the store has. */
export async function refreshMatchThresholds(db: StoreDb, baseUrl: string, token: string | null): Promise<void> {
  if (token === null) return;
  try {
    const trpc = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${baseUrl.replace(/\/+$/, '')}/trpc`, headers: () => ({ authorization: `Bearer ${token}` }) })],
    });
    const t = Thresholds.parse(await trpc.registration.matchThresholds.query());
    db.write(() => setState(db, KEY, JSON.stringify(t)));
  } catch {
    // Offline or an older server: the thresholds in hand (or core's defaults) stay.
  }
}
