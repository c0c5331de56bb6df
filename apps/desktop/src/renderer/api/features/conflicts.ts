import type { WorkstationApi } from '@lantern/ui';
import type { HostClient } from '../host-client.ts';
import { call } from '../api-call.ts';

export const conflictsApi = (c: HostClient): WorkstationApi['conflicts'] => ({
  list: call((patientId: string | null) => c.conflicts.list.query({ patientId })),
  resolve: call((conflictId: string, choice) => c.conflicts.resolve.mutate({ conflictId, choice })),
});
