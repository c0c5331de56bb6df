/**
 * `pnpm bench change-feed`: the change feed's safe point without a global lock. Writers make single
 * resource writes (the one write path, `writeResource`: row lock, history row, new change seq,
 * audit event, commit), 1 and 8 at once alone (CPU per write), then 8 while 2 readers page the
 * feed as sync.pull does (safe point, then the rows up to it) without pause. Two designs side by side, same database, same run:
 * - lock (the previous design, kept here as the baseline): writers hold an advisory lock shared
 *   from drawing a seq to commit, the safe point takes it exclusive, so a reader waits for every
 *   writer in flight and every new writer queues behind the waiting reader;
 * - watermark (`safeChangeSeq` today, db/settled-seq.ts): writers take their transaction id first,
 *   a reader waits only for the transactions that had an id when it started; no writer waits.
 * Printed per design: writes/s, CPU per write (this process + every Postgres process, from /proc),
 * safe points/s and the writers' p99 latency. Target: with 8 writers and the readers, the
 * watermark gives at least the lock's writes/s.
 * Embedded Postgres with durable settings. Small run: CHANGE_FEED_SECONDS=2 pnpm bench change-feed.
 * Run by `pnpm bench change-feed` (bench/src/change-feed.bench.ts); lives here for the server's
 * dependencies.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import pino from 'pino';
import type { Actor } from './audit-log.ts';
import { ensureDatabase, withTx } from './database.ts';
import { startEmbeddedPostgres } from './embedded.ts';
import { migrate } from './migrate.ts';
import { benchPool } from '../bench/bench-pool.ts';
import { nodeCpuMs, processTreeCpuMs } from '../bench/proc-cpu.ts';
import { bulkInsertResources, readResource, safeChangeSeq, writeResource } from './resources.ts';

const READERS = 2;
const ROWS_PER_WRITER = 200;
/** The baseline's advisory lock key (the value the previous design used). */
const LOCK = 7_345_003;

type Design = 'lock' | 'watermark';
interface Figure { design: Design; writers: number; readers: number; writes: number; seconds: number; cpuMs: number; safePoints: number; latencies: number[] }

const cpuUsPerWrite = (f: Figure) => Math.round((f.cpuMs * 1000) / Math.max(1, f.writes));
const p99Ms = (f: Figure) => {
  const l = [...f.latencies].sort((a, b) => a - b);
  return Math.round((l[Math.floor(l.length * 0.99)] ?? 0) * 10) / 10;
};
function combine(runs: Figure[]): Figure {
  const [a, b] = runs as [Figure, Figure];
  return { ...a, writes: a.writes + b.writes, seconds: a.seconds + b.seconds, cpuMs: a.cpuMs + b.cpuMs, safePoints: a.safePoints + b.safePoints, latencies: [...a.latencies, ...b.latencies] };
}

const actor: Actor = { userId: 'system', role: 'system', deviceId: 'change-feed-bench', clientAddress: '127.0.0.1' };

async function lockSafePoint(pool: pg.Pool): Promise<string> {
  const r = (await pool.query(`SELECT pg_advisory_xact_lock(${LOCK}); SELECT CASE WHEN is_called THEN last_value ELSE 0 END::text AS s FROM change_seq`)) as unknown as { rows: { s: string }[] }[];
  return r[1]?.rows[0]?.s ?? '0';
}

async function measure(pool: pg.Pool, postmaster: number, ids: string[][], design: Design, writers: number, readers: number, seconds: number): Promise<Figure> {
  const safe = design === 'lock' ? lockSafePoint : safeChangeSeq;
  let stop = false;
  let writes = 0;
  let safePoints = 0;
  const latencies: number[] = [];
  const reader = async (): Promise<void> => {
    let cursor = await safe(pool);
    while (!stop) {
      const s = await safe(pool);
      await pool.query('SELECT count(*) FROM resources WHERE seq > $1 AND seq <= $2', [cursor, s]);
      cursor = s;
      safePoints += 1;
    }
  };
  const writer = async (k: number): Promise<void> => {
    const mine = ids[k] ?? [];
    for (let i = 0; !stop; i++) {
      const id = mine[i % mine.length] ?? '';
      const t0 = performance.now();
      await withTx(pool, async (c) => {
        const current = await readResource(c, 'Observation', id, { forUpdate: true });
        if (current === null) throw new Error('bench row missing');
        if (design === 'lock') await c.query('SELECT pg_advisory_xact_lock_shared($1)', [LOCK]);
        await writeResource(c, { op: 'update', resourceType: 'Observation', id, patientId: current.patientId, resource: current.resource, current }, { actor, now: new Date() });
      });
      latencies.push(performance.now() - t0);
      writes += 1;
    }
  };
  const n0 = nodeCpuMs();
  const p0 = processTreeCpuMs(postmaster);
  const started = performance.now();
  const running = [...Array.from({ length: readers }, reader), ...Array.from({ length: writers }, (_, k) => writer(k))];
  await new Promise((done) => setTimeout(done, seconds * 1000));
  stop = true;
  await Promise.all(running);
  const elapsed = (performance.now() - started) / 1000;
  const cpuMs = nodeCpuMs() - n0 + (processTreeCpuMs(postmaster) - p0);
  return { design, writers, readers, writes, seconds: elapsed, cpuMs, safePoints, latencies };
}

/** Runs the figures and prints them (bench/src/change-feed.bench.ts). */
export async function runChangeFeedBench(o: { seconds: number }): Promise<void> {
  {
    console.log(`\n== Change feed: single writes, 1 and 8 writers, ${READERS} readers paging the feed without pause (embedded Postgres, durable; ${o.seconds} s per figure) ==`);
    const dir = await mkdtemp(join(tmpdir(), 'lantern-change-feed-'));
    await chmod(dir, 0o755);
    const db = await startEmbeddedPostgres({ dataDir: dir, logger: pino({ level: 'silent' }) });
    const { pool, end } = benchPool({ connectionString: await ensureDatabase(db.superuserUrl, 'change_feed_bench'), max: READERS + 8 + 2 });
    try {
      const c = await pool.connect();
      try {
        await migrate(c);
      } finally {
        c.release();
      }
      const ids = Array.from({ length: 8 }, () => Array.from({ length: ROWS_PER_WRITER }, () => randomUUID()));
      const patient = randomUUID();
      await withTx(pool, (t) => bulkInsertResources(t, ids.flat().map((id) => ({ patientId: patient, resource: { resourceType: 'Observation', id, status: 'final', code: { text: 'bench' } } })), new Date()));
      const backend = Number((await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid);
      const postmaster = Number(readFileSync(`/proc/${backend}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
      const load0 = loadavg().map((x) => x.toFixed(2)).join(' ');
      const figures: Figure[] = [];
      // Warm-up (JIT, caches), not reported.
      await measure(pool, postmaster, ids, 'watermark', 8, READERS, Math.min(2, o.seconds));
      // Writers alone (CPU per write: all of it is the writers'), then 8 writers with readers paging.
      // Each figure is measured twice in the order lock, watermark, watermark, lock and summed, so a
      // drift of the machine's load during the run weighs on both designs alike.
      for (const [writers, readers] of [[1, 0], [8, 0], [8, READERS]] as const) {
        const runs: Figure[] = [];
        for (const design of ['lock', 'watermark', 'watermark', 'lock'] as const) runs.push(await measure(pool, postmaster, ids, design, writers, readers, o.seconds / 2));
        for (const design of ['lock', 'watermark'] as const) figures.push(combine(runs.filter((f) => f.design === design)));
      }
      for (const f of figures) {
        console.log(`${f.design.padEnd(9)} ${f.writers} writer(s), ${f.readers} readers: ${Math.round(f.writes / f.seconds).toLocaleString('en')} writes/s, ` +
          `CPU ${cpuUsPerWrite(f)} us/write (Node + Postgres${f.readers > 0 ? ', readers included' : ''}), p99 write ${p99Ms(f)} ms` +
          (f.readers > 0 ? `, ${Math.round(f.safePoints / f.seconds).toLocaleString('en')} safe points/s` : ''));
      }
      const at = (d: Design) => figures.find((f) => f.design === d && f.writers === 8 && f.readers > 0) as Figure;
      const lock = at('lock');
      const mark = at('watermark');
      const rate = (f: Figure) => f.writes / f.seconds;
      const met = rate(mark) >= rate(lock);
      console.log(`8 writers with readers: watermark/lock writes/s ratio ${(rate(mark) / rate(lock)).toFixed(2)} (p99 write ${p99Ms(mark)} vs ${p99Ms(lock)} ms); ` +
        `target: ratio >= 1: ${met ? 'MET' : 'NOT MET'}`);
      console.log(`load average at start ${load0}, at end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    } finally {
      await end();
      await db.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }
}
