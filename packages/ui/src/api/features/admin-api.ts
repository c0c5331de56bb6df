import type { HostIn, HostOut } from '../host-contract.ts';

/** admin.*: accounts, care teams and units, devices and the workstation policy (online, audited on the server; no clinical content). */
export interface AdminApi {
  users(input: HostIn['admin']['users']): Promise<HostOut['admin']['users']>;
  createUser(input: HostIn['admin']['createUser']): Promise<HostOut['admin']['createUser']>;
  setUserActive(input: HostIn['admin']['setUserActive']): Promise<HostOut['admin']['setUserActive']>;
  unlockUser(input: HostIn['admin']['unlockUser']): Promise<HostOut['admin']['unlockUser']>;
  resetPassword(input: HostIn['admin']['resetPassword']): Promise<HostOut['admin']['resetPassword']>;
  setStaffIdentity(input: HostIn['admin']['setStaffIdentity']): Promise<HostOut['admin']['setStaffIdentity']>;
  findPatients(input: HostIn['admin']['findPatients']): Promise<HostOut['admin']['findPatients']>;
  whoCanSee(input: HostIn['admin']['whoCanSee']): Promise<HostOut['admin']['whoCanSee']>;
  assignCareTeam(input: HostIn['admin']['assignCareTeam']): Promise<HostOut['admin']['assignCareTeam']>;
  assignUnit(input: HostIn['admin']['assignUnit']): Promise<HostOut['admin']['assignUnit']>;
  units(): Promise<HostOut['admin']['units']>;
  devices(): Promise<HostOut['admin']['devices']>;
  setDeviceActive(input: HostIn['admin']['setDeviceActive']): Promise<HostOut['admin']['setDeviceActive']>;
  requestWipe(input: HostIn['admin']['requestWipe']): Promise<HostOut['admin']['requestWipe']>;
  policy(): Promise<HostOut['admin']['policy']>;
  setPolicy(input: HostIn['admin']['setPolicy']): Promise<HostOut['admin']['setPolicy']>;
}

export type DirectoryUser = HostOut['admin']['users'][number];
export type AdminDevice = HostOut['admin']['devices'][number];
export type WhoCanSee = HostOut['admin']['whoCanSee'][number];
export type WorkstationPolicy = HostOut['admin']['policy'];
export type UnitSummary = HostOut['admin']['units'][number];
