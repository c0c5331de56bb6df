import type { HostIn, HostOut } from '../host-contract.ts';

export interface RegistrationApi {
  /** Tops up this workstation's provisional MRN range when online; how many are left. */
  prepare(): Promise<HostOut['registration']['prepare']>;
  /** Patients in the workstation's store who may be the person being registered, best first. */
  check(input: HostIn['registration']['check']): Promise<HostOut['registration']['check']>;
  /** Registers the patient (offline too): its id and provisional MRN. */
  register(input: HostIn['registration']['register']): Promise<HostOut['registration']['register']>;
}

export type LikelyMatch = HostOut['registration']['check'][number];
