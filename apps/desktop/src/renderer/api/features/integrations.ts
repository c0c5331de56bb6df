import type { WorkstationApi } from '@lantern/ui';
import type { HostClient } from '../host-client.ts';
import { call } from '../api-call.ts';

export const integrationsApi = (c: HostClient): WorkstationApi['integrations'] => ({
  subscriptions: call(() => c.integrations.subscriptions.query()),
  deliveries: call((input: Parameters<WorkstationApi['integrations']['deliveries']>[0]) => c.integrations.deliveries.query(input)),
  retryDelivery: call((input: Parameters<WorkstationApi['integrations']['retryDelivery']>[0]) => c.integrations.retryDelivery.mutate(input)),
});
