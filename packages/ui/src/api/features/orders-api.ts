import type { HostIn, HostOut } from '../host-contract.ts';

type DraftOrders = HostIn['orders']['cards']['drafts'];
/** The CDS knowledge base against the host's clock: stale past its review-by date. */
export type KnowledgeBaseStatus = HostOut['orders']['knowledgeBase'];
/** A change of a held medication order that goes through the sign flow. */
export type OrderChange = HostIn['orders']['previewChange']['change'];
export type OrderOverride = HostIn['orders']['sign']['overrides'][number];
/** The changed order as it would be signed, its cards, and what no override reason can fix. */
export type OrderChangePreview = HostOut['orders']['previewChange'];

/** orders.*: CDS on select and on sign, signing new orders and changes, status changes. */
export interface OrdersApi {
  knowledgeBase(): Promise<KnowledgeBaseStatus>;
  cards(patientId: string, drafts: Readonly<DraftOrders>): Promise<HostOut['orders']['cards']>;
  applySuggestion(patientId: string, drafts: Readonly<DraftOrders>, cardUuid: string, suggestionUuid: string): Promise<HostOut['orders']['applySuggestion']>;
  /** Signs new orders; the password confirms the signature. */
  sign(patientId: string, drafts: Readonly<DraftOrders>, overrides: readonly OrderOverride[], password: string): Promise<HostOut['orders']['sign']>;
  previewChange(patientId: string, orderId: string, change: OrderChange): Promise<OrderChangePreview>;
  /** Signs a dose change or a re-activation through the same flow as a new order. */
  signChange(patientId: string, orderId: string, change: OrderChange, overrides: readonly OrderOverride[], password: string): Promise<HostOut['orders']['signChange']>;
  setStatus(patientId: string, orderId: string, to: HostIn['orders']['setStatus']['to'], reason?: string): Promise<HostOut['orders']['setStatus']>;
}
