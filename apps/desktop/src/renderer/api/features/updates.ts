import type { WorkstationApi } from '@lantern/ui';
import type { HostClient } from '../host-client.ts';
import { call } from '../api-call.ts';

export const updatesApi = (c: HostClient): NonNullable<WorkstationApi['updates']> => ({
  status: call(() => c.updates.status.query()),
  check: call(() => c.updates.check.mutate()),
  packages: call((input: Parameters<NonNullable<WorkstationApi['updates']>['packages']>[0]) => c.updates.packages.query(input)),
  setRollout: call((input: Parameters<NonNullable<WorkstationApi['updates']>['setRollout']>[0]) => c.updates.setRollout.mutate(input)),
});
