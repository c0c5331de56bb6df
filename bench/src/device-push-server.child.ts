/**
 * The device-push bench's sync server, in its own process: a real server on embedded Postgres with
 * durable settings and the demo data (dr.ada's care team of 20 patients). Sends `{ url, pgDir }`
 * when ready, then waits for 'stop'. With LANTERN_BENCH_DPC_PROFILE=<file.cpuprofile> the server's CPU
 * is profiled (V8 sampling profiler, as `node --cpu-prof`) from ready to 'stop'.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../apps/sync-server/src/server.ts';
import { startChildProfiler } from './child-profiler.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'lantern-device-push-'));
const server = await startServer({
  port: 0, dataDir, demo: true, demoPatients: 60, demoHeavyPatient: false, logLevel: 'silent',
  // One workstation catching up as fast as it can: measure push and ingest, not the per-token rate limit.
  rateLimitPerMinute: 100_000_000, subscriptions: { pollMs: 3_600_000 },
});
const profiler = await startChildProfiler(process.env['LANTERN_BENCH_DPC_PROFILE']);

process.send?.({ url: server.url, pgDir: join(dataDir, 'pg') });
process.on('message', (m) => {
  if (m !== 'stop') return;
  void profiler.stop().then(() => server.close()).finally(() => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
});
