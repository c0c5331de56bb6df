/** What the HL7 v2 handlers share: the database, the server's own HTTP stack (for FHIR writes), keys and clock. */
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { ServerKeys } from '../auth/keys.ts';
import type { Clock } from '../config.ts';

export interface Hl7Deps {
  pool: pg.Pool;
  app: FastifyInstance;
  keys: ServerKeys;
  clock: Clock;
  logger: Logger;
}
