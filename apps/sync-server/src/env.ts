/**
 * The only reader of `process.env` in the server (lint enforces it; CONVENTIONS.md #3).
 * Everything is validated by zod at start, so a bad value stops the server with a clear message
 * instead of surfacing later as a strange failure.
 */
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const positive = (def: number) => z.coerce.number().positive().default(def);

export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LANTERN_DATA_DIR: z.string().min(1).default('./.lantern/server'),
  /** An external Postgres (owner credentials: migrations run with it). Without it, embedded Postgres. */
  DATABASE_URL: z.string().url().optional(),
  LANTERN_DEMO: bool,
  LANTERN_DEMO_PASSWORD: z.string().min(8).default('lantern-demo'),
  LANTERN_DEMO_PATIENTS: z.coerce.number().int().min(1).max(100_000).default(200),
  /** Root secret for every server key (access tokens, offline grants). Generated under the data dir if absent. */
  LANTERN_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LANTERN_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(900),
  LANTERN_REFRESH_TOKEN_TTL_HOURS: positive(24 * 14),
  LANTERN_OFFLINE_GRANT_HOURS: positive(72),
  LANTERN_BREAK_GLASS_HOURS: positive(4),
  TLS_CERT: z.string().min(1).optional(),
  TLS_KEY: z.string().min(1).optional(),
  /** Requests per minute per access token (per client address without one), tRPC and FHIR. */
  LANTERN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(6000),
  /** Bearer token Prometheus sends to GET /metrics; unset: loopback scrapes only (ops/metrics-access.ts). */
  LANTERN_METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  /** Passphrase that encrypts backup archives (backup/); unset: archives are written unencrypted, 0600. */
  LANTERN_BACKUP_PASSPHRASE: z.string().min(12, 'must be at least 12 characters').optional(),
  /** Signed audit checkpoints (audit-checkpoints/): key, file, optional write-once copy, interval. */
  LANTERN_AUDIT_CHECKPOINT_KEY_FILE: z.string().min(1).optional(),
  LANTERN_AUDIT_CHECKPOINT_FILE: z.string().min(1).optional(),
  LANTERN_AUDIT_CHECKPOINT_WORM_DIR: z.string().min(1).optional(),
  LANTERN_AUDIT_CHECKPOINT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** HL7 v2 MLLP listener port (hl7v2/); off when unset. */
  LANTERN_HL7_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** A lab that takes orders as HL7 v2 ORM^O01 over MLLP, as host:port; off when unset. */
  LANTERN_HL7_LAB_ENDPOINT: z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'must be host:port').optional(),
  /** Master patient index thresholds (0..1, review <= probable <= certain); defaults in core mpi/config.ts. */
  LANTERN_MPI_CERTAIN: z.coerce.number().min(0).max(1).optional(),
  LANTERN_MPI_PROBABLE: z.coerce.number().min(0).max(1).optional(),
  LANTERN_MPI_REVIEW: z.coerce.number().min(0).max(1).optional(),
  /** Workstation updates (updates/): minimum app version, release public key (PEM file), IT's upload token. */
  LANTERN_MIN_WORKSTATION_VERSION: z.string().regex(/^\d{1,6}\.\d{1,6}\.\d{1,6}(?:-[0-9A-Za-z.-]{1,40})?$/, 'must be a version like 1.4.0').optional(),
  LANTERN_UPDATE_PUBLIC_KEY_FILE: z.string().min(1).optional(),
  LANTERN_UPDATE_UPLOAD_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type Env = z.infer<typeof EnvSchema>;

/** Parses the environment; throws a readable message naming each bad variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** The environment plus `extra`, for starting the server's own commands as child processes (tests, tools). */
export function childProcessEnv(extra: Record<string, string>): Record<string, string | undefined> {
  return { ...process.env, ...extra };
}
