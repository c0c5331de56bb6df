/**
 * The audit-ingest bench's sync server, in its own process: a real server on embedded Postgres
 * (durable settings) with the demo data. Sends `{ url, pgDir, patients }` when ready; answers
 * `{ check: deviceId }` with the rows stored for that device and a full check of the central chains
 * (verify-chain.ts, what `verify-audit` runs); exits on 'stop'. With LANTERN_BENCH_AI_PROFILE=<file.cpuprofile>
 * the server's CPU is profiled (V8 sampling profiler, as `node --cpu-prof`) from ready to the check.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyCentralChain } from '../../apps/sync-server/src/db/verify-chain.ts';
import { startServer } from '../../apps/sync-server/src/server.ts';
import { startChildProfiler } from './child-profiler.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'lantern-audit-ingest-'));
const server = await startServer({
  port: 0, dataDir, demo: true, demoPatients: 40, demoHeavyPatient: false, logLevel: 'silent',
  // One workstation catching up as fast as it can: measure ingest, not the per-token rate limit.
  rateLimitPerMinute: 100_000_000, subscriptions: { pollMs: 3_600_000 },
});
const patients = (await server.pool.query("SELECT id FROM resources WHERE resource_type = 'Patient' LIMIT 40")).rows.map((r: { id: string }) => r.id);

export interface IngestCheck { stored: number; verified: boolean; chainEvents: number; reason: string | null }

async function check(deviceId: string): Promise<IngestCheck> {
  const n = await server.pool.query("SELECT count(*)::int AS n FROM audit.events WHERE device_id = $1 AND detail ? 'ingest.deviceSeq'", [deviceId]);
  const c = await server.pool.connect();
  try {
    const report = await verifyCentralChain(c);
    return { stored: (n.rows[0] as { n: number }).n, verified: report.ok, chainEvents: report.count, reason: report.ok ? null : report.reason };
  } finally {
    c.release();
  }
}

const profiler = await startChildProfiler(process.env['LANTERN_BENCH_AI_PROFILE']);

process.send?.({ url: server.url, pgDir: join(dataDir, 'pg'), patients });
process.on('message', (m: unknown) => {
  if (typeof m === 'object' && m !== null && 'check' in m) {
    void profiler.stop().then(() => check(String((m as { check: unknown }).check))).then((r) => process.send?.({ checked: r }), (e: unknown) => process.send?.({ checkError: e instanceof Error ? e.message : 'failed' }));
    return;
  }
  if (m !== 'stop') return;
  void server.close().finally(() => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
});
