import type { HostOut } from '../host-contract.ts';

export type PatientListItem = HostOut['patients']['mine'][number];

/** patients.*: my patients, the unit census, search by name, MRN or date of birth. */
export interface PatientsApi {
  mine(): Promise<HostOut['patients']['mine']>;
  census(): Promise<HostOut['patients']['census']>;
  search(query: string): Promise<HostOut['patients']['search']>;
}
