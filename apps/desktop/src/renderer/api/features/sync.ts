import type { WorkstationApi } from '@lantern/ui';
import type { HostClient } from '../host-client.ts';
import { call } from '../api-call.ts';

export const syncApi = (c: HostClient): WorkstationApi['sync'] => ({
  status: call(() => c.sync.status.query()),
  now: call(() => c.sync.now.mutate()),
});
