import type { HostIn, HostOut } from '../host-contract.ts';

/** privacy.*: the privacy officer's reports, alerts, break-glass reviews and audit integrity (online, computed and audited on the server). */
export interface PrivacyApi {
  findPatients(input: HostIn['privacy']['findPatients']): Promise<HostOut['privacy']['findPatients']>;
  users(): Promise<HostOut['privacy']['users']>;
  patientAccess(input: HostIn['privacy']['patientAccess']): Promise<HostOut['privacy']['patientAccess']>;
  userActivity(input: HostIn['privacy']['userActivity']): Promise<HostOut['privacy']['userActivity']>;
  exportAccess(input: HostIn['privacy']['exportAccess']): Promise<HostOut['privacy']['exportAccess']>;
  breakGlassQueue(input: HostIn['privacy']['breakGlassQueue']): Promise<HostOut['privacy']['breakGlassQueue']>;
  reviewBreakGlass(input: HostIn['privacy']['reviewBreakGlass']): Promise<HostOut['privacy']['reviewBreakGlass']>;
  alerts(input: HostIn['privacy']['alerts']): Promise<HostOut['privacy']['alerts']>;
  acknowledgeAlert(input: HostIn['privacy']['acknowledgeAlert']): Promise<HostOut['privacy']['acknowledgeAlert']>;
  setRestricted(input: HostIn['privacy']['setRestricted']): Promise<HostOut['privacy']['setRestricted']>;
  integrity(): Promise<HostOut['privacy']['integrity']>;
  overrideRates(input: HostIn['privacy']['overrideRates']): Promise<HostOut['privacy']['overrideRates']>;
  owedPurges(input: HostIn['privacy']['owedPurges']): Promise<HostOut['privacy']['owedPurges']>;
}

export type AccessRow = HostOut['privacy']['patientAccess']['rows'][number];
export type PatientLabel = HostOut['privacy']['findPatients'][number];
export type BreakGlassItem = HostOut['privacy']['breakGlassQueue'][number];
export type PrivacyAlert = HostOut['privacy']['alerts'][number];
export type UserActivity = HostOut['privacy']['userActivity'];
export type AuditIntegrity = HostOut['privacy']['integrity'];
export type OverrideRates = HostOut['privacy']['overrideRates'];
export type OwedPurgeDevice = HostOut['privacy']['owedPurges'][number];
export type AccessQueryInput = HostIn['privacy']['patientAccess'];
