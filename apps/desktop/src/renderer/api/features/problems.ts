import type { WorkstationApi } from '@lantern/ui';
import type { HostClient } from '../host-client.ts';
import { call } from '../api-call.ts';

export const problemsApi = (c: HostClient): WorkstationApi['problems'] => ({
  add: call((input) => c.problems.add.mutate(input)),
  change: call((input) => c.problems.change.mutate(input)),
});
