/**
 * The first-sync bench's workstation host, in its own process so its peak RSS (VmHWM) is its own:
 * the real host (createHost: encrypted store, session, sync loop) on an EMPTY data directory signs
 * in online and syncs the whole scope. While the sync runs, a 50 ms poll asks the store whether one
 * of the user's own patients is complete (its resource count equals the server's) and then opens its
 * full chart: that moment is "first usable chart". Then the heavy chart is opened repeatedly.
 * Receives `{ url, own, heavy }`, sends the figures, then waits for 'exit' (the parent reads
 * /proc/<pid>/status first).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHost } from '@lantern/desktop/serve';
import { LocalStore } from '../../apps/desktop/src/host/store/local-store.ts';

interface Job {
  url: string;
  own: { id: string; resources: number }[];
  heavy: { id: string; resources: number };
}

const job = await new Promise<Job>((resolve) => process.once('message', (m) => resolve(m as Job)));
const dir = mkdtempSync(join(tmpdir(), 'lantern-first-sync-host-'));
const host = await createHost({ dataDir: dir, serverUrl: job.url, syncIntervalMs: 3_600_000, autoLockMs: 3_600_000 });
const { store, session, sync } = host.services;
if (!(store instanceof LocalStore)) throw new Error('the host did not open a LocalStore');
const countOf = (id: string): number => store.db.get<{ n: number }>('SELECT count(*) AS n FROM resources WHERE patient_id = ?', id)?.n ?? 0;

const t0 = performance.now();
const cpu0 = process.cpuUsage();
let firstChartMs: number | null = null;
let firstChartOpenMs = 0;
// Where the peak resident set goes (sampled with the poll): V8 heap, Buffers and other memory outside it
// (SQLite's page cache, code), so a peak over the target says which side to shrink.
let peak = { rssMb: 0, heapMb: 0, externalMb: 0 };
const mb = (n: number): number => Math.round(n / 1048576);
const samplePeak = (): void => {
  const m = process.memoryUsage();
  if (mb(m.rss) > peak.rssMb) peak = { rssMb: mb(m.rss), heapMb: mb(m.heapTotal), externalMb: mb(m.external) };
};
const poll = setInterval(() => {
  samplePeak();
  if (firstChartMs !== null) return;
  for (const p of job.own) {
    if (p.resources === 0 || countOf(p.id) < p.resources) continue;
    const t = performance.now();
    const chart = store.openChart(p.id);
    if (!chart.ok) continue;
    firstChartOpenMs = performance.now() - t;
    firstChartMs = performance.now() - t0;
    return;
  }
}, 50);

await session.signIn('dr.ada', 'lantern-demo');
const signInMs = performance.now() - t0;
// Sign-in kicked the first cycle; this waits for it (and runs one short incremental cycle after it).
// A cycle cut short (a page over the host's request timeout on a loaded machine) resumes from the
// stored cursor, as it would at the next interval: the retries are counted.
await sync.runOnce();
let retries = 0;
while ((await sync.status()).lastError !== null && retries < 20) {
  retries += 1;
  await sync.runOnce();
}
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
clearInterval(poll);
const status = await sync.status();
const resources = store.db.get<{ n: number }>('SELECT count(*) AS n FROM resources')?.n ?? 0;

const opens: number[] = [];
for (let i = 0; i < 7; i++) {
  const t = performance.now();
  const chart = store.openChart(job.heavy.id);
  if (!chart.ok) throw chart.error;
  opens.push(performance.now() - t);
}
opens.sort((a, b) => a - b);
const heavyInStore = countOf(job.heavy.id);
store.checkpoint();
const size = (f: string): number => {
  try {
    return statSync(join(dir, f)).size;
  } catch {
    return 0;
  }
};
const storeBytes = size('store.db') + size('store.db-wal');

process.send?.({
  wallMs, retries, signInMs, firstChartMs, firstChartOpenMs, resources, storeBytes, lastError: status.lastError,
  heavyOpenMs: opens[Math.floor(opens.length / 2)] ?? NaN, heavyInStore, cpuMs: (cpu.user + cpu.system) / 1000, peak,
});
process.on('message', (m) => {
  if (m !== 'exit') return;
  void host.close().finally(() => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
});
