import type { WorkstationApi } from '@lantern/ui';
import type { HostClient } from '../host-client.ts';
import { call } from '../api-call.ts';

export const chartApi = (c: HostClient): WorkstationApi['chart'] => ({
  open: call((patientId: string, refresh?: boolean) => c.chart.open.mutate({ patientId, refresh: refresh ?? false })),
  lists: call((patientId: string) => c.chart.lists.query({ patientId })),
  observations: call((patientId: string) => c.chart.observations.query({ patientId })),
  note: call((patientId: string, noteId: string) => c.chart.note.query({ patientId, noteId })),
});
