import type { HostOut } from '../host-contract.ts';

/** breakGlass.*: time-boxed access to a patient outside the user's scope, with a stated reason. */
export interface BreakGlassApi {
  request(patientId: string, reason: string): Promise<HostOut['breakGlass']['request']>;
  /** `ready`: the chart has arrived in the local store. */
  active(patientId: string): Promise<HostOut['breakGlass']['active']>;
}
