/**
 * Sync server write path: sync.push (batches of 100 updates, 20% three-way merged) and
 * audit.ingest (device chains in batches of 1,000), each beside raw INSERT baselines of the same
 * rows on the same durable embedded Postgres, with CPU per operation. Runs the server's own bench
 * (`apps/sync-server/src/bench/server-bench.ts`) in a child process and summarises its JSON.
 * Each is measured for one device pushing batch after batch and for 4 devices at once. Targets on
 * 2 cores: >= 5,000 mutations/s and >= 25,000 audit events/s.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchSuite } from './suite.ts';

const SERVER_DIR = fileURLToPath(new URL('../../apps/sync-server/', import.meta.url));

interface Cpu { nodeUsPer: number; postgresUsPer: number; capacityOn2CoresPerSecond: number }
interface Section { target: number; rawInsertRowsPerSecond: number; ratioToRaw: number; rawSameRowsPerSecond: number; ratioToRawSameRows: number; cpu: Cpu }
interface Output {
  loadAverageAtStart: number[];
  loadAverageAtEnd: number[];
  push?: Section & { mutationsPerSecond: number; merged: number };
  auditIngest?: Section & { eventsPerSecond: number };
  pushConcurrent?: Concurrent & { mutationsPerSecond: number };
  auditIngestConcurrent?: Concurrent & { eventsPerSecond: number };
}
interface Concurrent { devices: number; target: number; rawInsertRowsPerSecond: number; ratioToRaw: number; cpu: Cpu }

function runServerBench(): Promise<Output> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/bench/server-bench.ts', '--only=push,audit'], { cwd: SERVER_DIR, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      // The child prints its own error on stderr (inherited): this only says where it came from.
      if (code !== 0) reject(new Error(`sync-server bench (apps/sync-server/src/bench/server-bench.ts) failed with ${signal ?? `exit code ${String(code)}`}; its error is printed above`));
      else if (!out.includes('{')) reject(new Error('sync-server bench printed no result'));
      else resolve(JSON.parse(out.slice(out.indexOf('{'))) as Output);
    });
  });
}

const line = (what: string, rate: number, unit: string, s: Section) =>
  `${what}: ${rate.toLocaleString('en')} ${unit}/s; raw INSERT ${s.rawInsertRowsPerSecond.toLocaleString('en')} rows/s (ratio ${s.ratioToRaw}), ` +
  `same rows into copies of the real tables ${s.rawSameRowsPerSecond.toLocaleString('en')}/s (ratio ${s.ratioToRawSameRows}); ` +
  `target >= ${s.target.toLocaleString('en')}: ${rate >= s.target ? 'MET' : 'NOT MET'}\n` +
  `  CPU per item: Node ${s.cpu.nodeUsPer} us (server + bench client) + Postgres ${s.cpu.postgresUsPer} us = capacity ~${s.cpu.capacityOn2CoresPerSecond.toLocaleString('en')}/s on 2 dedicated cores`;

const concurrentLine = (what: string, rate: number, unit: string, s: Concurrent) =>
  `${what}, ${s.devices} devices at once: ${rate.toLocaleString('en')} ${unit}/s; raw INSERT from ${s.devices} connections ${s.rawInsertRowsPerSecond.toLocaleString('en')} rows/s (ratio ${s.ratioToRaw}); ` +
  `target >= ${s.target.toLocaleString('en')}: ${rate >= s.target ? 'MET' : 'NOT MET'}\n` +
  `  CPU per item: Node ${s.cpu.nodeUsPer} us + Postgres ${s.cpu.postgresUsPer} us = capacity ~${s.cpu.capacityOn2CoresPerSecond.toLocaleString('en')}/s on 2 dedicated cores`;

export const syncServerBench: BenchSuite = {
  name: 'sync-server',
  async run() {
    console.log('\n== Sync server push and audit ingest (embedded Postgres, durable) ==');
    const r = await runServerBench();
    if (r.push !== undefined) console.log(line(`push (batches of 100, ${r.push.merged} merged)`, r.push.mutationsPerSecond, 'mutations', r.push));
    if (r.pushConcurrent !== undefined) console.log(concurrentLine('push', r.pushConcurrent.mutationsPerSecond, 'mutations', r.pushConcurrent));
    if (r.auditIngest !== undefined) console.log(line('audit ingest (batches of 1,000)', r.auditIngest.eventsPerSecond, 'events', r.auditIngest));
    if (r.auditIngestConcurrent !== undefined) console.log(concurrentLine('audit ingest', r.auditIngestConcurrent.eventsPerSecond, 'events', r.auditIngestConcurrent));
    console.log(`load average at start ${r.loadAverageAtStart.join(' ')}, at end ${r.loadAverageAtEnd.join(' ')}`);
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) await syncServerBench.run();
