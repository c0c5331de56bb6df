import type { WorkstationApi } from '@lantern/ui';
import type { HostClient } from '../host-client.ts';
import { call } from '../api-call.ts';

export const patientsApi = (c: HostClient): WorkstationApi['patients'] => ({
  mine: call(() => c.patients.mine.query()),
  census: call(() => c.patients.census.query()),
  search: call((query: string) => c.patients.search.query({ query })),
});
