/** What every request handler (tRPC, FHIR, CDS Hooks) shares: built once in app.ts. */
import type pg from 'pg';
import type { Logger } from 'pino';
import type { ServerKeys } from './auth/keys.ts';
import type { Clock, ServerConfig } from './config.ts';

export interface Services {
  pool: pg.Pool;
  config: ServerConfig;
  keys: ServerKeys;
  logger: Logger;
  clock: Clock;
}
