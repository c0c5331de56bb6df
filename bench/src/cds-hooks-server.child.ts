/**
 * The server side of the CDS Hooks benchmark, in its own process so the load generator does not
 * share its event loop: a real sync server (embedded Postgres, durable settings, demo users) plus
 * the in-process CDS benchmark's patient (40 active medications, 10 allergies, 20 conditions, eGFR,
 * creatinine, weight) stored under fresh UUIDs on dr.ada's care team. Tells the parent its URL, the
 * patient id and the stored records over IPC, then runs until told to stop.
 */
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResourceJson } from '@lantern/core';
import { withTx } from '../../apps/sync-server/src/db/database.ts';
import { bulkInsertResources } from '../../apps/sync-server/src/db/resources.ts';
import { startServer } from '../../apps/sync-server/src/server.ts';
import { benchInput } from './cds.bench.ts';

const dataDir = await mkdtemp(join(tmpdir(), 'lantern-cds-hooks-bench-'));
await chmod(dataDir, 0o755);
const server = await startServer({ port: 0, dataDir, demo: true, demoPatients: 20, demoHeavyPatient: false, logLevel: 'silent',
  // One token sends far more than a workstation would: measure throughput, not the per-token rate limit.
  rateLimitPerMinute: 100_000_000 });

const input = benchInput();
const patientId = input.context.patientId;
const fresh = <T extends { id?: string }>(r: T): T => ({ ...r, id: randomUUID() });
const ctx = input.context;
const weight = {
  resourceType: 'Observation', id: randomUUID(), status: 'final', subject: { reference: `Patient/${patientId}` }, effectiveDateTime: '2026-11-20T08:00:00Z',
  code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] }, valueQuantity: { value: 68, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
};
const records = [
  { resourceType: 'Patient', id: patientId, gender: 'female', birthDate: '1955-06-01' },
  ...ctx.activeMedications.map(fresh), ...ctx.allergies.map(fresh), ...ctx.conditions.map(fresh), ...ctx.labs.map(fresh), ...ctx.recentOrders.map(fresh), weight,
] as unknown as ResourceJson[];
await withTx(server.pool, async (c) => {
  await bulkInsertResources(c, records.map((resource) => ({ patientId, resource })), new Date());
  await c.query("INSERT INTO care_team (patient_id, user_id) SELECT $1, id FROM users WHERE username = 'dr.ada' ON CONFLICT DO NOTHING", [patientId]);
});

const stop = async (): Promise<void> => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('message', (m) => {
  if (m === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.send?.({ url: server.url, patientId, records });
