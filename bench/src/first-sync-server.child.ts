/**
 * The first-sync bench's sync server, in its own process: a real server on embedded Postgres
 * (durable settings) seeded with the demo's synthetic patients (core's generator, the heavy patient
 * first), where dr.ada's care team covers every patient and she attends the current stay of ~20 of
 * them (her own patients). The seeded data directory is cached in bench/.cache/ under a version key,
 * so only the first run pays for seeding (the time is printed). Sends
 * `{ url, seedMs, cached, resources, patients, own: [{ id, resources }], heavy }` when ready, then
 * waits for 'stop'. With LANTERN_BENCH_FS_EXPORT=<file> it also writes every patient resource as NDJSON (the
 * PouchDB peer loads the same documents).
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../apps/sync-server/src/server.ts';
import { withClient } from '../../apps/sync-server/src/db/database.ts';
import { SHARED_PARTITION } from '../../apps/sync-server/src/db/resources.ts';
import { ownPatients } from '../../apps/sync-server/src/sync/first-sync.ts';
import { PATIENTS, SEED_VERSION } from './first-sync-seed.ts';

const CACHE = fileURLToPath(new URL(`../.cache/first-sync-${SEED_VERSION}-p${PATIENTS}/`, import.meta.url));
const exportArg = process.env['LANTERN_BENCH_FS_EXPORT'] || undefined;

const serverOptions = (dataDir: string) => ({
  port: 0, dataDir, demo: true, demoPatients: PATIENTS, logLevel: 'silent',
  // One workstation pulling as fast as it can: measure sync, not the per-token rate limit.
  rateLimitPerMinute: 100_000_000,
  subscriptions: { pollMs: 3_600_000 },
});

let seedMs = 0;
const cached = existsSync(join(CACHE, 'ready'));
if (!cached) {
  rmSync(CACHE, { recursive: true, force: true });
  mkdirSync(CACHE, { recursive: true });
  const t = performance.now();
  const s = await startServer(serverOptions(CACHE));
  // dr.ada's care team covers every patient (the demo's own assignment covers 20).
  await s.pool.query(
    `INSERT INTO care_team (patient_id, user_id)
     SELECT DISTINCT r.patient_id, u.id FROM resources r, users u WHERE r.resource_type = 'Patient' AND u.username = 'dr.ada'
     ON CONFLICT DO NOTHING`,
  );
  // As the owner (the app role may not vacuum): index-only scans count each patient's resources for the first-sync progress.
  await withClient(s.databaseOwnerUrl, async (c) => void (await c.query('VACUUM (ANALYZE)')));
  await s.close();
  seedMs = Math.round(performance.now() - t);
  execFileSync('touch', [join(CACHE, 'ready')]);
}

// A private copy of the cached cluster: a run never changes the cache.
const dataDir = mkdtempSync(join(tmpdir(), 'lantern-first-sync-'));
execFileSync('cp', ['-a', `${CACHE}.`, dataDir]);
const server = await startServer(serverOptions(dataDir));
type Row = Record<string, unknown>;
const q = async (sql: string, args: unknown[] = []): Promise<Row[]> => (await server.pool.query<Row>(sql, args)).rows;
const str = (r: Row | undefined, k: string): string => String(r?.[k] ?? '');

const adaId = str((await q("SELECT id::text AS id FROM users WHERE username = 'dr.ada'"))[0], 'id');
if (adaId === '') throw new Error('no dr.ada');
const counts = (await q('SELECT patient_id::text AS patient_id, count(*) AS n FROM resources WHERE NOT deleted AND patient_id <> $1 GROUP BY patient_id', [SHARED_PARTITION]))
  .map((r) => ({ patient_id: str(r, 'patient_id'), n: Number(r['n']) }));
const perPatient = new Map(counts.map((c) => [c.patient_id, c.n]));
const client = await server.pool.connect();
let own: Set<string>;
try {
  own = await ownPatients(client, adaId, [...perPatient.keys()]);
} finally {
  client.release();
}
const heavy = [...perPatient].sort((a, b) => b[1] - a[1])[0];
if (heavy === undefined) throw new Error('no patients');

if (exportArg !== undefined && !existsSync(exportArg)) {
  // Every patient resource, as the PouchDB peer's documents; keyset pages on the primary key.
  const tmp = `${exportArg}.part`;
  const out = createWriteStream(tmp);
  let after: unknown[] = ['00000000-0000-0000-0000-000000000000', '', ''];
  for (;;) {
    const rows = await q(
      `SELECT patient_id::text AS patient_id, resource_type, id, resource FROM resources
       WHERE NOT deleted AND patient_id <> $1 AND (patient_id, resource_type, id) > ($2::uuid, $3, $4)
       ORDER BY patient_id, resource_type, id LIMIT 5000`, [SHARED_PARTITION, ...after]);
    const last = rows[rows.length - 1];
    if (last === undefined) break;
    for (const r of rows) {
      const doc = { _id: `${str(r, 'resource_type')}/${str(r, 'id')}`, patientId: str(r, 'patient_id'), resource: r['resource'] };
      if (!out.write(`${JSON.stringify(doc)}\n`)) await new Promise<void>((d) => out.once('drain', () => d()));
    }
    after = [str(last, 'patient_id'), str(last, 'resource_type'), str(last, 'id')];
  }
  await new Promise<void>((d) => out.end(d));
  renameSync(tmp, exportArg);
}

process.send?.({
  url: server.url, seedMs, cached, patients: perPatient.size,
  resources: counts.reduce((n, c) => n + c.n, 0),
  own: [...own].map((id) => ({ id, resources: perPatient.get(id) ?? 0 })),
  heavy: { id: heavy[0], resources: heavy[1] },
});
process.on('message', (m) => {
  if (m !== 'stop') return;
  void server.close().finally(() => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
});
