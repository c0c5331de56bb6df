/**
 * The server side of the audited-reads benchmark, in its own process: a real sync server (embedded
 * Postgres, durable settings, demo data) that tells the parent its URL over IPC, and on request
 * runs the database-level figure in-process: N connections each doing "read one resource, append
 * its audit event, commit" (one transaction per read, no group commit), which is what several app
 * servers on one database do and what the central audit chain's locking decides. On request it sets
 * how many FHIR audit batches commit at once (fhir/audit-batcher.ts), so the parent can measure the
 * one-batch-at-a-time group commit and the parallel one against the same server and data.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendAuditEvents, serverEvent, type Actor } from '../../apps/sync-server/src/db/audit-log.ts';
import { withTx } from '../../apps/sync-server/src/db/database.ts';
import { readResource } from '../../apps/sync-server/src/db/resources.ts';
import { AuditBatcher } from '../../apps/sync-server/src/fhir/audit-batcher.ts';
import { startServer } from '../../apps/sync-server/src/server.ts';

const dataDir = await mkdtemp(join(tmpdir(), 'lantern-audited-reads-'));
await chmod(dataDir, 0o755);
const server = await startServer({ port: 0, dataDir, demo: true, demoPatients: 20, demoHeavyPatient: false, logLevel: 'silent', rateLimitPerMinute: 100_000_000 });

export interface DbRun { clients: number; seconds: number; maxReads: number }
export interface DbResult { clients: number; reads: number; seconds: number }

async function dbRun(o: DbRun): Promise<DbResult> {
  const rows = (await server.pool.query("SELECT resource_type, id, patient_id FROM resources WHERE resource_type IN ('Condition', 'Observation') LIMIT 400")).rows as { resource_type: string; id: string; patient_id: string }[];
  if (rows.length === 0) throw new Error('no resources to read');
  const deadline = performance.now() + o.seconds * 1000;
  let next = 0;
  const started = performance.now();
  const client = async (k: number): Promise<void> => {
    const actor: Actor = { userId: '00000000-0000-4000-8000-00000000000a', role: 'physician', deviceId: `bench-device-${k}`, clientAddress: '127.0.0.1' };
    while (performance.now() < deadline && next < o.maxReads) {
      const row = rows[next % rows.length] as { resource_type: string; id: string; patient_id: string };
      next += 1;
      await withTx(server.pool, async (c) => {
        await readResource(c, row.resource_type, row.id);
        await appendAuditEvents(c, [serverEvent(actor, { action: 'resource-read', outcome: 'success', patientId: row.patient_id, resourceType: row.resource_type, resourceId: row.id, purposeOfUse: 'TREAT' }, new Date())]);
      });
    }
  };
  await Promise.all(Array.from({ length: o.clients }, (_, k) => client(k)));
  return { clients: o.clients, reads: next, seconds: (performance.now() - started) / 1000 };
}

const stop = async (): Promise<void> => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('message', (m: unknown) => {
  if (m === 'stop') void stop();
  else if (typeof m === 'object' && m !== null && 'flushes' in m) {
    // How many FHIR audit batches may commit at once (1: the group commit as it was, one batch at a time).
    AuditBatcher.defaultMaxFlushes = Number((m as { flushes: unknown }).flushes);
    process.send?.({ flushesSet: AuditBatcher.defaultMaxFlushes });
  } else if (typeof m === 'object' && m !== null && 'dbRun' in m) {
    void dbRun((m as { dbRun: DbRun }).dbRun).then((r) => process.send?.({ dbResult: r }), (e: unknown) => process.send?.({ dbError: e instanceof Error ? e.message : 'failed' }));
  }
});
process.on('disconnect', () => void stop());
process.send?.({ url: server.url });
