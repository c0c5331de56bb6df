import type { HostIn, HostOut } from '../host-contract.ts';

export interface AllergiesApi {
  /** Records the allergy and returns the drug-allergy cards it raises against the patient's active orders. */
  add(input: HostIn['allergies']['add']): Promise<HostOut['allergies']['add']>;
}
