/**
 * `startServer(options)`: the whole server in one call (database, migrations, keys, demo data,
 * HTTP). Used by main.ts, the integration tests and the e2e harness.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { buildApp, type LanternRoutePlugin } from './app.ts';
import { startCheckpoints } from './audit-checkpoints/start.ts';
import { deriveKeys, loadOrCreateSecret } from './auth/keys.ts';
import { resolveConfig, type ServerOptions } from './config.ts';
import { openDatabase } from './db/database.ts';
import { seedDemo } from './demo/seed.ts';
import { catchUpPatientIndex } from './registration/patient-index.ts';
import { startLabSimulator, type LabSimulator } from './lab-simulator/lab-simulator.ts';
import { startAlertProcessor } from './privacy/alerts/start.ts';
import { startHl7, type Hl7Running } from './hl7v2/start.ts';
import { startSubscriptions, type SubscriptionLoops } from './subscriptions/start.ts';
import { createLogger } from './logger.ts';
import type { Services } from './services.ts';

export interface RunningServer {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  port: number;
  /** Owner credentials of the database (tests, verify-audit). */
  databaseOwnerUrl: string;
  pool: pg.Pool;
  app: FastifyInstance;
  /** HL7 v2 interfaces (hl7v2/), when `hl7` options were given. */
  hl7: Hl7Running | null;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions & {
  extraPlugins?: { prefix: string; plugin: LanternRoutePlugin }[];
  /** The demo's simulated lab (demo only): answers lab and imaging orders through the FHIR API. */
  labSimulator?: boolean | { resultDelayMs?: number; pollMs?: number };
}): Promise<RunningServer> {
  const config = resolveConfig(options);
  const logger = createLogger(config.logLevel, options.logStream);
  config.dataDir = resolve(config.dataDir);
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const secret = await loadOrCreateSecret(config.dataDir, config.tokenSecret);
  const keys = deriveKeys(secret);
  const db = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, appPassword: keys.dbAppPassword, logger, fastUnsafe: config.fastUnsafeDb });
  let app: FastifyInstance | null = null;
  let checkpoints: { stop(): Promise<void> } | null = null;
  let lab: LabSimulator | null = null;
  let alerts: { stop(): Promise<void> } | null = null;
  let hl7: Hl7Running | null = null;
  let subscriptions: SubscriptionLoops | null = null;
  try {
    const services: Services = { pool: db.pool, config, keys, logger, clock: config.clock };
    if (config.demo) await seedDemo(db.pool, { password: config.demoPassword, patients: config.demoPatients, heavy: config.demoHeavyPatient, passwordCost: config.passwordCost, logger, now: config.clock.now() });
    // The master patient index catches up with patients loaded in bulk (registration/), in the background.
    void catchUpPatientIndex(db.pool).catch((e: unknown) => logger.warn({ err: e }, 'patient index catch-up stopped'));
    // Signed checkpoints of the audit chain, outside the database: one now, every interval, one at close.
    checkpoints = await startCheckpoints({ pool: db.pool, config, logger });
    // Suspicious-access alerts, judged as audit events arrive (privacy/alerts).
    alerts = startAlertProcessor({ pool: db.pool, config, logger });
    app = await buildApp(services, options.extraPlugins === undefined ? {} : { extraPlugins: options.extraPlugins });
    await app.listen({ port: config.port, host: config.host });
    if (config.demo && options.labSimulator !== undefined && options.labSimulator !== false) {
      const labOpts = options.labSimulator === true ? {} : options.labSimulator;
      lab = await startLabSimulator({ app, pool: db.pool, keys, clock: config.clock, logger, passwordCost: config.passwordCost, ...labOpts });
    }
    if (options.hl7 !== undefined) hl7 = await startHl7({ pool: db.pool, app, keys, clock: config.clock, logger }, config.host, { ...options.hl7, demoInterfaces: config.demo });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr !== null ? addr.port : config.port;
    const scheme = config.tls === null ? 'http' : 'https';
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `${scheme}://${host}:${port}`;
    subscriptions = startSubscriptions({ pool: db.pool, clock: config.clock, logger, fhirBase: `${url}/fhir/R4` }, options.subscriptions);
    let closing: Promise<void> | null = null;
    const running: RunningServer = {
      url,
      port,
      databaseOwnerUrl: db.ownerUrl,
      pool: db.pool,
      app,
      hl7,
      close: () => {
        closing ??= (async () => {
          await subscriptions?.stop();
          await hl7?.close();
          await lab?.stop();
          await app?.close();
          await alerts?.stop();
          await checkpoints?.stop();
          await db.close();
        })();
        return closing;
      },
    };
    return running;
  } catch (e) {
    await subscriptions?.stop().catch(() => undefined);
    await hl7?.close().catch(() => undefined);
    await lab?.stop().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await alerts?.stop().catch(() => undefined);
    await checkpoints?.stop().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw e;
  }
}
