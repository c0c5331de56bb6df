import type { WorkstationApi } from '@lantern/ui';
import type { HostClient } from '../host-client.ts';
import { call } from '../api-call.ts';

export const resultsApi = (c: HostClient): WorkstationApi['results'] => ({
  count: call(() => c.results.count.query()),
  inbox: call(() => c.results.inbox.query()),
  forPatient: call((patientId: string) => c.results.forPatient.query({ patientId })),
  acknowledge: call((input) => c.results.acknowledge.mutate(input)),
});
