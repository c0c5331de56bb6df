import type { WorkstationApi } from '@lantern/ui';
import type { HostClient } from '../host-client.ts';
import { call } from '../api-call.ts';

export const breakGlassApi = (c: HostClient): WorkstationApi['breakGlass'] => ({
  request: call((patientId: string, reason: string) => c.breakGlass.request.mutate({ patientId, reason })),
  active: call((patientId: string) => c.breakGlass.active.query({ patientId })),
});
