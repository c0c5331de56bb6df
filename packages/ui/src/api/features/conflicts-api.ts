import type { HostIn, HostOut } from '../host-contract.ts';

export type ConflictChoice = HostIn['conflicts']['resolve']['choice'];

/** conflicts.*: the inbox, and a clinician's decision on one conflict. */
export interface ConflictsApi {
  list(patientId: string | null): Promise<HostOut['conflicts']['list']>;
  resolve(conflictId: string, choice: ConflictChoice): Promise<HostOut['conflicts']['resolve']>;
}
