import type { HostIn, HostOut } from '../host-contract.ts';

/** The clinician's unsigned orders for a patient as the host keeps them (null: none). */
export type StoredOrderDrafts = HostOut['orderSets']['drafts'];

/** orderSets.*: the draft basket, kept in the encrypted store so unsigned orders survive a lock or a restart. */
export interface OrderSetsApi {
  drafts(patientId: string): Promise<HostOut['orderSets']['drafts']>;
  /** An empty list discards the basket. */
  saveDrafts(input: HostIn['orderSets']['saveDrafts']): Promise<HostOut['orderSets']['saveDrafts']>;
  discardDrafts(patientId: string): Promise<HostOut['orderSets']['discardDrafts']>;
}
