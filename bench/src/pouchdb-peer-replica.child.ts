/**
 * The PouchDB peer's workstation side, in its own process so its peak RSS is its own: replicates
 * the server's `src` database into an empty on-disk (LevelDB) PouchDB, then opens the heavy
 * patient's chart the way a PouchDB app does: all of the patient's documents through a persisted
 * view (map/reduce index) on patientId, built on first query. Receives `{ url, heavyPatientId }`,
 * sends its figures, then waits for 'exit'.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PouchDB from 'pouchdb';

/** Documents per replication batch: PouchDB's default is 100; catch-up at 1,000 is its fairer best case here. */
const BATCH = 1000;

interface Job { url: string; heavyPatientId: string }
const job = await new Promise<Job>((resolve) => process.once('message', (m) => resolve(m as Job)));
const dir = mkdtempSync(join(tmpdir(), 'lantern-pouch-replica-'));
const local = new PouchDB(join(dir, 'replica'));
const t0 = performance.now();
const rep = await PouchDB.replicate(job.url, local, { batch_size: BATCH, batches_limit: 4 });
const syncMs = performance.now() - t0;
const { doc_count: docs } = await local.info();

await local.put({ _id: '_design/chart', views: { byPatient: { map: 'function (doc) { if (doc.patientId) emit(doc.patientId); }' } } });
const ti = performance.now();
await local.query('chart/byPatient', { key: '__none__', limit: 1 });
const indexBuildMs = performance.now() - ti;
const opens: number[] = [];
let heavyDocs = 0;
for (let i = 0; i < 7; i++) {
  const t = performance.now();
  const r = await local.query('chart/byPatient', { key: job.heavyPatientId, include_docs: true });
  opens.push(performance.now() - t);
  heavyDocs = r.rows.length;
}
opens.sort((a, b) => a - b);
await local.close();
const du = (d: string): number => readdirSync(d, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? du(join(d, e.name)) : statSync(join(d, e.name)).size), 0);
const storeBytes = du(dir);
process.send?.({ syncMs, docs, written: rep.docs_written, failures: rep.doc_write_failures, indexBuildMs, heavyOpenMs: opens[Math.floor(opens.length / 2)] ?? NaN, heavyDocs, storeBytes });
process.on('message', (m) => {
  if (m !== 'exit') return;
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
