import type { WorkstationApi } from '@lantern/ui';
import type { HostClient } from '../host-client.ts';
import { call } from '../api-call.ts';

export const vitalsApi = (c: HostClient): WorkstationApi['vitals'] => ({
  record: call((input) => c.vitals.record.mutate(input)),
});
