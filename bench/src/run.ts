/**
 * `pnpm bench`: every suite, in order. Add a suite by importing it and listing it below.
 * `pnpm bench cds workstation` runs only the suites with those names (to re-measure one figure on a quiet machine).
 */
import type { BenchSuite } from './suite.ts';
import { storeBench } from './store.bench.ts';
import { cdsBench } from './cds.bench.ts';
import { cdsHooksBench } from './cds-hooks.bench.ts';
import { workstationBench } from './workstation.bench.ts';
import { fhirBench } from './fhir.bench.ts';
import { syncServerBench } from './sync-server.bench.ts';
import { mpiBench } from './mpi.bench.ts';
import { auditReportsBench } from './audit-reports.bench.ts';
import { pushGateBench } from './push-gate.bench.ts';
import { firstSyncBench } from './first-sync.bench.ts';
import { devicePushBench } from './device-push.bench.ts';
import { devicePushCpuBench } from './device-push-cpu.bench.ts';
import { auditedReadsBench } from './audited-reads.bench.ts';
import { auditIngestBench } from './audit-ingest.bench.ts';
import { changeFeedBench } from './change-feed.bench.ts';

const suites: BenchSuite[] = [storeBench, cdsBench, cdsHooksBench, workstationBench, fhirBench, syncServerBench, pushGateBench, mpiBench, auditReportsBench, auditedReadsBench, auditIngestBench, changeFeedBench, firstSyncBench, devicePushBench, devicePushCpuBench];

const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = only.filter((n) => !suites.some((s) => s.name === n));
if (unknown.length > 0) {
  process.stderr.write(`Unknown bench suite(s): ${unknown.join(', ')}. Known: ${suites.map((s) => s.name).join(', ')}\n`);
  process.exit(2);
}
for (const suite of suites) {
  if (only.length === 0 || only.includes(suite.name)) await suite.run();
}
