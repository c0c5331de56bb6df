import type { HostIn, HostOut } from '../host-contract.ts';

/** him.*: HIM review of suspected duplicates, merge and unmerge (online only, decided and audited on the server). */
export interface HimApi {
  duplicates(input: HostIn['him']['duplicates']): Promise<HostOut['him']['duplicates']>;
  merges(input: HostIn['him']['merges']): Promise<HostOut['him']['merges']>;
  merge(input: HostIn['him']['merge']): Promise<HostOut['him']['merge']>;
  unmerge(input: HostIn['him']['unmerge']): Promise<HostOut['him']['unmerge']>;
  markNotDuplicate(input: HostIn['him']['markNotDuplicate']): Promise<HostOut['him']['markNotDuplicate']>;
}

export type DuplicatePair = HostOut['him']['duplicates'][number];
export type ReviewPatient = DuplicatePair['a'];
export type MergeRecord = HostOut['him']['merges'][number];
