/** Runs the alert processor of a running server (server.ts): every poll interval, until caught up. */
import type pg from 'pg';
import type { Logger } from 'pino';
import type { ServerConfig } from '../../config.ts';
import { processAlerts } from './processor.ts';

export interface AlertRunner {
  /** Processes everything appended so far (tests, and the report screens before they read alerts). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export function startAlertProcessor(o: { pool: pg.Pool; config: ServerConfig; logger: Logger }): AlertRunner {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const drain = (): Promise<void> => {
    running = running.then(async () => {
      try {
        while (!stopped && (await processAlerts(o.pool, o.config.privacyAlerts, o.config.clock.now())) > 0);
      } catch (e) {
        // Ids only: the error names no patient. The next tick retries from the same cursor.
        o.logger.error({ err: e instanceof Error ? e.message : String(e) }, 'privacy alert processing failed');
      }
    });
    return running;
  };
  const timer = setInterval(() => void drain(), o.config.privacyAlerts.pollMs);
  timer.unref();
  return {
    drain,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
