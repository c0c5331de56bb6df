/**
 * The matcher configuration this server runs with: core's defaults with the thresholds a site sets
 * in its environment (LANTERN_MPI_CERTAIN / _PROBABLE / _REVIEW), validated as a whole so an
 * inconsistent set (review above certain) stops the server at start, not a registration later.
 */
import { LanternError } from '@lantern/core';
import { DEFAULT_MATCH_CONFIG, MatchConfigSchema, type MatchConfig } from '@lantern/core/mpi';

export type MatchThresholds = MatchConfig['thresholds'];

export function serverMatchConfig(over: Partial<MatchThresholds> | undefined): MatchConfig {
  const parsed = MatchConfigSchema.safeParse({ ...DEFAULT_MATCH_CONFIG, thresholds: { ...DEFAULT_MATCH_CONFIG.thresholds, ...over } });
  if (!parsed.success) throw new LanternError('BAD_INPUT', `LANTERN_MPI_* thresholds: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}
