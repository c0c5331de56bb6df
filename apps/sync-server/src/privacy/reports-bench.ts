/**
 * Privacy reports on a large audit log: generates N audit events (default 10 million, one year,
 * 100,000 patients, 2,000 users) straight into `audit.events` with generate_series (the chain hashes
 * are filler: this measures the report queries, not the chain), then times the patient access report
 * (one patient, one year) and the user activity report (one user, one month and one year) through
 * the same query functions the privacy.* procedures use, and reports storage per million events.
 * Prints one JSON object. Its data lives in a temporary embedded Postgres, removed at the end: it is
 * never part of CI. `--events=N` sets N.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import pino from 'pino';
import { benchPool } from '../bench/bench-pool.ts';
import { ensureDatabase } from '../db/database.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { migrate } from '../db/migrate.ts';
import { accessRows, AccessQuerySchema } from './reports/access-rows.ts';
import { userActivitySummary } from './reports/user-activity.ts';

const N = Number(process.argv.find((a) => a.startsWith('--events='))?.slice('--events='.length) ?? 10_000_000);
const PATIENTS = 100_000;
const USERS = 2_000;
const CHUNK = 1_000_000;
const START = Date.UTC(2025, 0, 1);
const YEAR_MS = 365 * 24 * 3_600_000;
const RUNS = 60;

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(0.95 * xs.length) - 1] ?? Number.NaN;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const round = (x: number) => Math.round(x * 10) / 10;

/** The k-th synthetic patient or user id, computed the same way in SQL (md5 of a tag, as a uuid). */
const uuidSql = (tag: string, expr: string) => `md5('${tag}' || (${expr})::text)::uuid::text`;

/** One chunk of synthetic events, seq from..to. */
const insertChunk = (c: pg.ClientBase, from: number, to: number) => c.query(
  `INSERT INTO audit.events (seq, chain, chain_seq, event_id, device_id, user_id, action, patient_id, resource_type, resource_id, outcome, reason, detail, recorded_at, prev_hash, hash, received_at)
   SELECT i, 0, i, md5('e' || i)::uuid::text, 'device-' || (i % 1000), ${uuidSql('u', `(i * 7919) % ${USERS}`)},
     (ARRAY['chart-view', 'resource-read', 'search', 'resource-create', 'order-sign'])[1 + i % 5],
     ${uuidSql('p', `(i * 2654435761) % ${PATIENTS}`)}, 'Observation', md5('r' || i)::uuid::text,
     CASE WHEN i % 100 = 0 THEN 'denied' ELSE 'success' END, NULL,
     jsonb_build_object('origin', 'server', 'role', 'physician', 'purposeOfUse', 'TREAT', 'clientAddress', '127.0.0.1'),
     to_char(to_timestamp(${START / 1000} + i * ${YEAR_MS / 1000 / N}::float8) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
     md5('a' || i) || md5('b' || i), md5('c' || i) || md5('d' || i),
     to_timestamp(${START / 1000} + i * ${YEAR_MS / 1000 / N}::float8)
   FROM generate_series($1::bigint, $2::bigint) AS i`,
  [from, to],
);

/**
 * Loads the events the way a bulk load is done: the secondary indexes and unique constraints of
 * `audit.events` are dropped, the rows inserted by two connections at once, then every index and
 * constraint is rebuilt exactly as the migrations define it (a sorted build is many times faster
 * than 10 million random inserts into five B-trees). The schema the reports run on is unchanged.
 */
async function generate(pool: pg.Pool): Promise<number> {
  const t0 = performance.now();
  const constraints = (await pool.query(
    `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
     WHERE conrelid = 'audit.events'::regclass AND contype = 'u'`,
  )).rows as { conname: string; def: string }[];
  const indexes = (await pool.query(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'audit' AND tablename = 'events'
       AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'audit.events'::regclass)`,
  )).rows as { indexname: string; indexdef: string }[];
  for (const k of constraints) await pool.query(`ALTER TABLE audit.events DROP CONSTRAINT "${k.conname}"`);
  for (const i of indexes) await pool.query(`DROP INDEX audit."${i.indexname}"`);
  const chunks: [number, number][] = [];
  for (let from = 1; from <= N; from += CHUNK) chunks.push([from, Math.min(N, from + CHUNK - 1)]);
  let done = 0;
  const worker = async () => {
    const c = await pool.connect();
    try {
      for (let next = chunks.shift(); next !== undefined; next = chunks.shift()) {
        await insertChunk(c, next[0], next[1]);
        done += next[1] - next[0] + 1;
        process.stderr.write(`audit bench: ${done.toLocaleString('en')} of ${N.toLocaleString('en')} events\n`);
      }
    } finally {
      c.release();
    }
  };
  await Promise.all([worker(), worker()]);
  const c = await pool.connect();
  try {
    await c.query("SET maintenance_work_mem = '512MB'");
    for (const i of indexes) {
      process.stderr.write(`audit bench: building ${i.indexname}\n`);
      await c.query(i.indexdef);
    }
    for (const k of constraints) await c.query(`ALTER TABLE audit.events ADD CONSTRAINT "${k.conname}" ${k.def}`);
    await c.query('ANALYZE audit.events');
  } finally {
    c.release();
  }
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'lantern-audit-bench-'));
  await chmod(dir, 0o755);
  const db = await startEmbeddedPostgres({ dataDir: dir, logger: pino({ level: 'silent' }), fastUnsafe: true });
  const url = await ensureDatabase(db.superuserUrl, 'audit_bench');
  const { pool, end } = benchPool({ connectionString: url, max: 3 });
  try {
    const c = await pool.connect();
    try {
      await migrate(c);
    } finally {
      c.release();
    }
    const generateMs = await generate(pool);
    const size = (await pool.query("SELECT pg_total_relation_size('audit.events') AS total, pg_relation_size('audit.events') AS heap")).rows[0] as { total: string; heap: string };
    const yearQuery = AccessQuerySchema.parse({ from: new Date(START).toISOString(), to: new Date(START + YEAR_MS).toISOString() });
    const monthQuery = AccessQuerySchema.parse({ from: new Date(START + 180 * 86_400_000).toISOString(), to: new Date(START + 210 * 86_400_000).toISOString() });
    const idOf = async (tag: string, k: number) => String((await pool.query(`SELECT ${uuidSql(tag, '$1::int')} AS id`, [k])).rows[0].id);
    const time = async (fn: () => Promise<number>) => {
      const ms: number[] = [];
      let rows = 0;
      for (let i = 0; i < RUNS + 5; i++) {
        const t = performance.now();
        const n = await fn();
        if (i >= 5) {
          ms.push(performance.now() - t);
          rows += n;
        }
      }
      return { medianMs: round(median(ms)), p95Ms: round(p95(ms)), rowsPerRun: Math.round(rows / RUNS) };
    };
    let k = 0;
    const patientYear = await time(async () => (await accessRows(pool, { patientId: await idOf('p', (k++ * 7717) % PATIENTS) }, yearQuery)).length);
    const userMonth = await time(async () => {
      const userId = await idOf('u', (k++ * 131) % USERS);
      const [rows] = await Promise.all([accessRows(pool, { userId }, monthQuery), userActivitySummary(pool, userId, monthQuery.from, monthQuery.to)]);
      return rows.length;
    });
    const userYear = await time(async () => {
      const userId = await idOf('u', (k++ * 131) % USERS);
      const [rows] = await Promise.all([accessRows(pool, { userId }, yearQuery), userActivitySummary(pool, userId, yearQuery.from, yearQuery.to)]);
      return rows.length;
    });
    const perMillion = (b: string) => Math.round((Number(b) / N) * 1_000_000 / 1_048_576);
    console.log(JSON.stringify({
      events: N, patients: PATIENTS, users: USERS, loadAverageAtStart: loadavg(), generateSeconds: round(generateMs / 1000),
      storageMiBPerMillion: { total: perMillion(size.total), heap: perMillion(size.heap) },
      patientAccessYear: { ...patientYear, targetP95Ms: 200 },
      userActivityMonth: { ...userMonth, targetP95Ms: 500 },
      userActivityYear: { ...userYear, targetP95Ms: 500 },
    }));
  } finally {
    await end();
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
