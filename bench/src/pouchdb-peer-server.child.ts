/**
 * The PouchDB peer's server: express-pouchdb (the CouchDB replication protocol, PouchDB's own server
 * package) on loopback over an on-disk LevelDB PouchDB named `src` holding the same resources as the
 * Lantern server (one document per resource: `_id` = `Type/id`, the resource JSON, its patient id).
 * The database is loaded once from the first-sync export and cached in bench/.cache/. Receives
 * `{ docsFile, dir }`, sends `{ url, docs, loadMs, cached }`, then serves until 'stop'.
 */
import { createReadStream, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import PouchDB from 'pouchdb';
import expressPouchdb from 'express-pouchdb';

interface Job { docsFile: string; dir: string }
const job = await new Promise<Job>((resolve) => process.once('message', (m) => resolve(m as Job)));
const Pouch = PouchDB.defaults({ prefix: job.dir.endsWith('/') ? job.dir : `${job.dir}/` });
const marker = join(job.dir, 'ready');
let loadMs = 0;
const cached = existsSync(marker);
if (!cached) {
  rmSync(job.dir, { recursive: true, force: true });
  mkdirSync(job.dir, { recursive: true });
  const t = performance.now();
  const db = new Pouch('src');
  let batch: { _id: string; [k: string]: unknown }[] = [];
  for await (const line of createInterface({ input: createReadStream(job.docsFile) })) {
    if (line === '') continue;
    batch.push(JSON.parse(line) as { _id: string });
    if (batch.length >= 2000) {
      await db.bulkDocs(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await db.bulkDocs(batch);
  await db.close();
  loadMs = Math.round(performance.now() - t);
  writeFileSync(marker, '');
}
const src = new Pouch('src');
const { doc_count: docs } = await src.info();
const app = expressPouchdb(Pouch, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: join(job.dir, 'log.txt') });
const server = createServer(app);
await new Promise<void>((d) => server.listen(0, '127.0.0.1', d));
const { port } = server.address() as AddressInfo;
process.send?.({ url: `http://127.0.0.1:${port}/src`, docs, loadMs, cached });
process.on('message', (m) => {
  if (m !== 'stop') return;
  server.close();
  void src.close().finally(() => process.exit(0));
});
