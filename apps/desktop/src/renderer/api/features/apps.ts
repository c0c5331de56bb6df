import type { WorkstationApi } from '@lantern/ui';
import type { HostClient } from '../host-client.ts';
import { call } from '../api-call.ts';

export const appsApi = (c: HostClient): WorkstationApi['apps'] => ({
  launchable: call(() => c.apps.launchable.query()),
  launch: call((input: Parameters<WorkstationApi['apps']['launch']>[0]) => c.apps.launch.mutate(input)),
  clients: call(() => c.apps.clients.query()),
  registerClient: call((input: Parameters<WorkstationApi['apps']['registerClient']>[0]) => c.apps.registerClient.mutate(input)),
  setClientActive: call((input: Parameters<WorkstationApi['apps']['setClientActive']>[0]) => c.apps.setClientActive.mutate(input)),
});
