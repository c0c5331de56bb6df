import type { WorkstationApi } from '@lantern/ui';
import type { HostClient } from '../host-client.ts';
import { call } from '../api-call.ts';

export const allergiesApi = (c: HostClient): WorkstationApi['allergies'] => ({
  add: call((input) => c.allergies.add.mutate(input)),
});
