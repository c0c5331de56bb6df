/**
 * Privacy reports on a large audit log: 10 million audit events (one year, 100,000 patients, 2,000
 * users); the patient access report for one patient and a year (target p95 < 200 ms) and the user
 * activity report (target p95 < 500 ms), with storage per million events. Runs the server's script
 * (`apps/sync-server/src/privacy/reports-bench.ts`) in a child process on its own temporary embedded
 * Postgres. `AUDIT_BENCH_EVENTS` lowers the count on a busy machine.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchSuite } from './suite.ts';

const SERVER_DIR = fileURLToPath(new URL('../../apps/sync-server/', import.meta.url));

interface Timing { medianMs: number; p95Ms: number; rowsPerRun: number; targetP95Ms: number }
interface Output {
  events: number;
  generateSeconds: number;
  storageMiBPerMillion: { total: number; heap: number };
  patientAccessYear: Timing;
  userActivityMonth: Timing;
  userActivityYear: Timing;
}

function runReportsBench(): Promise<Output> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/privacy/reports-bench.ts', ...(process.env['AUDIT_BENCH_EVENTS'] === undefined ? [] : [`--events=${process.env['AUDIT_BENCH_EVENTS']}`])], { cwd: SERVER_DIR, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`audit reports bench exited with ${String(code)}`));
      else resolve(JSON.parse(out.slice(out.indexOf('{'))) as Output);
    });
  });
}

const line = (what: string, t: Timing) =>
  `${what}: median ${t.medianMs} ms, p95 ${t.p95Ms} ms (${t.rowsPerRun} rows); target p95 < ${t.targetP95Ms} ms: ${t.p95Ms < t.targetP95Ms ? 'MET' : 'NOT MET'}`;

export const auditReportsBench: BenchSuite = {
  name: 'audit-reports',
  async run() {
    console.log('\n== Privacy reports on a large audit log ==');
    const r = await runReportsBench();
    console.log(`${r.events.toLocaleString('en')} audit events generated in ${r.generateSeconds} s; storage ${r.storageMiBPerMillion.total} MiB per million events (heap ${r.storageMiBPerMillion.heap} MiB, the rest indexes)`);
    console.log(line('patient access report, one patient, one year', r.patientAccessYear));
    console.log(line('user activity report, one user, one month', r.userActivityMonth));
    console.log(line('user activity report, one user, one year', r.userActivityYear));
  },
};
