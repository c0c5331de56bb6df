import type { WorkstationApi } from '@lantern/ui';
import type { HostClient } from '../host-client.ts';
import { call } from '../api-call.ts';

export const adminApi = (c: HostClient): WorkstationApi['admin'] => ({
  users: call((input: Parameters<WorkstationApi['admin']['users']>[0]) => c.admin.users.query(input)),
  createUser: call((input: Parameters<WorkstationApi['admin']['createUser']>[0]) => c.admin.createUser.mutate(input)),
  setUserActive: call((input: Parameters<WorkstationApi['admin']['setUserActive']>[0]) => c.admin.setUserActive.mutate(input)),
  unlockUser: call((input: Parameters<WorkstationApi['admin']['unlockUser']>[0]) => c.admin.unlockUser.mutate(input)),
  resetPassword: call((input: Parameters<WorkstationApi['admin']['resetPassword']>[0]) => c.admin.resetPassword.mutate(input)),
  setStaffIdentity: call((input: Parameters<WorkstationApi['admin']['setStaffIdentity']>[0]) => c.admin.setStaffIdentity.mutate(input)),
  findPatients: call((input: Parameters<WorkstationApi['admin']['findPatients']>[0]) => c.admin.findPatients.query(input)),
  whoCanSee: call((input: Parameters<WorkstationApi['admin']['whoCanSee']>[0]) => c.admin.whoCanSee.query(input)),
  assignCareTeam: call((input: Parameters<WorkstationApi['admin']['assignCareTeam']>[0]) => c.admin.assignCareTeam.mutate(input)),
  assignUnit: call((input: Parameters<WorkstationApi['admin']['assignUnit']>[0]) => c.admin.assignUnit.mutate(input)),
  units: call(() => c.admin.units.query()),
  devices: call(() => c.admin.devices.query()),
  setDeviceActive: call((input: Parameters<WorkstationApi['admin']['setDeviceActive']>[0]) => c.admin.setDeviceActive.mutate(input)),
  requestWipe: call((input: Parameters<WorkstationApi['admin']['requestWipe']>[0]) => c.admin.requestWipe.mutate(input)),
  policy: call(() => c.admin.policy.query()),
  setPolicy: call((input: Parameters<WorkstationApi['admin']['setPolicy']>[0]) => c.admin.setPolicy.mutate(input)),
});
