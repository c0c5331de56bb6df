/**
 * `pnpm bench audited-reads`: how many audited reads per second one database sustains with 1 and
 * with 8 concurrent clients, i.e. whether audited reads wait on one another (the central audit
 * chain used to be one hash chain behind one lock; it is now partitioned, see
 * apps/sync-server/src/db/audit-log.ts). Two figures per concurrency:
 * - FHIR: `GET /fhir/R4/{type}/{id}` over loopback HTTP by a signed-in physician, each decided by the
 *   access policy and audited before any PHI is sent (the server's group commit included);
 * - database: one transaction per read (read the row, append its audit event, commit), as several
 *   app servers on one Postgres would run them; this isolates the chain's locking.
 * The FHIR figure is measured twice on the same server: "before", with the FHIR audit group commit
 * flushing one batch at a time (as it did), and "after", with up to MAX_FLUSHES batches committing
 * at once on separate chains (fhir/audit-batcher.ts).
 * Target: 8 clients give at least 2x the 1-client rate on the database figure (no global lock;
 * 2 cores), never fewer reads/s than 1 client, and the parallel group commit at least as many
 * reads/s with 8 clients as the serial one.
 * Small run: AUDITED_READS_SECONDS=2 pnpm bench audited-reads (default 8 s per figure).
 */
import http from 'node:http';
import { loadavg } from 'node:os';
import type { BenchSuite } from './suite.ts';
import { forkBenchServer } from './bench-server.ts';
import { deviceLogin } from './device-login.ts';
import { MAX_FLUSHES } from '../../apps/sync-server/src/fhir/audit-batcher.ts';

const SECONDS = Number(process.env['AUDITED_READS_SECONDS'] ?? 8);
const MAX_READS = 200_000;
const SCALE_TARGET = 2;

interface Child { url: string }
interface DbResult { clients: number; reads: number; seconds: number }

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function get(url: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent, headers: { accept: 'application/fhir+json', authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function httpRun(base: string, token: string, paths: string[], clients: number, seconds: number): Promise<{ reads: number; seconds: number; errors: number }> {
  const deadline = performance.now() + seconds * 1000;
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline && next < MAX_READS) {
      const path = paths[next % paths.length] as string;
      next += 1;
      if ((await get(`${base}${path}`, token)).status !== 200) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  return { reads: next, seconds: (performance.now() - started) / 1000, errors };
}

export const auditedReadsBench: BenchSuite = {
  name: 'audited-reads',
  async run() {
    console.log(`\n== Audited reads, 1 vs 8 concurrent clients (server in its own process, embedded Postgres, durable; ${SECONDS} s per figure) ==`);
    const { info, child, stop } = await forkBenchServer<Child>(new URL('./audited-reads.child.ts', import.meta.url));
    const dbRun = (clients: number): Promise<DbResult> => new Promise((resolve, reject) => {
      const onMessage = (m: unknown): void => {
        if (typeof m !== 'object' || m === null) return;
        child.off('message', onMessage);
        if ('dbResult' in m) resolve((m as { dbResult: DbResult }).dbResult);
        else reject(new Error(String((m as { dbError?: unknown }).dbError ?? 'db run failed')));
      };
      child.on('message', onMessage);
      child.send({ dbRun: { clients, seconds: SECONDS, maxReads: MAX_READS } });
    });
    const setFlushes = (flushes: number): Promise<void> => new Promise((resolve) => {
      const onMessage = (m: unknown): void => {
        if (typeof m !== 'object' || m === null || !('flushesSet' in m)) return;
        child.off('message', onMessage);
        resolve();
      };
      child.on('message', onMessage);
      child.send({ flushes });
    });
    try {
      const base = `${info.url}/fhir/R4`;
      const token = await deviceLogin(info.url, 'dr.ada');
      const found = await get(`${base}/Condition?_count=200`, token);
      const entries = (JSON.parse(found.body) as { entry?: { resource: { resourceType: string; id: string; subject: { reference: string } } }[] }).entry ?? [];
      const paths = [...new Set(entries.flatMap((e) => [`/${e.resource.resourceType}/${e.resource.id}`, `/${e.resource.subject.reference}`]))];
      if (paths.length === 0) throw new Error('no readable resources found');
      await httpRun(base, token, paths, 4, 1); // warm-up
      const rate = (r: { reads: number; seconds: number }) => r.reads / r.seconds;
      // Before and after alternate (before, after, after, before: half the time each) so that a
      // change in the machine's load during the run weighs on both alike.
      const abba = async (clients: number) => {
        const sum = (a: Awaited<ReturnType<typeof httpRun>>, b: Awaited<ReturnType<typeof httpRun>>) => ({ reads: a.reads + b.reads, seconds: a.seconds + b.seconds, errors: a.errors + b.errors });
        await setFlushes(1);
        const b1 = await httpRun(base, token, paths, clients, SECONDS / 2);
        await setFlushes(MAX_FLUSHES);
        const a1 = await httpRun(base, token, paths, clients, SECONDS / 2);
        const a2 = await httpRun(base, token, paths, clients, SECONDS / 2);
        await setFlushes(1);
        const b2 = await httpRun(base, token, paths, clients, SECONDS / 2);
        await setFlushes(MAX_FLUSHES);
        return { before: sum(b1, b2), after: sum(a1, a2) };
      };
      const one = await abba(1);
      const eight = await abba(8);
      const [b1, b8, h1, h8] = [one.before, eight.before, one.after, eight.after];
      const d1 = await dbRun(1);
      const d8 = await dbRun(8);
      const line = (what: string, a: number, b: number, target: boolean) => console.log(
        `${what}: 1 client ${Math.round(a)} reads/s, 8 clients ${Math.round(b)} reads/s = x${(b / a).toFixed(2)}${target ? `; target x>=${SCALE_TARGET}: ${b / a >= SCALE_TARGET ? 'MET' : 'NOT MET'}` : '; target: 8 clients >= 1 client: ' + (b >= a ? 'MET' : 'NOT MET')}`);
      line(`before: audited FHIR reads over HTTP, group commit one batch at a time (errors ${b1.errors + b8.errors})`, rate(b1), rate(b8), false);
      line(`after: audited FHIR reads over HTTP, up to ${MAX_FLUSHES} batches at once on separate chains (errors ${h1.errors + h8.errors})`, rate(h1), rate(h8), false);
      console.log(`  after/before with 8 clients: x${(rate(h8) / rate(b8)).toFixed(2)}; with 1 client: x${(rate(h1) / rate(b1)).toFixed(2)}`);
      line('audited read transactions on the database (one append per read)', rate(d1), rate(d8), true);
      console.log(`  (load average now ${loadavg()[0]?.toFixed(1) ?? '?'}; figures on a shared machine are indicative)`);
    } finally {
      await stop();
    }
  },
};
