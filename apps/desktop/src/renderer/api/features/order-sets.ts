import type { WorkstationApi } from '@lantern/ui';
import type { HostClient } from '../host-client.ts';
import { call } from '../api-call.ts';

export const orderSetsApi = (c: HostClient): WorkstationApi['orderSets'] => ({
  drafts: call((patientId: string) => c.orderSets.drafts.query({ patientId })),
  saveDrafts: call((input) => c.orderSets.saveDrafts.mutate(input)),
  discardDrafts: call((patientId: string) => c.orderSets.discardDrafts.mutate({ patientId })),
});
