/**
 * The server side of the FHIR benchmark, in its own process so the load generator does not share
 * its event loop: a real sync server (embedded Postgres, durable settings) with the demo data set,
 * whose patient 0 is the synthetic generator's heavy patient. Tells the parent its URL and the
 * heavy patient's id over IPC, then runs until told to stop.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePatient } from '@lantern/core/synthetic';
import { DEMO_SEED } from '../../apps/sync-server/src/demo/seed.ts';
import { startServer } from '../../apps/sync-server/src/server.ts';

const dataDir = await mkdtemp(join(tmpdir(), 'lantern-fhir-bench-'));
await chmod(dataDir, 0o755);
const server = await startServer({ port: 0, dataDir, demo: true, demoPatients: 40, demoHeavyPatient: true, logLevel: 'silent',
  // One token sends far more than a workstation would: measure throughput, not the per-token rate limit.
  rateLimitPerMinute: 100_000_000 });
const heavyPatientId = String(generatePatient({ seed: DEMO_SEED, index: 0, heavy: true }).patient.id);

const stop = async (): Promise<void> => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('message', (m) => {
  if (m === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.send?.({ url: server.url, heavyPatientId });
