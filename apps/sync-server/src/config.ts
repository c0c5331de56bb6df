/**
 * What `startServer` needs, as plain options (tests and the e2e harness pass them directly;
 * `main.ts` builds them from env.ts). Defaults live here once.
 */
import { LanternError } from '@lantern/core';
import type { DestinationStream } from 'pino';
import { DEFAULT_PASSWORD_COST, type PasswordCost } from './auth/passwords.ts';
import { DEFAULT_SIGN_IN_THROTTLE, type SignInThrottleOptions } from './auth/sign-in-throttle.ts';
import type { AuditCheckpointOptions } from './audit-checkpoints/settings.ts';
import type { Env } from './env.ts';
import { privacyAlertThresholds, type PrivacyAlertOptions, type PrivacyAlertThresholds } from './privacy/thresholds.ts';
import { serverMatchConfig, type MatchThresholds } from './registration/match-config.ts';
import type { SubscriptionOptions } from './subscriptions/start.ts';
import type { MatchConfig } from '@lantern/core/mpi';
import { resolveUpdates, updatesOptionsFromEnv, type UpdatesConfig, type UpdatesOptions } from './updates/settings.ts';

/** Injected clock, so tests can move time (break-glass expiry, token expiry). */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export interface ServerOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  dataDir: string;
  /** Owner credentials for an existing Postgres database; without it an embedded Postgres starts. */
  databaseUrl?: string;
  demo?: boolean;
  demoPassword?: string;
  demoPatients?: number;
  /** Include the heavy patient (index 0: thousands of observations). Default true. */
  demoHeavyPatient?: boolean;
  tokenSecret?: string;
  accessTokenTtlSeconds?: number;
  refreshTokenTtlHours?: number;
  offlineGrantHours?: number;
  breakGlassHours?: number;
  tls?: { certPath: string; keyPath: string };
  logLevel?: string;
  clock?: Clock;
  /** Embedded Postgres only: trade durability for speed (tests). */
  fastUnsafeDb?: boolean;
  /** argon2id cost of new password hashes; lower only in tests. */
  passwordCost?: PasswordCost;
  /** Signed audit checkpoints outside the database (paths default under the data dir). */
  auditCheckpoints?: AuditCheckpointOptions;
  /** Where log lines go (default stdout); tests capture them. */
  logStream?: DestinationStream;
  /** Requests per minute per access token (per address without one), on tRPC and FHIR. */
  rateLimitPerMinute?: number;
  /** Failed sign-in delays and lockout (defaults in auth/sign-in-throttle.ts). */
  signInThrottle?: Partial<SignInThrottleOptions>;
  /** Suspicious-access alert thresholds (defaults in privacy/thresholds.ts). */
  privacyAlerts?: PrivacyAlertOptions;
  /** Master patient index thresholds (registration/match-config.ts); core defaults otherwise. */
  matchThresholds?: Partial<MatchThresholds>;
  /** HL7 v2 (hl7v2/): MLLP listener port (0 picks one) and the lab endpoint orders go to. Off by default. */
  hl7?: { port?: number; labEndpoint?: { host: string; port: number } };
  /** Rest-hook subscription delivery (subscriptions/): poll interval, back-off, attempts. On by default. */
  subscriptions?: SubscriptionOptions;
  /** Workstation versions and the update feed (updates/settings.ts). */
  updates?: UpdatesOptions;
  /** Bearer token for GET /metrics (ops/metrics-access.ts); without it, loopback scrapes only. */
  metricsToken?: string;
}

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  demo: boolean;
  demoPassword: string;
  demoPatients: number;
  demoHeavyPatient: boolean;
  tokenSecret: string | null;
  accessTokenTtlSeconds: number;
  refreshTokenTtlHours: number;
  offlineGrantHours: number;
  breakGlassHours: number;
  tls: { certPath: string; keyPath: string } | null;
  logLevel: string;
  clock: Clock;
  fastUnsafeDb: boolean;
  passwordCost: PasswordCost;
  auditCheckpoints: AuditCheckpointOptions;
  rateLimitPerMinute: number;
  signInThrottle: SignInThrottleOptions;
  privacyAlerts: PrivacyAlertThresholds;
  matchConfig: MatchConfig;
  updates: UpdatesConfig;
  metricsToken: string | null;
}

export function optionsFromEnv(env: Env): ServerOptions {
  const o: ServerOptions = {
    port: env.PORT,
    host: env.HOST,
    dataDir: env.LANTERN_DATA_DIR,
    demo: env.LANTERN_DEMO,
    demoPassword: env.LANTERN_DEMO_PASSWORD,
    demoPatients: env.LANTERN_DEMO_PATIENTS,
    accessTokenTtlSeconds: env.LANTERN_ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlHours: env.LANTERN_REFRESH_TOKEN_TTL_HOURS,
    offlineGrantHours: env.LANTERN_OFFLINE_GRANT_HOURS,
    breakGlassHours: env.LANTERN_BREAK_GLASS_HOURS,
    logLevel: env.LOG_LEVEL,
    rateLimitPerMinute: env.LANTERN_RATE_LIMIT_PER_MINUTE,
  };
  if (env.DATABASE_URL !== undefined) o.databaseUrl = env.DATABASE_URL;
  if (env.LANTERN_TOKEN_SECRET !== undefined) o.tokenSecret = env.LANTERN_TOKEN_SECRET;
  if (env.LANTERN_METRICS_TOKEN !== undefined) o.metricsToken = env.LANTERN_METRICS_TOKEN;
  o.auditCheckpoints = {
    intervalSeconds: env.LANTERN_AUDIT_CHECKPOINT_SECONDS,
    ...(env.LANTERN_AUDIT_CHECKPOINT_KEY_FILE === undefined ? {} : { keyFile: env.LANTERN_AUDIT_CHECKPOINT_KEY_FILE }),
    ...(env.LANTERN_AUDIT_CHECKPOINT_FILE === undefined ? {} : { file: env.LANTERN_AUDIT_CHECKPOINT_FILE }),
    ...(env.LANTERN_AUDIT_CHECKPOINT_WORM_DIR === undefined ? {} : { wormDir: env.LANTERN_AUDIT_CHECKPOINT_WORM_DIR }),
  };
  if ((env.TLS_CERT === undefined) !== (env.TLS_KEY === undefined)) {
    throw new LanternError('BAD_INPUT', 'TLS_CERT and TLS_KEY must be set together');
  }
  if (env.TLS_CERT !== undefined && env.TLS_KEY !== undefined) o.tls = { certPath: env.TLS_CERT, keyPath: env.TLS_KEY };
  const lab = env.LANTERN_HL7_LAB_ENDPOINT?.split(':');
  if (env.LANTERN_HL7_PORT !== undefined || lab !== undefined) {
    o.hl7 = {
      ...(env.LANTERN_HL7_PORT === undefined ? {} : { port: env.LANTERN_HL7_PORT }),
      ...(lab === undefined ? {} : { labEndpoint: { host: lab[0] ?? '', port: Number(lab[1]) } }),
    };
  }
  const mpi = { certain: env.LANTERN_MPI_CERTAIN, probable: env.LANTERN_MPI_PROBABLE, review: env.LANTERN_MPI_REVIEW };
  o.updates = updatesOptionsFromEnv(env);
  o.matchThresholds = Object.fromEntries(Object.entries(mpi).filter(([, v]) => v !== undefined));
  return o;
}

/** 127.0.0.0/8, ::1 and localhost: the only addresses where plain HTTP and demo accounts are allowed. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/** Applies defaults and refuses unsafe combinations before anything starts. */
export function resolveConfig(o: ServerOptions): ServerConfig {
  const c: ServerConfig = {
    port: o.port ?? 4000,
    host: o.host ?? '127.0.0.1',
    dataDir: o.dataDir,
    databaseUrl: o.databaseUrl ?? null,
    demo: o.demo ?? false,
    demoPassword: o.demoPassword ?? 'lantern-demo',
    demoPatients: o.demoPatients ?? 200,
    demoHeavyPatient: o.demoHeavyPatient ?? true,
    tokenSecret: o.tokenSecret ?? null,
    accessTokenTtlSeconds: o.accessTokenTtlSeconds ?? 900,
    refreshTokenTtlHours: o.refreshTokenTtlHours ?? 24 * 14,
    offlineGrantHours: o.offlineGrantHours ?? 72,
    breakGlassHours: o.breakGlassHours ?? 4,
    tls: o.tls ?? null,
    logLevel: o.logLevel ?? 'info',
    clock: o.clock ?? systemClock,
    fastUnsafeDb: o.fastUnsafeDb ?? false,
    passwordCost: o.passwordCost ?? DEFAULT_PASSWORD_COST,
    auditCheckpoints: o.auditCheckpoints ?? {},
    rateLimitPerMinute: o.rateLimitPerMinute ?? 6000,
    signInThrottle: { ...DEFAULT_SIGN_IN_THROTTLE, ...o.signInThrottle },
    privacyAlerts: privacyAlertThresholds(o.privacyAlerts),
    matchConfig: serverMatchConfig(o.matchThresholds),
    updates: resolveUpdates(o.updates),
    metricsToken: o.metricsToken ?? null,
  };
  const loopback = isLoopbackHost(c.host);
  if (c.demo && !loopback) {
    throw new LanternError('FORBIDDEN', `Demo accounts have a published password: refusing to bind ${c.host}; use a loopback HOST`);
  }
  if (!loopback && c.tls === null) {
    throw new LanternError('FORBIDDEN', `Plain HTTP is allowed only on loopback: set TLS_CERT and TLS_KEY to bind ${c.host}`);
  }
  return c;
}
