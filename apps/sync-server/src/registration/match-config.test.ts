import { DEFAULT_MATCH_CONFIG } from '@lantern/core/mpi';
import { describe, expect, it } from 'vitest';
import { optionsFromEnv, resolveConfig } from '../config.ts';
import { EnvSchema } from '../env.ts';
import { serverMatchConfig } from './match-config.ts';

describe('matcher thresholds from the environment', () => {
  it('uses core defaults when the site sets none', () => {
    expect(serverMatchConfig(undefined)).toEqual(DEFAULT_MATCH_CONFIG);
  });

  it('a site may lower the review threshold; the other weights stay', () => {
    const env = EnvSchema.parse({ LANTERN_DATA_DIR: '/tmp/x', LANTERN_MPI_REVIEW: '0.2', LANTERN_MPI_CERTAIN: '0.99' });
    const c = resolveConfig(optionsFromEnv(env)).matchConfig;
    expect(c.thresholds).toEqual({ certain: 0.99, probable: DEFAULT_MATCH_CONFIG.thresholds.probable, review: 0.2 });
    expect(c.birthDate).toEqual(DEFAULT_MATCH_CONFIG.birthDate);
  });

  it('refuses thresholds out of order or out of range before the server starts', () => {
    expect(() => serverMatchConfig({ review: 0.99, certain: 0.5 })).toThrow(/review <= probable <= certain/);
    expect(EnvSchema.safeParse({ LANTERN_DATA_DIR: '/tmp/x', LANTERN_MPI_CERTAIN: '1.5' }).success).toBe(false);
  });
});
