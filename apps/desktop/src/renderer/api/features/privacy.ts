import type { WorkstationApi } from '@lantern/ui';
import type { HostClient } from '../host-client.ts';
import { call } from '../api-call.ts';

export const privacyApi = (c: HostClient): WorkstationApi['privacy'] => ({
  findPatients: call((input: Parameters<WorkstationApi['privacy']['findPatients']>[0]) => c.privacy.findPatients.query(input)),
  users: call(() => c.privacy.users.query()),
  patientAccess: call((input: Parameters<WorkstationApi['privacy']['patientAccess']>[0]) => c.privacy.patientAccess.query(input)),
  userActivity: call((input: Parameters<WorkstationApi['privacy']['userActivity']>[0]) => c.privacy.userActivity.query(input)),
  exportAccess: call((input: Parameters<WorkstationApi['privacy']['exportAccess']>[0]) => c.privacy.exportAccess.mutate(input)),
  breakGlassQueue: call((input: Parameters<WorkstationApi['privacy']['breakGlassQueue']>[0]) => c.privacy.breakGlassQueue.query(input)),
  reviewBreakGlass: call((input: Parameters<WorkstationApi['privacy']['reviewBreakGlass']>[0]) => c.privacy.reviewBreakGlass.mutate(input)),
  alerts: call((input: Parameters<WorkstationApi['privacy']['alerts']>[0]) => c.privacy.alerts.query(input)),
  acknowledgeAlert: call((input: Parameters<WorkstationApi['privacy']['acknowledgeAlert']>[0]) => c.privacy.acknowledgeAlert.mutate(input)),
  setRestricted: call((input: Parameters<WorkstationApi['privacy']['setRestricted']>[0]) => c.privacy.setRestricted.mutate(input)),
  integrity: call(() => c.privacy.integrity.query()),
  overrideRates: call((input: Parameters<WorkstationApi['privacy']['overrideRates']>[0]) => c.privacy.overrideRates.query(input)),
  owedPurges: call((input: Parameters<WorkstationApi['privacy']['owedPurges']>[0]) => c.privacy.owedPurges.query(input)),
});
