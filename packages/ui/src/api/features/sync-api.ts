import type { HostOut } from '../host-contract.ts';

/** sync.*: the always-visible status, and "sync now". */
export interface SyncApi {
  status(): Promise<HostOut['sync']['status']>;
  now(): Promise<HostOut['sync']['now']>;
}
