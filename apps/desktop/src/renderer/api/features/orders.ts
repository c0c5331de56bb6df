import type { WorkstationApi } from '@lantern/ui';
import type { HostClient } from '../host-client.ts';
import { call } from '../api-call.ts';

export const ordersApi = (c: HostClient): WorkstationApi['orders'] => ({
  knowledgeBase: call(() => c.orders.knowledgeBase.query()),
  cards: call((patientId: string, drafts) => c.orders.cards.query({ patientId, drafts: [...drafts], hook: 'order-sign', selected: [] })),
  applySuggestion: call((patientId: string, drafts, cardUuid: string, suggestionUuid: string) => c.orders.applySuggestion.mutate({ patientId, drafts: [...drafts], cardUuid, suggestionUuid })),
  sign: call((patientId: string, drafts, overrides, password: string) => c.orders.sign.mutate({ patientId, drafts: [...drafts], overrides: [...overrides], password })),
  previewChange: call((patientId: string, orderId: string, change) => c.orders.previewChange.query({ patientId, orderId, change })),
  signChange: call((patientId: string, orderId: string, change, overrides, password: string) => c.orders.signChange.mutate({ patientId, orderId, change, overrides: [...overrides], password })),
  setStatus: call((patientId: string, orderId: string, to, reason?: string) => c.orders.setStatus.mutate({ patientId, orderId, to, ...(reason === undefined ? {} : { reason }) })),
});
