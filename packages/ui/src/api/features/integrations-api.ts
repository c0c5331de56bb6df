import type { HostIn, HostOut } from '../host-contract.ts';

/** integrations.*: rest-hook subscriptions and their delivery state (online, on the server; ids only). */
export interface IntegrationsApi {
  subscriptions(): Promise<HostOut['integrations']['subscriptions']>;
  deliveries(input: HostIn['integrations']['deliveries']): Promise<HostOut['integrations']['deliveries']>;
  retryDelivery(input: HostIn['integrations']['retryDelivery']): Promise<HostOut['integrations']['retryDelivery']>;
}

export type SubscriptionSummary = HostOut['integrations']['subscriptions'][number];
export type SubscriptionDelivery = HostOut['integrations']['deliveries'][number];
