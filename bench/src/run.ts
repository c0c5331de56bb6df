/** `pnpm bench`: every suite, in order. Add a suite by importing it and listing it below. */
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

const suites: BenchSuite[] = [storeBench, cdsBench, cdsHooksBench, workstationBench, fhirBench, syncServerBench, pushGateBench, mpiBench, auditReportsBench];

for (const suite of suites) {
  await suite.run();
}
