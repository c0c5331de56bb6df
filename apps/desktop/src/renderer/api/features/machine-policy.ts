import type { WorkstationApi } from '@lantern/ui';
import type { HostClient } from '../host-client.ts';
import { call } from '../api-call.ts';

export const machinePolicyApi = (c: HostClient): NonNullable<WorkstationApi['machinePolicy']> => ({
  current: call(() => c.machinePolicy.current.query()),
});
